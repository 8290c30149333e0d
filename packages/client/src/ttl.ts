import { parseDuration } from './duration.js';

/** The request header that carries a per-push group TTL. Only Pushgate reads it; other gateways ignore it. */
export const TTL_HEADER = 'Pushgate-TTL';

/**
 * A group TTL: a Prometheus duration string (`'15m'`, `'2h'`, `'1h30m'`) or a
 * whole number of seconds. `0` or `'0'` asks the gateway never to expire the group.
 */
export type GroupTtl = string | number;

/** Whether `ttl` is a duration the gateway accepts: a Prometheus duration or whole non-negative seconds. */
export function isValidTtl(ttl: GroupTtl): boolean {
  return typeof ttl === 'number' ? Number.isSafeInteger(ttl) && ttl >= 0 : parseDuration(ttl) !== undefined;
}

/**
 * The `Pushgate-TTL` header value for a valid TTL (see {@link isValidTtl}):
 * strings pass unchanged, seconds become `<n>s`, zero becomes `0`.
 */
export function formatTtlHeader(ttl: GroupTtl): string {
  if (typeof ttl === 'string') return ttl;
  return ttl === 0 ? '0' : `${ttl}s`;
}
