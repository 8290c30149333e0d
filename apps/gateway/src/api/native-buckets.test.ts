import { emptyHistogram } from '@pushgate/protocol';
import { describe, expect, it } from 'vitest';
import { isNativeHistogram, nativeBuckets } from './native-buckets.js';

describe('nativeBuckets', () => {
  it('lists negative, zero and positive buckets in ascending order, skipping empty ones', () => {
    const histogram = {
      ...emptyHistogram(),
      schema: 0,
      zeroThreshold: 0.25,
      zeroCountFloat: 1.5,
      // Float counts: buckets 0 and 2 (1 empty in between) on each side.
      positiveSpan: [{ offset: 0, length: 3 }],
      positiveCount: [2, 0, 4],
      negativeSpan: [
        { offset: 0, length: 1 },
        { offset: 1, length: 1 },
      ],
      negativeCount: [3, 5],
    };
    expect(isNativeHistogram(histogram)).toBe(true);
    expect(nativeBuckets(histogram)).toEqual([
      { rule: 1, lower: -4, upper: -2, count: 5 },
      { rule: 1, lower: -1, upper: -0.5, count: 3 },
      { rule: 3, lower: -0.25, upper: 0.25, count: 1.5 },
      { rule: 0, lower: 0.5, upper: 1, count: 2 },
      { rule: 0, lower: 2, upper: 4, count: 4 },
    ]);
  });

  it('accumulates integer deltas and clips buckets overlapping the zero bucket', () => {
    const histogram = {
      ...emptyHistogram(),
      schema: 0,
      zeroThreshold: 0.75,
      positiveSpan: [{ offset: 0, length: 2 }],
      positiveDelta: [1n, 2n],
    };
    expect(nativeBuckets(histogram)).toEqual([
      { rule: 0, lower: 0.75, upper: 1, count: 1 },
      { rule: 0, lower: 1, upper: 2, count: 3 },
    ]);
    expect(isNativeHistogram(emptyHistogram())).toBe(false);
  });
});
