/**
 * TLS from `--web.config.file`, with certificates made by openssl for the
 * test, against the Go pushgateway and ours with the same file: every
 * client-auth mode with no, a trusted and an untrusted client certificate,
 * version and cipher restrictions, plain HTTP sent to the TLS port, basic
 * auth over TLS, and certificates and settings changed while running
 * (both read them again for every connection).
 */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GoPushgateway, startGoPushgateway } from '../support/go-pushgateway.js';
import { send } from '../support/raw-http.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { generateCertificates, type TestCertificates } from './support/certificates.js';
import { type HttpsRequest, httpsSend, statusOf } from './support/https-client.js';
import { basicAuth, hashPassword, type TempDir, tempDir } from './support/web-config-files.js';

let dir: TempDir;
let certs: TestCertificates;
let go: GoPushgateway;
let ours: TestGateway;
let goPort: number;
let ourPort: number;

const serverOnly = () => `
tls_server_config:
  cert_file: server.crt
  key_file: server.key
`;

function writeConfig(yaml: string): void {
  dir.write('web.yml', yaml);
}

beforeAll(async () => {
  dir = tempDir();
  certs = generateCertificates(dir.path);
  writeConfig(serverOnly());
  const flag = `--web.config.file=${dir.path}/web.yml`;
  go = await startGoPushgateway([flag]);
  ours = await startTestGateway([flag]);
  goPort = Number(new URL(go.base).port);
  ourPort = Number(new URL(ours.base).port);
});

afterAll(async () => {
  await Promise.all([go?.close(), ours?.close()]);
  dir?.remove();
});

type Client = Omit<HttpsRequest, 'port'>;

/** Sends `request` to both over TLS and expects the same status (or both failing). */
async function expectSame(request: Client): Promise<number | 'failed'> {
  const fromGo = statusOf(await httpsSend({ ...request, port: goPort }));
  const fromOurs = statusOf(await httpsSend({ ...request, port: ourPort }));
  const name = JSON.stringify({ ...request, ca: undefined });
  expect({ name, status: fromOurs }).toEqual({ name, status: fromGo });
  return fromOurs;
}

describe('TLS as the Go pushgateway serves it', () => {
  it('serves HTTPS with the configured certificate and logs that TLS is enabled', async () => {
    expect(await expectSame({ ca: certs.caCert })).toBe(200);
    expect(ours.logs.join('')).toMatch(/TLS is enabled\./);
    // A client that does not trust the CA fails the handshake.
    expect(await expectSame({ ca: certs.rogueCert })).toBe('failed');
  });

  it('answers plain HTTP on the TLS port with Go’s 400', async () => {
    const fromGo = await send(go.base, { path: '/-/healthy' });
    const fromOurs = await send(ours.base, { path: '/-/healthy' });
    expect({ status: fromOurs.status, text: fromOurs.text }).toEqual({
      status: fromGo.status,
      text: fromGo.text,
    });
    expect(fromOurs.status).toBe(400);
    expect(fromOurs.text).toBe('Client sent an HTTP request to an HTTPS server.\n');
  });

  it('enforces every client_auth_type as Go does', async () => {
    const modes = [
      'NoClientCert',
      'RequestClientCert',
      'RequireAnyClientCert',
      'RequireClientCert',
      'VerifyClientCertIfGiven',
      'RequireAndVerifyClientCert',
    ];
    const clients: Record<string, Client> = {
      none: { ca: certs.caCert },
      trusted: { ca: certs.caCert, cert: certs.clientCert, key: certs.clientKey },
      untrusted: { ca: certs.caCert, cert: certs.rogueCert, key: certs.rogueKey },
    };
    const table: Record<string, Record<string, number | 'failed'>> = {};
    for (const mode of modes) {
      const ca = mode === 'NoClientCert' ? '' : '  client_ca_file: ca.crt\n';
      writeConfig(`${serverOnly()}  client_auth_type: ${mode}\n${ca}`);
      table[mode] = {};
      for (const [name, client] of Object.entries(clients)) {
        const row = table[mode];
        if (row) row[name] = await expectSame(client);
      }
    }
    expect(table).toEqual({
      NoClientCert: { none: 200, trusted: 200, untrusted: 200 },
      RequestClientCert: { none: 200, trusted: 200, untrusted: 200 },
      RequireAnyClientCert: { none: 'failed', trusted: 200, untrusted: 200 },
      RequireClientCert: { none: 'failed', trusted: 200, untrusted: 200 },
      VerifyClientCertIfGiven: { none: 200, trusted: 200, untrusted: 'failed' },
      RequireAndVerifyClientCert: { none: 'failed', trusted: 200, untrusted: 'failed' },
    });
  });

  it('applies min_version, max_version and cipher_suites', async () => {
    writeConfig(`${serverOnly()}  min_version: TLS13\n`);
    expect(await expectSame({ ca: certs.caCert, maxVersion: 'TLSv1.2' })).toBe('failed');
    expect(await expectSame({ ca: certs.caCert, minVersion: 'TLSv1.3' })).toBe(200);

    writeConfig(`${serverOnly()}  max_version: TLS12\n`);
    expect(await expectSame({ ca: certs.caCert, minVersion: 'TLSv1.3' })).toBe('failed');
    expect(await expectSame({ ca: certs.caCert })).toBe(200);

    writeConfig(
      `${serverOnly()}  max_version: TLS12\n  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]\n`,
    );
    expect(await expectSame({ ca: certs.caCert, ciphers: 'ECDHE-ECDSA-AES256-GCM-SHA384' })).toBe('failed');
    expect(await expectSame({ ca: certs.caCert, ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' })).toBe(200);
    // TLS 1.3 suites cannot be restricted (in Go either): a 1.3 client still gets in.
    writeConfig(`${serverOnly()}  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]\n`);
    expect(await expectSame({ ca: certs.caCert, minVersion: 'TLSv1.3' })).toBe(200);
  });

  it('combines TLS with basic auth', async () => {
    writeConfig(`${serverOnly()}basic_auth_users:\n  alice: '${hashPassword('secret')}'\n`);
    expect(await expectSame({ ca: certs.caCert })).toBe(401);
    const alice = { Authorization: basicAuth('alice', 'secret') };
    expect(await expectSame({ ca: certs.caCert, headers: alice })).toBe(200);
    expect(
      await expectSame({
        ca: certs.caCert,
        headers: alice,
        method: 'PUT',
        path: '/metrics/job/tls',
        body: 'a 1\n',
      }),
    ).toBe(200);
  });

  it('picks up renewed certificates and refuses handshakes while the files are unusable', async () => {
    writeConfig(serverOnly());
    const renewed = generateCertificates(dir.path, 'renewed-');
    renameSync(renewed.serverCert, certs.serverCert);
    renameSync(renewed.serverKey, certs.serverKey);
    expect(await expectSame({ ca: certs.caCert })).toBe('failed');
    expect(await expectSame({ ca: renewed.caCert })).toBe(200);

    writeConfig(`${serverOnly().replace('server.key', 'missing.key')}`);
    expect(await expectSame({ ca: renewed.caCert })).toBe('failed');
    writeConfig('');
    expect(await expectSame({ ca: renewed.caCert })).toBe('failed');
    writeConfig(serverOnly());
    expect(await expectSame({ ca: renewed.caCert })).toBe(200);
  });

  it('offers HTTP/1.1 through ALPN (Go also offers h2)', async () => {
    const outcome = await httpsSend({
      port: ourPort,
      ca: join(dir.path, 'renewed-ca.crt'),
      alpn: ['h2', 'http/1.1'],
    });
    expect(outcome).toMatchObject({ status: 200, alpn: 'http/1.1' });
  });
});
