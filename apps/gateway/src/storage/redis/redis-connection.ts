import { Redis } from 'ioredis';
import type { RedisTarget } from './redis-url.js';

/** What a connection is for, which decides how it behaves when Redis is slow or gone. */
export type ConnectionRole =
  /** Scripts and short reads: each must answer within `timeoutMs`. */
  | 'commands'
  /** The change feed (blocking reads) and snapshots (long reads). */
  | 'follower';

export interface ConnectionSettings {
  readonly role: ConnectionRole;
  /**
   * `commands`: how long a command may take before it fails. `follower`: how
   * long the connection may stay silent before it is taken for dead (it
   * always hears from Redis at least every blocking read's timeout).
   */
  readonly timeoutMs: number;
}

/**
 * A client for `target` that fails fast instead of queueing: a command
 * issued while Redis is unreachable is refused at once (so a push gets its
 * 503 at once, never a late success), a command in flight when the
 * connection drops is refused rather than sent again (it may or may not have
 * run; the scripts make each change all or nothing), and the client keeps
 * reconnecting in the background, at most a second apart, so that the store
 * resumes on its own when Redis is back. Not connected yet: call `connect()`.
 */
export function createRedisClient(target: RedisTarget, settings: ConnectionSettings): Redis {
  const common = {
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt: number) => Math.min(50 * 2 ** Math.min(attempt, 5), 1000),
    connectTimeout: Math.min(settings.timeoutMs, 10_000),
    socketTimeout: settings.timeoutMs,
    connectionName: `pushgate-${settings.role}`,
    db: target.db,
    ...(target.username === undefined ? {} : { username: target.username }),
    ...(target.password === undefined ? {} : { password: target.password }),
    ...(settings.role === 'commands' ? { commandTimeout: settings.timeoutMs } : {}),
  };
  if (target.kind === 'sentinel') {
    return new Redis({
      ...common,
      sentinels: target.sentinels.map(({ host, port }) => ({ host, port })),
      name: target.masterName,
      sentinelRetryStrategy: (attempt) => Math.min(100 * attempt, 1000),
      // Told by the Sentinels of a new primary, reconnect to it at once.
      failoverDetector: true,
      // After a failover the old primary refuses writes until the client is redirected: reconnect then.
      reconnectOnError: (error) => error.message.startsWith('READONLY'),
    });
  }
  return new Redis({
    ...common,
    host: target.address.host,
    port: target.address.port,
    ...(target.tls ? { tls: { servername: target.address.host } } : {}),
  });
}
