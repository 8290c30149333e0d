/**
 * An unusable `--web.config.file` stops the gateway at start with a message
 * naming the file and the problem (Go logs it and exits 0 without serving;
 * Pushgate exits 1 so supervisors notice).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFlags } from '../../src/flags/parse-flags.js';
import { StartError, startGateway } from '../../src/server.js';
import { run } from '../support/processes.js';
import { generateCertificates } from './support/certificates.js';
import { hashPassword, type TempDir, tempDir } from './support/web-config-files.js';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

let dir: TempDir;
beforeAll(() => {
  dir = tempDir();
  generateCertificates(dir.path);
});
afterAll(() => dir.remove());

async function startError(yaml: string | undefined): Promise<unknown> {
  const file = yaml === undefined ? `${dir.path}/absent.yml` : dir.write('web.yml', yaml);
  const parsed = parseFlags([
    '--web.listen-address=127.0.0.1:0',
    `--web.config.file=${file}`,
    '--log.level=error',
  ]);
  if (parsed.kind !== 'run') throw new Error('bad flags');
  try {
    const gateway = await startGateway(parsed.flags, { logDestination: { write: () => {} } });
    await gateway.close();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('an unusable web config at start', () => {
  it('is refused with a StartError naming the file, the line where known, and the problem', async () => {
    const cases: [string | undefined, RegExp][] = [
      [undefined, /absent\.yml: open .*absent\.yml: no such file or directory$/],
      [
        'garbage: [',
        /web\.yml:1: Flow sequence in block collection must be sufficiently indented and end with a \]$/,
      ],
      ['unknown_key: 1', /web\.yml:1: unknown field "unknown_key" in the web config$/],
      ['basic_auth_users:\n  a: x\n  a: z', /web\.yml:3: Map keys must be unique$/],
      [
        'basic_auth_users:\n  bob: notahash',
        /the password hash of user "bob" is too short to be a bcrypt hash$/,
      ],
      [`basic_auth_users:\n  bob: '${hashPassword('x').replace('$04$', '$03$')}'`, /of cost 3, outside/],
      ['http_server_config:\n  headers:\n    Foo: bar', /HTTP header "Foo" can not be configured$/],
      [
        'http_server_config:\n  http2: "true"',
        /web\.yml:2: http_server_config\.http2 must be true or false$/,
      ],
      ['tls_server_config:\n  min_version: TLS9', /unknown TLS version: TLS9$/],
      ['tls_server_config:\n  cipher_suites: [FOO]', /unknown cipher: FOO$/],
      ['tls_server_config:\n  curve_preferences: [P256]', /unknown curve: P256$/],
      ['tls_server_config:\n  cert_file: server.crt', /missing key_file$/],
      ['tls_server_config:\n  key_file: server.key', /missing cert_file$/],
      [
        'tls_server_config:\n  cert_file: nope.crt\n  key_file: server.key',
        /failed to load X509KeyPair: open .*nope\.crt: no such file or directory$/,
      ],
      [
        'tls_server_config:\n  cert_file: server.crt\n  key_file: client.key',
        /failed to load X509KeyPair: .*/,
      ],
      [
        'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: Foo',
        /Invalid ClientAuth: Foo$/,
      ],
      [
        'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_ca_file: ca.crt',
        /Client CA's have been configured without a Client Auth Policy$/,
      ],
      [
        'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  cipher_suites: [TLS_RSA_WITH_RC4_128_SHA]',
        /cipher TLS_RSA_WITH_RC4_128_SHA \(RC4-SHA\) is not available/,
      ],
      [
        'pushgate_authorization:\n  push: [nobody]',
        /pushgate_authorization\.push names "nobody", who is not in basic_auth_users$/,
      ],
      ['pushgate_authorization:\n  anonymous: [wipe]', /unknown permission "wipe"/],
    ];
    for (const [yaml, message] of cases) {
      const error = await startError(yaml);
      expect({ yaml, error }).toMatchObject({ yaml, error: expect.any(StartError) });
      expect({ yaml, code: (error as StartError).code }).toEqual({ yaml, code: 'web_config_invalid' });
      expect({ yaml, message: (error as StartError).message }).toEqual({
        yaml,
        message: expect.stringMatching(new RegExp(`^--web\\.config\\.file=.*${message.source}`)),
      });
    }
  });

  it('starts with YAML 1.1 booleans and an empty file, as Go does', async () => {
    expect(await startError('http_server_config:\n  http2: yes\n')).toBeUndefined();
    expect(await startError('')).toBeUndefined();
  });

  it('makes the command exit 1 with the message on stderr', async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the gateway first (pnpm build)`);
    const file = dir.write('bad.yml', 'basic_auth_users:\n  bob: notahash\n');
    const result = await run(process.execPath, [
      MAIN,
      '--web.listen-address=127.0.0.1:0',
      `--web.config.file=${file}`,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `pushgate: error: --web.config.file=${file}: basic_auth_users: the password hash of user "bob" is too short to be a bcrypt hash\n`,
    );
  });
});
