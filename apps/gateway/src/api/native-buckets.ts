/**
 * The bucket list `/api/v1/metrics` shows for a native histogram (Go
 * pushgateway ≥ 1.8): every non-empty bucket from the most negative to the
 * most positive — negative buckets, the zero bucket, positive buckets — as
 * `[boundary rule, lower, upper, count]`, where the rule says which ends are
 * inclusive: 0 `(lower, upper]`, 1 `[lower, upper)`, 2 `(lower, upper)`,
 * 3 `[lower, upper]`. A bucket overlapping the zero bucket is clipped to the
 * zero threshold, as Prometheus' iterator does.
 */
import type { BucketSpan, Histogram } from '@pushgate/protocol';
import { exponentialBound } from './exponential-bounds.js';

export type BoundaryRule = 0 | 1 | 2 | 3;

export interface NativeBucket {
  readonly rule: BoundaryRule;
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
}

/** Whether the histogram is native (has bucket spans) rather than classic. */
export function isNativeHistogram(histogram: Histogram): boolean {
  return histogram.positiveSpan.length + histogram.negativeSpan.length > 0;
}

/** The non-empty buckets of a native histogram, in ascending order. */
export function nativeBuckets(histogram: Histogram): NativeBucket[] {
  const schema = histogram.schema ?? 0;
  const threshold = histogram.zeroThreshold ?? 0;
  const buckets: NativeBucket[] = [];

  const negative = absoluteBuckets(histogram.negativeSpan, histogram.negativeDelta, histogram.negativeCount);
  for (const { index, count } of negative.reverse()) {
    const lower = -exponentialBound(index, schema);
    let upper = -exponentialBound(index - 1, schema);
    if (upper < 0 && upper > -threshold) upper = -threshold;
    buckets.push(bucket(lower, upper, count));
  }

  const zeroCount =
    histogram.zeroCountFloat !== undefined && histogram.zeroCountFloat > 0
      ? histogram.zeroCountFloat
      : Number(histogram.zeroCount ?? 0n);
  if (zeroCount > 0) buckets.push({ rule: 3, lower: -threshold, upper: threshold, count: zeroCount });

  const positive = absoluteBuckets(histogram.positiveSpan, histogram.positiveDelta, histogram.positiveCount);
  for (const { index, count } of positive) {
    let lower = exponentialBound(index - 1, schema);
    const upper = exponentialBound(index, schema);
    if (lower > 0 && lower < threshold) lower = threshold;
    buckets.push(bucket(lower, upper, count));
  }
  return buckets;
}

/** A bucket with Prometheus' inclusiveness: lower end inclusive below zero, upper end above zero. */
function bucket(lower: number, upper: number, count: number): NativeBucket {
  const lowerInclusive = lower < 0;
  const upperInclusive = upper > 0;
  const rule: BoundaryRule = lowerInclusive ? (upperInclusive ? 3 : 1) : upperInclusive ? 0 : 2;
  return { rule, lower, upper, count };
}

/**
 * Bucket indexes and absolute counts of one side: from float counts when
 * present, otherwise from the integer deltas. Empty buckets are left out.
 */
function absoluteBuckets(
  spans: readonly BucketSpan[],
  deltas: readonly bigint[],
  floatCounts: readonly number[],
): { index: number; count: number }[] {
  const useFloats = floatCounts.length > 0;
  const result: { index: number; count: number }[] = [];
  let position = 0;
  let index = 0;
  let running = 0n;
  for (const span of spans) {
    index += span.offset;
    for (let k = 0; k < span.length; k++, index++, position++) {
      let count: number;
      if (useFloats) {
        count = floatCounts[position] ?? 0;
      } else {
        running += deltas[position] ?? 0n;
        count = Number(running);
      }
      if (count !== 0) result.push({ index, count });
    }
  }
  return result;
}
