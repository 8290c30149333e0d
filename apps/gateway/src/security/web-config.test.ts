import { describe, expect, it } from 'vitest';
import { parseWebConfig, type WebConfig } from './web-config.js';

function config(yaml: string): WebConfig {
  const parsed = parseWebConfig(yaml, '/etc/pushgate/web.yml');
  if ('error' in parsed) throw new Error(parsed.error.message);
  return parsed.config;
}

function problem(yaml: string) {
  const parsed = parseWebConfig(yaml, '/etc/pushgate/web.yml');
  return 'error' in parsed ? parsed.error : undefined;
}

describe('parseWebConfig', () => {
  it('gives Go’s defaults for an empty file', () => {
    const empty = config('');
    expect(empty.tls).toEqual({
      certFile: '',
      keyFile: '',
      clientCaFile: '',
      clientAuthType: '',
      cipherSuites: [],
      curvePreferences: [],
      minVersion: 'TLS12',
      maxVersion: 'TLS13',
      preferServerCipherSuites: true,
    });
    expect(empty.http2).toBe(true);
    expect(empty.users.size).toBe(0);
    expect(empty.headers.size).toBe(0);
    expect(empty.authorization).toBeUndefined();
    expect(config('tls_server_config:\nbasic_auth_users: ~\n').users.size).toBe(0);
  });

  it('reads every field, resolving relative paths against the file’s directory', () => {
    const full = config(`
tls_server_config:
  cert_file: tls/server.crt
  key_file: /abs/server.key
  client_ca_file: ca.crt
  client_auth_type: RequireAndVerifyClientCert
  cipher_suites: [TLS_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]
  curve_preferences: [X25519, CurveP256]
  min_version: TLS13
  max_version: TLS13
  prefer_server_cipher_suites: off
http_server_config:
  http2: no
  headers:
    X-Frame-Options: sameorigin
    Strict-Transport-Security: max-age=31536000
basic_auth_users:
  alice: $2y$10$abc
  1234: 5678
`);
    expect(full.tls).toMatchObject({
      certFile: '/etc/pushgate/tls/server.crt',
      keyFile: '/abs/server.key',
      clientCaFile: '/etc/pushgate/ca.crt',
      clientAuthType: 'RequireAndVerifyClientCert',
      curvePreferences: ['X25519', 'CurveP256'],
      minVersion: 'TLS13',
      preferServerCipherSuites: false,
    });
    expect(full.http2).toBe(false);
    expect([...full.headers]).toEqual([
      ['X-Frame-Options', 'sameorigin'],
      ['Strict-Transport-Security', 'max-age=31536000'],
    ]);
    // Scalars are taken as written where Go expects strings.
    expect([...full.users]).toEqual([
      ['alice', '$2y$10$abc'],
      ['1234', '5678'],
    ]);
  });

  it('refuses what Go’s strict reading refuses, with the line', () => {
    expect(problem('a: [')).toMatchObject({ code: 'yaml_syntax', location: { line: 1 } });
    expect(problem('basic_auth_users:\n  a: x\n  a: y\n')).toMatchObject({
      code: 'yaml_syntax',
      message: 'Map keys must be unique',
      location: { file: '/etc/pushgate/web.yml', line: 3 },
    });
    expect(problem('\n\ntls_server_config:\n  certfile: x\n')).toMatchObject({
      code: 'invalid_value',
      message: 'unknown field "certfile" in tls_server_config',
      location: { line: 4 },
    });
    expect(problem('- a\n')?.message).toBe('the web config must be a mapping');
    expect(problem('http_server_config:\n  http2: "yes"\n')?.message).toBe(
      'http_server_config.http2 must be true or false',
    );
    expect(problem('tls_server_config:\n  cert_file: [a]\n')?.message).toBe(
      'tls_server_config.cert_file must be a string',
    );
    expect(problem('tls_server_config:\n  max_version: TLS14\n')?.message).toBe('unknown TLS version: TLS14');
    expect(problem('tls_server_config:\n  cipher_suites: [TLS_FOO]\n')?.message).toBe(
      'unknown cipher: TLS_FOO',
    );
    expect(problem('tls_server_config:\n  curve_preferences: [P-256]\n')?.message).toBe(
      'unknown curve: P-256',
    );
    expect(problem('http_server_config:\n  headers:\n    Server: x\n')?.message).toBe(
      'HTTP header "Server" can not be configured',
    );
    expect(problem('http_server_config:\n  headers:\n    X-Content-Type-Options: sniff\n')?.message).toBe(
      'invalid value for X-Content-Type-Options. Expected one of: "nosniff", but got: "sniff"',
    );
  });

  it('reads pushgate_authorization and checks it names configured users', () => {
    const roles = config(`
basic_auth_users: {prom: a, ci: b, ops: c}
pushgate_authorization:
  scrape: [prom, ci]
  push: [ci]
  admin: [ops]
  anonymous: [scrape]
`).authorization;
    expect(roles?.anonymous).toEqual(new Set(['scrape']));
    expect(roles?.users).toEqual(
      new Map([
        ['prom', new Set(['scrape'])],
        ['ci', new Set(['scrape', 'push'])],
        ['ops', new Set(['admin'])],
      ]),
    );
    expect(problem('pushgate_authorization:\n  push: [ghost]\n')?.message).toBe(
      'pushgate_authorization.push names "ghost", who is not in basic_auth_users',
    );
    expect(problem('pushgate_authorization:\n  read: []\n')?.message).toBe(
      'unknown field "read" in pushgate_authorization',
    );
    expect(problem('pushgate_authorization:\n  anonymous: [all]\n')?.message).toMatch(
      /unknown permission "all"/,
    );
  });
});
