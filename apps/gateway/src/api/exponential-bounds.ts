/**
 * Bucket boundaries of native (exponential) histograms, for the
 * `/api/v1/metrics` bucket lists, computed the way Prometheus' Go code
 * structures it: a fraction in [0.5, 1) for the bucket's position within a
 * power of two, times that power of two.
 *
 * Go takes the fraction from a precomputed table (`exponentialBounds`); here
 * it is `2^(j/2^schema − 1)` in float64. The two agree on the bounds commonly
 * checked (√2 is `1.414213562373095` in both) but can differ in the last
 * digit for some positions of the finest schemas (see docs/compatibility.md).
 */

const MAX_SCHEMA = 8;

/**
 * The upper bound of bucket `index` under `schema` (−4…8): `2^(index / 2^schema)`.
 * The bucket just below the overflow bucket gets `Number.MAX_VALUE`, as in Go.
 */
export function exponentialBound(index: number, schema: number): number {
  if (schema < 0) {
    const exponent = index * 2 ** -schema;
    if (exponent === 1024) return Number.MAX_VALUE;
    return 2 ** exponent;
  }
  const schemaSize = 2 ** Math.min(schema, MAX_SCHEMA);
  const position = ((index % schemaSize) + schemaSize) % schemaSize;
  const fraction = 2 ** (position / schemaSize - 1);
  const exponent = Math.floor(index / schemaSize) + 1;
  if (position === 0 && exponent === 1025) return Number.MAX_VALUE;
  return fraction * 2 ** exponent;
}
