import type { Metric } from '@pushgate/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelSetKey } from '../storage/label-set-key.js';
import { compareSeries } from './series-order.js';
import { type SeriesHint, SortedSeries } from './sorted-series.js';

/** A stand-in for a group's stored family: its series' labels and current values. */
interface Holder {
  readonly name: string;
  readonly labels: [string, string][][];
  values: number[];
}

function metricOf(labels: [string, string][]): Metric {
  return { label: labels.map(([name, value]) => ({ name, value })), gauge: { value: 0 } };
}

function keyOf(labels: [string, string][]): string {
  return labelSetKey(metricOf(labels).label);
}

/** A stand-in renderer that shows holder, labels and value, so any misplaced or stale series shows. */
function render(holder: Holder, ordinal: number): string {
  const labels = (holder.labels[ordinal] ?? []).map(([n, v]) => `${n}=${v}`).join(',');
  return `${holder.name}{${labels}} ${holder.values[ordinal]}\n`;
}

function text(series: SortedSeries<Holder>, renderer = render): string {
  const chunks: Buffer[] = [];
  series.appendText(chunks, renderer);
  return Buffer.concat(chunks).toString('utf8');
}

function holder(name: string, ...labels: [string, string][][]): Holder {
  return { name, labels, values: labels.map((_, i) => i) };
}

describe('SortedSeries', () => {
  it('keeps series in Go order, label names breaking ties, and renders them', () => {
    const series = new SortedSeries<Holder>();
    const g = holder(
      'g',
      [['x', 'b']],
      [['x', 'a']],
      [
        ['a', ''],
        ['x', 'a'],
      ],
      [['w', 'b']],
    );
    for (const [i, labels] of g.labels.entries()) series.insert(keyOf(labels), g, i);
    expect(text(series)).toBe('g{x=a} 1\ng{w=b} 3\ng{x=b} 0\ng{a=,x=a} 2\n');
    const expected = [...g.labels].sort((a, b) => compareSeries(metricOf(a), metricOf(b)));
    const visited: [string, string][][] = [];
    series.forEach((h, ordinal) => {
      visited.push(h.labels[ordinal] ?? []);
    });
    expect(visited).toEqual(expected);
    expect(series.remove(keyOf([['x', 'a']]), holder('other'))).toBe(false);
    expect(series.remove(keyOf([['x', 'a']]), g)).toBe(true);
    expect(series.remove(keyOf([['x', 'a']]), g)).toBe(false);
    expect(text(series)).toBe('g{w=b} 3\ng{x=b} 0\ng{a=,x=a} 2\n');
    expect(series.size).toBe(3);
  });

  it('tells who holds a series, when several groups do', () => {
    const series = new SortedSeries<Holder>();
    const a = holder('a', [['x', '1']]);
    const b = holder('b', [['x', '1']]);
    series.insert(keyOf([['x', '1']]), a, 0);
    series.insert(keyOf([['x', '1']]), b, 0);
    expect(series.holderOf(keyOf([['x', '1']]), () => true)).toBe(a);
    expect(series.holderOf(keyOf([['x', '1']]), (h) => h !== a)).toBe(b);
    expect(series.holderOf(keyOf([['x', '2']]), () => true)).toBeUndefined();
    expect(text(series)).toBe('a{x=1} 0\nb{x=1} 0\n');
  });

  it('renders only the series touched since the last render, however large the block', () => {
    let renders = 0;
    const counting = (h: Holder, ordinal: number) => {
      renders++;
      return render(h, ordinal);
    };
    const series = new SortedSeries<Holder>();
    const labels = Array.from({ length: 300 }, (_, i): [string, string][] => [
      ['i', String(i).padStart(3, '0')],
    ]);
    const g = holder('g', ...labels);
    for (const [i, l] of labels.entries()) series.insert(keyOf(l), g, i);
    text(series, counting);
    expect(renders).toBe(300);
    g.values[150] = -1;
    series.touch(keyOf(labels[150] ?? []), g, 150);
    expect(text(series, counting)).toContain('g{i=150} -1\n');
    expect(renders).toBe(301);
    expect(text(series, counting)).toBe(labels.map((_, i) => render(g, i)).join(''));
    expect(renders).toBe(301);
  });

  it('matches a plain sorted array under any sequence of inserts, removes and touches', () => {
    const operation = fc.record({
      kind: fc.constantFrom('insert', 'insert', 'remove', 'touch'),
      labels: fc.array(
        fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 40 }).map(String)),
        {
          maxLength: 2,
        },
      ),
      holder: fc.constantFrom('p', 'q'),
      pick: fc.nat(),
      useHint: fc.boolean(),
      renderNow: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(operation, { minLength: 1, maxLength: 500, size: 'max' }), (ops) => {
        const series = new SortedSeries<Holder>();
        // One holder per inserted series: a series is its key and its holder.
        interface Entry {
          readonly key: string;
          readonly holder: Holder;
          hint: SeriesHint | undefined;
        }
        const model: Entry[] = [];
        ops.forEach((op, step) => {
          const victim = model[op.pick % Math.max(1, model.length)];
          const hint = op.useHint ? victim?.hint : undefined;
          if (op.kind === 'insert' || !victim) {
            const labels = [...new Map(op.labels)].sort(([x], [y]) => (x < y ? -1 : 1));
            const h: Holder = { name: op.holder, labels: [labels], values: [step] };
            const key = keyOf(labels);
            const entry = { key, holder: h, hint: series.insert(key, h, 0) };
            let at = model.findIndex((other) => other.key > key);
            if (at < 0) at = model.length;
            model.splice(at, 0, entry);
            // A series no other holder has (with another key) must not be reported as held by one.
            expect(series.holderOf(key, (other) => other === h)).toBe(h);
          } else if (op.kind === 'remove') {
            expect(series.remove(victim.key, victim.holder, hint)).toBe(true);
            model.splice(model.indexOf(victim), 1);
          } else {
            victim.holder.values[0] = -step;
            victim.hint = series.touch(victim.key, victim.holder, 0, hint);
            expect(victim.hint).toBeDefined();
          }
          if (op.renderNow) expect(text(series)).toBe(model.map((e) => render(e.holder, 0)).join(''));
        });
        expect(series.size).toBe(model.length);
        expect(text(series)).toBe(model.map((e) => render(e.holder, 0)).join(''));
        const order: Holder[] = [];
        series.forEach((h) => {
          order.push(h);
        });
        expect(order).toEqual(model.map((e) => e.holder));
      }),
      { numRuns: 100 },
    );
  });
});
