import type { LabelPair, Metric } from '@pushgate/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSeries } from '../render/series-order.js';
import { areKeysOf, isKeyOf, keysOfMetrics, labelSetKey, labelsOfKey } from './label-set-key.js';

/** Characters that stress the escaping: NUL, U+0001, the top of the BMP, astral characters, ASCII. */
const textArb = fc
  .array(
    fc.constantFrom(
      '',
      '\0',
      '\x01',
      'a',
      'b',
      '\ud7ff',
      '\ue000',
      '\ufffe',
      '\uffff',
      '\u{10000}',
      '\u{10ffff}',
    ),
    {
      maxLength: 4,
    },
  )
  .map((parts) => parts.join(''));

/** A label set as the store keeps it: unique names, sorted by code point. */
const labelsArb = fc
  .uniqueArray(fc.tuple(textArb, textArb), { maxLength: 4, selector: ([name]) => name })
  .map((pairs) =>
    pairs
      .map(([name, value]): LabelPair => ({ name, value }))
      .sort((a, b) => (codePoints(a.name) < codePoints(b.name) ? -1 : 1)),
  );

function codePoints(text: string): string {
  return [...text].map((c) => (c.codePointAt(0) ?? 0).toString(16).padStart(6, '0')).join(' ');
}

function metric(label: LabelPair[]): Metric {
  return { label, gauge: { value: 1 } };
}

describe('label-set keys', () => {
  it('give back the labels they were made of', () => {
    fc.assert(
      fc.property(labelsArb, (labels) => {
        expect(labelsOfKey(labelSetKey(labels))).toEqual(labels);
      }),
    );
  });

  it('sort as the exposition orders series, and are equal only for the same label set', () => {
    fc.assert(
      fc.property(labelsArb, labelsArb, (a, b) => {
        const x = labelSetKey(a);
        const y = labelSetKey(b);
        const order = Math.sign(compareSeries(metric(a), metric(b)));
        expect(x < y ? -1 : x > y ? 1 : 0).toBe(order);
        expect(isKeyOf(x, b)).toBe(order === 0);
        expect(isKeyOf(x, a)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('separate label sets that only a naive concatenation would confuse', () => {
    const sets: LabelPair[][] = [
      [{ name: 'a', value: 'b\0\0c' }],
      [
        { name: 'a', value: 'b' },
        { name: 'c', value: '' },
      ],
      [{ name: 'a\0', value: 'b' }],
      [{ name: 'a', value: '\0b' }],
    ];
    expect(new Set(sets.map(labelSetKey)).size).toBe(sets.length);
  });

  it('reuse the keys of a family that re-pushes the same series', () => {
    const metrics = [metric([{ name: 'a', value: '1' }]), metric([{ name: 'a', value: '2' }])];
    const keys = keysOfMetrics(metrics);
    expect(areKeysOf(keys, metrics)).toBe(true);
    expect(
      keysOfMetrics(
        metrics.map((m) => metric([...m.label])),
        keys,
      ),
    ).toBe(keys);
    const other = keysOfMetrics([metrics[1] as Metric, metrics[0] as Metric], keys);
    expect(other).not.toBe(keys);
    expect(other).toEqual([keys[1], keys[0]]);
    expect(areKeysOf(keys, metrics.slice(1))).toBe(false);
  });
});
