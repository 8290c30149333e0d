/**
 * The `--web.config.file` format of the Go pushgateway (Prometheus
 * exporter-toolkit, as built into 1.5.1): YAML with `tls_server_config`,
 * `http_server_config` and `basic_auth_users`, read strictly as Go's
 * `yaml.UnmarshalStrict` reads it — YAML 1.1 scalars (`yes` is true),
 * unknown keys and repeated keys refused, a scalar of any kind accepted
 * where a string is expected — plus one key of Pushgate's own,
 * `pushgate_authorization` (see docs/security.md), which Go would refuse.
 *
 * Parsing does no I/O: certificate paths are only resolved against the
 * file's directory, as Go does; files are read when TLS is set up.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type Scalar } from 'yaml';
import { CURVES, TLS_VERSIONS, TLS12_CIPHER_SUITES, TLS13_CIPHER_SUITES } from './go-tls-names.js';

/** What a request may do, when `pushgate_authorization` is configured. */
export type Permission = 'scrape' | 'push' | 'admin';

export const PERMISSIONS: readonly Permission[] = ['scrape', 'push', 'admin'];

/** `tls_server_config`, with Go's defaults applied and paths resolved. */
export interface TlsServerConfig {
  /** `""` when absent. */
  readonly certFile: string;
  readonly keyFile: string;
  readonly clientCaFile: string;
  /** As written (`""` when absent); checked when TLS is set up, as Go does. */
  readonly clientAuthType: string;
  /** Go names, each known to Go (checked here). */
  readonly cipherSuites: readonly string[];
  readonly curvePreferences: readonly string[];
  /** Go words (`TLS12`), defaults `TLS12` and `TLS13`. */
  readonly minVersion: string;
  readonly maxVersion: string;
  /** Default true. */
  readonly preferServerCipherSuites: boolean;
}

/** Pushgate's `pushgate_authorization`: who may do what. */
export interface Authorization {
  /** The permissions of each user named in it. */
  readonly users: ReadonlyMap<string, ReadonlySet<Permission>>;
  /** What requests without credentials may do. */
  readonly anonymous: ReadonlySet<Permission>;
}

export interface WebConfig {
  readonly tls: TlsServerConfig;
  /** `http_server_config.http2` (default true): recorded, but this server speaks HTTP/1.1 only. */
  readonly http2: boolean;
  /** `http_server_config.headers`: set on every response. */
  readonly headers: ReadonlyMap<string, string>;
  /** `basic_auth_users`: user → bcrypt hash. Empty: no authentication. */
  readonly users: ReadonlyMap<string, string>;
  /** Absent unless `pushgate_authorization` is given. */
  readonly authorization?: Authorization;
}

export type WebConfigErrorCode =
  /** The file cannot be read. */
  | 'unreadable'
  /** Not YAML, or a repeated key. */
  | 'yaml_syntax'
  /** An unknown key, a value of the wrong kind, or a value Go does not know. */
  | 'invalid_value'
  /** A `basic_auth_users` entry that is not a bcrypt hash (checked at start only, as Go does). */
  | 'invalid_password_hash'
  /** TLS cannot be set up: missing or unreadable files, contradictory settings. */
  | 'invalid_tls';

/** Why a web config was refused: a code, a message for operators, and where. */
export interface WebConfigError {
  readonly code: WebConfigErrorCode;
  readonly message: string;
  readonly location: { readonly file: string; readonly line?: number };
}

export type WebConfigParse = { readonly config: WebConfig } | { readonly error: WebConfigError };

/** The headers exporter-toolkit lets a config set, with the only values it allows (none: any value). */
const CONFIGURABLE_HEADERS: ReadonlyMap<string, readonly string[] | undefined> = new Map([
  ['Strict-Transport-Security', undefined],
  ['X-Content-Type-Options', ['nosniff']],
  ['X-Frame-Options', ['deny', 'sameorigin']],
  ['X-XSS-Protection', undefined],
  ['Content-Security-Policy', undefined],
]);

/** Raised inside the walk and turned into a {@link WebConfigError} at its end. */
class Refusal {
  constructor(
    readonly message: string,
    readonly node: Node | null | undefined,
  ) {}
}

/**
 * Parses the text of the web config at `path` (used for error locations and
 * to resolve relative certificate paths). An empty file is a valid config
 * that enables nothing.
 */
export function parseWebConfig(text: string, path: string): WebConfigParse {
  const lines = new LineCounter();
  const document = parseDocument(text, { version: '1.1', lineCounter: lines, uniqueKeys: true });
  const location = (line?: number) => (line === undefined ? { file: path } : { file: path, line });
  const syntax = document.errors[0];
  if (syntax !== undefined) {
    return {
      error: {
        code: 'yaml_syntax',
        // The line is in the location; the message's own copy of it is dropped.
        message: (syntax.message.split('\n')[0] ?? '').replace(/( at line \d+, column \d+)?:?$/, ''),
        location: location(syntax.linePos?.[0].line),
      },
    };
  }
  try {
    return { config: readConfig(document.contents, dirname(path)) };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const offset = error.node?.range?.[0];
    const line = offset === undefined ? undefined : lines.linePos(offset).line;
    return { error: { code: 'invalid_value', message: error.message, location: location(line) } };
  }
}

function readConfig(root: Node | null, directory: string): WebConfig {
  const top = fields(root, 'the web config', [
    'tls_server_config',
    'http_server_config',
    'basic_auth_users',
    'pushgate_authorization',
  ]);
  const http = fields(top.get('http_server_config'), 'http_server_config', ['http2', 'headers']);
  const users = stringMap(top.get('basic_auth_users'), 'basic_auth_users');
  const config: WebConfig = {
    tls: readTls(top.get('tls_server_config'), directory),
    http2: bool(http.get('http2'), 'http_server_config.http2', true),
    headers: readHeaders(http.get('headers')),
    users,
  };
  const authorization = readAuthorization(top.get('pushgate_authorization'), users);
  return authorization === undefined ? config : { ...config, authorization };
}

function readTls(node: Node | null | undefined, directory: string): TlsServerConfig {
  const tls = fields(node, 'tls_server_config', [
    'cert_file',
    'key_file',
    'client_ca_file',
    'client_auth_type',
    'cipher_suites',
    'curve_preferences',
    'min_version',
    'max_version',
    'prefer_server_cipher_suites',
  ]);
  const path = (key: string) => joinDirectory(directory, string(tls.get(key), `tls_server_config.${key}`));
  return {
    certFile: path('cert_file'),
    keyFile: path('key_file'),
    clientCaFile: path('client_ca_file'),
    clientAuthType: string(tls.get('client_auth_type'), 'tls_server_config.client_auth_type'),
    cipherSuites: words(
      tls.get('cipher_suites'),
      'cipher',
      (word) => TLS12_CIPHER_SUITES.has(word) || TLS13_CIPHER_SUITES.has(word),
    ),
    curvePreferences: words(tls.get('curve_preferences'), 'curve', (word) => CURVES.has(word)),
    minVersion: tlsVersion(tls.get('min_version'), 'TLS12'),
    maxVersion: tlsVersion(tls.get('max_version'), 'TLS13'),
    preferServerCipherSuites: bool(
      tls.get('prefer_server_cipher_suites'),
      'tls_server_config.prefer_server_cipher_suites',
      true,
    ),
  };
}

function readHeaders(node: Node | null | undefined): ReadonlyMap<string, string> {
  const headers = stringMap(node, 'http_server_config.headers');
  for (const [name, value] of headers) {
    if (!CONFIGURABLE_HEADERS.has(name)) {
      throw new Refusal(`HTTP header ${JSON.stringify(name)} can not be configured`, node);
    }
    const allowed = CONFIGURABLE_HEADERS.get(name);
    if (allowed !== undefined && !allowed.includes(value)) {
      throw new Refusal(
        `invalid value for ${name}. Expected one of: ${allowed.map((v) => JSON.stringify(v)).join(' ')}, but got: ${JSON.stringify(value)}`,
        node,
      );
    }
  }
  return headers;
}

function readAuthorization(
  node: Node | null | undefined,
  users: ReadonlyMap<string, string>,
): Authorization | undefined {
  if (isAbsent(node)) return undefined;
  const section = fields(node, 'pushgate_authorization', [...PERMISSIONS, 'anonymous']);
  const granted = new Map<string, Set<Permission>>();
  for (const permission of PERMISSIONS) {
    const listNode = section.get(permission);
    for (const user of list(listNode, `pushgate_authorization.${permission}`)) {
      if (!users.has(user)) {
        throw new Refusal(
          `pushgate_authorization.${permission} names ${JSON.stringify(user)}, who is not in basic_auth_users`,
          listNode,
        );
      }
      const permissions = granted.get(user) ?? new Set<Permission>();
      permissions.add(permission);
      granted.set(user, permissions);
    }
  }
  const anonymous = new Set<Permission>();
  const anonymousNode = section.get('anonymous');
  for (const word of list(anonymousNode, 'pushgate_authorization.anonymous')) {
    if (!(PERMISSIONS as readonly string[]).includes(word)) {
      throw new Refusal(
        `pushgate_authorization.anonymous: unknown permission ${JSON.stringify(word)} (expected ${PERMISSIONS.join(', ')})`,
        anonymousNode,
      );
    }
    anonymous.add(word as Permission);
  }
  return { users: granted, anonymous };
}

/** Go's `config.JoinDir`: a relative, non-empty path is taken relative to the config's directory. */
function joinDirectory(directory: string, path: string): string {
  return path === '' || isAbsolute(path) ? path : join(directory, path);
}

/** Whether a value is missing or null, which Go's YAML reader takes as the zero value. */
function isAbsent(node: Node | null | undefined): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

/** The values of a mapping with only the `known` keys, by key; a null node is an empty mapping. */
function fields(
  node: Node | null | undefined,
  what: string,
  known: readonly string[],
): Map<string, Node | null> {
  const values = new Map<string, Node | null>();
  if (isAbsent(node)) return values;
  if (!isMap(node)) throw new Refusal(`${what} must be a mapping`, node);
  for (const pair of node.items) {
    const key = pair.key as Node | null;
    const name = isScalar(key) ? scalarText(key) : undefined;
    if (name === undefined || !known.includes(name)) {
      throw new Refusal(`unknown field ${JSON.stringify(name ?? '?')} in ${what}`, key);
    }
    values.set(name, pair.value as Node | null);
  }
  return values;
}

function stringMap(node: Node | null | undefined, what: string): Map<string, string> {
  const values = new Map<string, string>();
  if (isAbsent(node)) return values;
  if (!isMap(node)) throw new Refusal(`${what} must be a mapping`, node);
  for (const pair of node.items) {
    const key = pair.key as Node | null;
    const name = isScalar(key) ? scalarText(key) : undefined;
    if (name === undefined) throw new Refusal(`${what}: every key must be a string`, key);
    values.set(name, string(pair.value as Node | null, `${what}.${name}`));
  }
  return values;
}

/** A string field: any scalar, as its source text; null or absent is `""`. */
function string(node: Node | null | undefined, what: string): string {
  if (isAbsent(node)) return '';
  if (!isScalar(node)) throw new Refusal(`${what} must be a string`, node);
  return scalarText(node) ?? '';
}

function bool(node: Node | null | undefined, what: string, fallback: boolean): boolean {
  if (isAbsent(node)) return fallback;
  if (!isScalar(node) || typeof node.value !== 'boolean') {
    throw new Refusal(`${what} must be true or false`, node);
  }
  return node.value;
}

function list(node: Node | null | undefined, what: string): string[] {
  if (isAbsent(node)) return [];
  if (!isSeq(node)) throw new Refusal(`${what} must be a list`, node);
  return node.items.map((item) => string(item as Node | null, what));
}

/** A list of words Go knows, refused with Go's `unknown <what>: <word>`. */
function words(node: Node | null | undefined, what: string, known: (word: string) => boolean): string[] {
  const values = list(node, `${what} list`);
  const unknown = values.find((word) => !known(word));
  if (unknown !== undefined) throw new Refusal(`unknown ${what}: ${unknown}`, node);
  return values;
}

function tlsVersion(node: Node | null | undefined, fallback: string): string {
  if (isAbsent(node)) return fallback;
  const word = string(node, 'TLS version');
  if (!TLS_VERSIONS.has(word)) throw new Refusal(`unknown TLS version: ${word}`, node);
  return word;
}

/** A scalar as Go's YAML reader takes it for a string: its text as written. */
function scalarText(node: Scalar): string | undefined {
  if (node.value === null) return undefined;
  if (typeof node.value === 'string') return node.value;
  return node.source ?? String(node.value);
}
