import { formatGoDuration, parseGoDuration } from '../flags/go-duration.js';
import { HttpError } from '../http/http-error.js';

/** The request header with which a push sets its group's own TTL. */
export const TTL_HEADER = 'Pushgate-TTL';

/**
 * The TTL a push asks for, in milliseconds (0 = never expire), or `undefined`
 * when it sends no `Pushgate-TTL` header. The value is a Go duration (`90s`,
 * `2h`, `1h30m`) or `0`; it may not exceed `maxTtlMs` (when that is not 0),
 * and with a bound, "never" is refused too.
 *
 * @throws {HttpError} `bad_ttl` (400) naming the header or the limit.
 */
export function ttlFromHeader(value: string | undefined, maxTtlMs: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseGoDuration(value.trim());
  if ('error' in parsed) {
    throw new HttpError('bad_ttl', `invalid ${TTL_HEADER} header: ${parsed.error}`);
  }
  if (parsed.nanoseconds < 0n) {
    throw new HttpError(
      'bad_ttl',
      `invalid ${TTL_HEADER} header: negative duration ${JSON.stringify(value)}`,
    );
  }
  const ttlMs = Number(parsed.nanoseconds / 1_000_000n);
  if (maxTtlMs > 0 && (ttlMs === 0 || ttlMs > maxTtlMs)) {
    const limit = formatGoDuration(BigInt(maxTtlMs) * 1_000_000n);
    const asked = ttlMs === 0 ? 'no expiry' : formatGoDuration(parsed.nanoseconds);
    throw new HttpError(
      'bad_ttl',
      `${TTL_HEADER} asks for ${asked}, more than --push.max-group-ttl=${limit}`,
    );
  }
  return ttlMs;
}
