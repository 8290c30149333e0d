/**
 * `--web.config.file` at start-up: everything Go's exporter-toolkit checks
 * before serving (the file parses, every `basic_auth_users` hash is a bcrypt
 * hash, the TLS settings and files are usable), so that a broken file stops
 * the gateway at once rather than failing every request later.
 */
import { bcryptHashProblem } from './bcrypt-hash.js';
import { createPasswordChecker, type PasswordChecker } from './password-checker.js';
import { setUpTls, type TlsSetup } from './tls-setup.js';
import type { WebConfigError } from './web-config.js';
import { createWebConfigSource, type WebConfigSource } from './web-config-source.js';

/** What the server needs to apply a web config. */
export interface WebSecurity {
  /** Re-read per request and per TLS handshake. */
  readonly source: WebConfigSource;
  readonly checker: PasswordChecker;
  /** The TLS setup at start-up; absent when the file enables no TLS (plain HTTP, as in Go). */
  readonly tls?: TlsSetup;
  /** `http_server_config.http2` as configured (only logged: HTTP/2 is not offered). */
  readonly http2: boolean;
}

export type WebSecurityLoad = { readonly security: WebSecurity } | { readonly error: WebConfigError };

/** Loads and checks the web config at `path`; never throws. */
export function loadWebSecurity(path: string): WebSecurityLoad {
  const source = createWebConfigSource(path);
  const loaded = source.read();
  if ('error' in loaded) return loaded;
  const { config } = loaded;
  for (const [user, hash] of config.users) {
    const problem = bcryptHashProblem(hash);
    if (problem !== undefined) {
      return {
        error: {
          code: 'invalid_password_hash',
          message: `basic_auth_users: the password hash of user ${JSON.stringify(user)} is ${problem}`,
          location: { file: path },
        },
      };
    }
  }
  const tls = setUpTls(config.tls);
  if ('error' in tls) return { error: { code: 'invalid_tls', message: tls.error, location: { file: path } } };
  const security = { source, checker: createPasswordChecker(), http2: config.http2 };
  return { security: 'setup' in tls ? { ...security, tls: tls.setup } : security };
}
