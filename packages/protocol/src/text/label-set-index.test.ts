import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LabelPair } from '../model.js';
import { LabelSetIndex, labelSetHash } from './label-set-index.js';

const set = (pairs: Record<string, string>): LabelPair[] =>
  Object.entries(pairs).map(([name, value]) => ({ name, value }));

describe('LabelSetIndex', () => {
  it('finds a set whatever the order of its labels', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 })), {
          selector: ([name]) => name,
          maxLength: 20,
        }),
        (entries) => {
          const index = new LabelSetIndex<string>();
          const labels = entries.map(([name, value]) => ({ name, value }));
          expect(index.findOrAdd(labels, 'first')).toBe('first');
          expect(index.findOrAdd([...labels].reverse(), 'second')).toBe('first');
        },
      ),
    );
  });

  it('keeps sets apart that differ in a name, a value or a label', () => {
    const index = new LabelSetIndex<number>();
    const sets = [
      set({}),
      set({ a: '1' }),
      set({ a: '2' }),
      set({ b: '1' }),
      set({ a: '1', b: '1' }),
      set({ ab: '' }),
    ];
    expect(sets.map((labels, i) => index.findOrAdd(labels, i))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sets.map((labels) => index.findOrAdd([...labels], -1))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('keeps sets apart that share a hash', () => {
    // Find two one-label sets whose hashes collide (a birthday search).
    const seen = new Map<number, number>();
    let pair: [number, number] | undefined;
    for (let i = 0; pair === undefined; i++) {
      const hash = labelSetHash(set({ l: String(i) }));
      const earlier = seen.get(hash);
      if (earlier !== undefined) pair = [earlier, i];
      seen.set(hash, i);
    }
    const [x, y] = pair;
    const index = new LabelSetIndex<string>();
    expect(index.findOrAdd(set({ l: String(x) }), 'x')).toBe('x');
    expect(index.findOrAdd(set({ l: String(y) }), 'y')).toBe('y');
    expect(index.findOrAdd(set({ l: String(x) }), 'again')).toBe('x');
    expect(index.findOrAdd(set({ l: String(y) }), 'again')).toBe('y');
  });

  it('compares large sets by name', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ name: `l${i}`, value: `v${i}` }));
    const index = new LabelSetIndex<string>();
    expect(index.findOrAdd(many, 'many')).toBe('many');
    expect(index.findOrAdd([...many].reverse(), 'other')).toBe('many');
    const changed = many.map((pair, i) => (i === 39 ? { name: pair.name, value: 'other' } : pair));
    expect(index.findOrAdd(changed, 'changed')).toBe('changed');
  });
});
