/** How often and how patiently to retry a failed attempt. */
export interface RetryPolicy {
  /** Total attempts, the first included: 1 means never retry. */
  readonly attempts: number;
  /** Shortest wait before a retry, in ms. */
  readonly minDelayMs: number;
  /** Longest wait before a retry, in ms; also the longest `Retry-After` honoured. */
  readonly maxDelayMs: number;
}

/** 429 and every 5xx may succeed later; other 4xx will fail the same way again. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * The wait before retry number `retry` (1 for the first retry): exponential
 * growth from `minDelayMs` with full jitter above that floor, so that many
 * clients failing together do not retry in lockstep. Always within
 * `[minDelayMs, maxDelayMs]`. `random` returns a number in [0, 1).
 */
export function backoffDelayMs(
  policy: RetryPolicy,
  retry: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** retry);
  return Math.round(policy.minDelayMs + random() * Math.max(0, ceiling - policy.minDelayMs));
}

/**
 * The delay a `Retry-After` header asks for, in ms: delta-seconds or an
 * HTTP-date relative to `nowMs` (RFC 9110 §10.2.3). `undefined` when the
 * header is absent or unreadable; a date in the past gives 0.
 */
export function parseRetryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
