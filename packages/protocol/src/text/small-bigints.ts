/**
 * Counts and timestamps become bigints in the model, and most counts are
 * small. A bigint is an immutable value, so small ones can be shared: this
 * spares a heap allocation per bucket, count and quantile that a parser or
 * decoder reads.
 */

const SHARED_COUNT = 1024;
const SHARED: readonly bigint[] = Array.from({ length: SHARED_COUNT }, (_, n) => BigInt(n));

/** `BigInt(n)` for a safe integer `n`, shared when it is small and non-negative. */
export function bigintOf(n: number): bigint {
  return n >= 0 && n < SHARED_COUNT ? SHARED[n]! : BigInt(n);
}
