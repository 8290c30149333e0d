/**
 * The same `--web.config.file` with `basic_auth_users` and headers, given
 * to the Go pushgateway and to ours, and the same requests sent to both:
 * status, `WWW-Authenticate`, the configured headers and the body agree,
 * including after the file is changed, broken or removed while running
 * (both re-read it on every request).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GoPushgateway, startGoPushgateway } from '../support/go-pushgateway.js';
import { type RawRequest, type RawResponse, send } from '../support/raw-http.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { basicAuth, hashPassword, type TempDir, tempDir } from './support/web-config-files.js';

const LONG_PASSWORD = 'p'.repeat(72);

let dir: TempDir;
let configFile: string;
let go: GoPushgateway;
let ours: TestGateway;

const baseConfig = () => `
basic_auth_users:
  alice: '${hashPassword('secret')}'
  bob: '${hashPassword(LONG_PASSWORD)}'
  'carol:x': '${hashPassword('pw')}'
  empty: '${hashPassword('')}'
http_server_config:
  headers:
    X-Frame-Options: deny
    Content-Security-Policy: "default-src 'self'"
`;

beforeAll(async () => {
  dir = tempDir();
  configFile = dir.write('web.yml', baseConfig());
  go = await startGoPushgateway([`--web.config.file=${configFile}`]);
  ours = await startTestGateway([`--web.config.file=${configFile}`]);
});

afterAll(async () => {
  await Promise.all([go?.close(), ours?.close()]);
  dir?.remove();
});

const COMPARED = [
  'www-authenticate',
  'content-type',
  'x-content-type-options',
  'x-frame-options',
  'content-security-policy',
  'location',
] as const;

function observe(response: RawResponse) {
  const headers: Record<string, unknown> = {};
  for (const name of COMPARED) headers[name] = response.headers[name];
  return { status: response.status, headers, body: response.text };
}

async function expectSame(request: RawRequest): Promise<ReturnType<typeof observe>> {
  const fromGo = observe(await send(go.base, request));
  const fromOurs = observe(await send(ours.base, request));
  const name = `${request.method ?? 'GET'} ${request.path} ${request.headers?.Authorization ?? ''}`;
  expect({ name, ...fromOurs }).toEqual({ name, ...fromGo });
  return fromOurs;
}

const auth = (value: string) => ({ Authorization: value });

describe('basic auth as the Go pushgateway does it', () => {
  it('refuses every path without valid credentials with 401, WWW-Authenticate: Basic and Unauthorized', async () => {
    const refused: RawRequest[] = [
      { path: '/metrics' },
      { path: '/-/healthy' },
      { path: '/-/ready' },
      { path: '/api/v1/status' },
      { path: '/nope' },
      { path: '//metrics' },
      { path: '/metrics/' },
      { method: 'OPTIONS', path: '/metrics' },
      { method: 'PUT', path: '/metrics/job/x', body: 'a 1\n' },
      { method: 'DELETE', path: '/metrics/job/x' },
      { path: '/-/healthy', headers: auth(basicAuth('alice', 'wrong')) },
      { path: '/-/healthy', headers: auth(basicAuth('mallory', 'secret')) },
      { path: '/-/healthy', headers: auth(basicAuth('bob', `${LONG_PASSWORD.slice(1)}`)) },
      { path: '/-/healthy', headers: auth(basicAuth('alice', 'secret').replace('Basic ', 'Basic  ')) },
      { path: '/-/healthy', headers: auth(basicAuth('alice', 'secret').replace('Basic ', 'Bearer ')) },
      { path: '/-/healthy', headers: auth(basicAuth('bob', LONG_PASSWORD).replace(/=+$/, '')) },
      { path: '/-/healthy', headers: auth(`Basic ${Buffer.from('alice').toString('base64')}`) },
      { path: '/-/healthy', headers: auth(`Basic ${Buffer.from('alice:secret').toString('base64url')}_`) },
      { path: '/-/healthy', headers: auth('Basic') },
      { path: '/-/healthy', headers: auth('Basic !!!!') },
    ];
    for (const request of refused) {
      const answer = await expectSame(request);
      expect({ request, status: answer.status }).toEqual({ request, status: 401 });
      expect(answer.headers['www-authenticate']).toBe('Basic');
      expect(answer.body).toBe('Unauthorized\n');
    }
  });

  it('serves requests with valid credentials, whatever the scheme word’s case', async () => {
    const accepted: RawRequest[] = [
      { path: '/-/healthy', headers: auth(basicAuth('alice', 'secret')) },
      { path: '/-/healthy', headers: auth(basicAuth('alice', 'secret').replace('Basic', 'bAsIc')) },
      // Only the first 72 bytes of a password count for bcrypt, in Go as here.
      { path: '/-/healthy', headers: auth(basicAuth('bob', `${LONG_PASSWORD}and more`)) },
      { path: '/-/healthy', headers: auth(basicAuth('empty', '')) },
      { method: 'PUT', path: '/metrics/job/x', body: 'a 1\n', headers: auth(basicAuth('alice', 'secret')) },
      { method: 'DELETE', path: '/metrics/job/x', headers: auth(basicAuth('alice', 'secret')) },
      { path: '/nope', headers: auth(basicAuth('alice', 'secret')) },
      { path: '//-/healthy', headers: auth(basicAuth('alice', 'secret')) },
    ];
    for (const request of accepted) {
      const answer = await expectSame(request);
      expect(answer.status).not.toBe(401);
      expect(answer.headers['x-frame-options']).toBe('deny');
    }
    // A user name cannot contain a colon: the first colon separates it from the password.
    const colon = await expectSame({ path: '/-/healthy', headers: auth(basicAuth('carol:x', 'pw')) });
    expect(colon.status).toBe(401);
  });

  it('follows changes of the file without a restart, and answers 500 while it is unusable', async () => {
    const alice = auth(basicAuth('alice', 'secret'));
    try {
      for (const broken of ['garbage: [', 'unknown_key: 1', 'http_server_config: {headers: {Foo: bar}}']) {
        dir.write('web.yml', broken);
        const answer = await expectSame({ path: '/-/healthy', headers: alice });
        expect(answer).toMatchObject({ status: 500, body: 'Internal Server Error\n' });
      }
      dir.write('web.yml', '');
      expect((await expectSame({ path: '/-/healthy' })).status).toBe(200);
      dir.write('web.yml', `basic_auth_users:\n  dave: '${hashPassword('d')}'\n`);
      expect((await expectSame({ path: '/-/healthy', headers: alice })).status).toBe(401);
      expect((await expectSame({ path: '/-/healthy', headers: auth(basicAuth('dave', 'd')) })).status).toBe(
        200,
      );
      dir.remove();
      expect((await expectSame({ path: '/-/healthy', headers: alice })).status).toBe(500);
    } finally {
      dir = tempDir();
      configFile = dir.write('web.yml', baseConfig());
    }
  });
});
