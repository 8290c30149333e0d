import { describe, expect, it } from 'vitest';
import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs } from './retry-policy.js';

const policy = { attempts: 10, minDelayMs: 100, maxDelayMs: 1000 };

describe('retry policy', () => {
  it('retries 429 and 5xx only', () => {
    expect([400, 401, 404, 409, 413, 429, 500, 502, 503].filter(isRetryableStatus)).toEqual([
      429, 500, 502, 503,
    ]);
  });

  it('grows exponentially from the minimum, capped at the maximum', () => {
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelayMs(policy, retry, () => 0.999999))).toEqual([
      200, 400, 800, 1000, 1000,
    ]);
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelayMs(policy, retry, () => 0))).toEqual([
      100, 100, 100, 100, 100,
    ]);
  });

  it('spreads retries with jitter between the minimum and the ceiling', () => {
    expect(backoffDelayMs(policy, 3, () => 0.5)).toBe(450);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfterMs('3', now)).toBe(3000);
    expect(parseRetryAfterMs(' 0 ', now)).toBe(0);
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
  });
});
