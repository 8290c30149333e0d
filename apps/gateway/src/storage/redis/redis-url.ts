/**
 * `--redis.url`: where the Redis that keeps the groups is, in the URL forms
 * operators know from other Redis clients.
 *
 * - `redis://[[user]:password@]host[:port][/db]`, plain TCP (port 6379);
 * - `rediss://…`, the same over TLS;
 * - `redis-sentinel://[[user]:password@]host[:port][,host[:port]…]/master-name[/db]`:
 *   ask these Sentinels (port 26379) for the current primary of `master-name`,
 *   and follow its failovers. The credentials are the primary's.
 */

/** One `host:port`. */
export interface RedisAddress {
  readonly host: string;
  readonly port: number;
}

/** Credentials for Redis `AUTH`; absent when the URL has none. */
export interface RedisCredentials {
  readonly username?: string;
  readonly password?: string;
}

/** A Redis reached directly. */
export interface StandaloneRedisTarget extends RedisCredentials {
  readonly kind: 'standalone';
  readonly address: RedisAddress;
  readonly db: number;
  readonly tls: boolean;
}

/** A Redis primary found through Sentinels. */
export interface SentinelRedisTarget extends RedisCredentials {
  readonly kind: 'sentinel';
  readonly sentinels: readonly RedisAddress[];
  readonly masterName: string;
  readonly db: number;
}

export type RedisTarget = StandaloneRedisTarget | SentinelRedisTarget;

/** Why a `--redis.url` cannot be used, worded for the operator. */
export interface RedisUrlError {
  readonly code: 'invalid_redis_url';
  readonly message: string;
}

const DEFAULT_PORT = 6379;
const DEFAULT_SENTINEL_PORT = 26379;

/**
 * Parses a `--redis.url`. Never throws: an unusable URL gives an error whose
 * message names the problem (and never contains the password).
 */
export function parseRedisUrl(text: string): { target: RedisTarget } | { error: RedisUrlError } {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'redis':
    case 'rediss':
      return parseStandalone(text, scheme === 'rediss');
    case 'redis-sentinel':
      return parseSentinel(text.slice('redis-sentinel://'.length));
    default:
      return invalid('must start with redis://, rediss:// or redis-sentinel://');
  }
}

/** The URL as the status page and logs show it: the target without its credentials. */
export function describeRedisTarget(target: RedisTarget): string {
  if (target.kind === 'standalone') {
    return `${target.tls ? 'rediss' : 'redis'}://${formatAddress(target.address)}/${target.db}`;
  }
  return `redis-sentinel://${target.sentinels.map(formatAddress).join(',')}/${encodeURIComponent(target.masterName)}/${target.db}`;
}

function parseStandalone(text: string, tls: boolean): { target: RedisTarget } | { error: RedisUrlError } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalid('is not a valid URL');
  }
  if (url.hostname === '') return invalid('has no host');
  if (url.search !== '' || url.hash !== '') return invalid('must not have a query or fragment');
  const db = parseDb(url.pathname.replace(/^\//, ''));
  if (db === undefined) return invalid('has a database that is not a number from 0 to 2147483647');
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    target: {
      kind: 'standalone',
      address: { host, port },
      db,
      tls,
      ...credentials(url.username, url.password),
    },
  };
}

function parseSentinel(rest: string): { target: RedisTarget } | { error: RedisUrlError } {
  const at = rest.lastIndexOf('@', rest.indexOf('/') === -1 ? rest.length : rest.indexOf('/'));
  const userInfo = at === -1 ? '' : rest.slice(0, at);
  const afterUser = at === -1 ? rest : rest.slice(at + 1);
  const slash = afterUser.indexOf('/');
  if (slash === -1) return invalid('needs the master name after the Sentinel addresses');
  const hosts = afterUser.slice(0, slash);
  const [masterPart = '', dbPart = '', ...extra] = afterUser.slice(slash + 1).split('/');
  if (extra.length > 0) return invalid('has more path segments than /master-name/db');
  if (/[?#]/.test(afterUser)) return invalid('must not have a query or fragment');
  const masterName = decode(masterPart);
  if (masterName === undefined || masterName === '')
    return invalid('needs the master name after the Sentinel addresses');
  const db = parseDb(dbPart);
  if (db === undefined) return invalid('has a database that is not a number from 0 to 2147483647');
  const sentinels: RedisAddress[] = [];
  for (const hostPort of hosts.split(',')) {
    const address = parseAddress(hostPort, DEFAULT_SENTINEL_PORT);
    if (address === undefined) return invalid(`has an invalid Sentinel address ${JSON.stringify(hostPort)}`);
    sentinels.push(address);
  }
  const colon = userInfo.indexOf(':');
  const username = decode(colon === -1 ? userInfo : userInfo.slice(0, colon));
  const password = decode(colon === -1 ? '' : userInfo.slice(colon + 1));
  if (username === undefined || password === undefined) return invalid('has badly escaped credentials');
  return {
    target: { kind: 'sentinel', sentinels, masterName, db, ...credentials(username, password, false) },
  };
}

/** `host[:port]` or `[v6]:port`; undefined when malformed. */
function parseAddress(text: string, defaultPort: number): RedisAddress | undefined {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(text);
  if (!match) return undefined;
  const host = match[1] ?? match[2] ?? '';
  const port = match[3] === undefined ? defaultPort : Number(match[3]);
  if (host === '' || port < 1 || port > 65535) return undefined;
  return { host, port };
}

function parseDb(text: string): number | undefined {
  if (text === '') return 0;
  if (!/^\d{1,10}$/.test(text)) return undefined;
  const db = Number(text);
  return db <= 2147483647 ? db : undefined;
}

/** `user` and `password` as `AUTH` takes them; URL-encoded unless `encoded` is false. */
function credentials(user: string, password: string, encoded = true): RedisCredentials {
  const username = encoded ? (decode(user) ?? user) : user;
  const secret = encoded ? (decode(password) ?? password) : password;
  return {
    ...(username === '' ? {} : { username }),
    ...(secret === '' ? {} : { password: secret }),
  };
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function formatAddress(address: RedisAddress): string {
  return `${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
}

function invalid(problem: string): { error: RedisUrlError } {
  return { error: { code: 'invalid_redis_url', message: `--redis.url ${problem}` } };
}
