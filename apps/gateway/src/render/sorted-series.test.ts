import type { Metric } from '@pushgate/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSeries } from './series-order.js';
import { type SeriesHint, SortedSeries } from './sorted-series.js';

function metric(labels: [string, string][], value: number): Metric {
  return { label: labels.map(([name, value]) => ({ name, value })), gauge: { value } };
}

/** A stand-in renderer that shows every label and the value, so any misplaced or stale series shows. */
function render(m: Metric): string {
  return `${m.label.map((l) => `${l.name}=${l.value}`).join(',')} ${m.gauge?.value}\n`;
}

function text(series: SortedSeries): string {
  const chunks: Buffer[] = [];
  series.appendText(chunks);
  return Buffer.concat(chunks).toString('utf8');
}

describe('SortedSeries', () => {
  it('keeps series in Go order, label names breaking ties, and renders them', () => {
    const series = new SortedSeries(render);
    const b = metric([['x', 'b']], 1);
    const a = metric([['x', 'a']], 2);
    const twoLabels = metric(
      [
        ['a', ''],
        ['x', 'a'],
      ],
      3,
    );
    const sameValueOtherName = metric([['w', 'b']], 4);
    for (const m of [twoLabels, b, a, sameValueOtherName]) series.insert(m);
    expect(series.metrics()).toEqual([a, sameValueOtherName, b, twoLabels]);
    expect(text(series)).toBe('x=a 2\nw=b 4\nx=b 1\na=,x=a 3\n');
    expect(series.remove(metric([['x', 'a']], 2))).toBe(false);
    expect(series.remove(a)).toBe(true);
    expect(series.remove(a)).toBe(false);
    expect(text(series)).toBe('w=b 4\nx=b 1\na=,x=a 3\n');
    expect(series.size).toBe(3);
  });

  it('renders each series once, however often its block is re-rendered', () => {
    let renders = 0;
    const series = new SortedSeries((m) => {
      renders++;
      return render(m);
    });
    const metrics = Array.from({ length: 300 }, (_, i) => metric([['i', String(i).padStart(3, '0')]], i));
    for (const m of metrics) series.insert(m);
    text(series);
    expect(renders).toBe(300);
    series.remove(metrics[150] as Metric);
    series.insert(metric([['i', '150']], -1));
    expect(text(series)).toContain('i=150 -1\n');
    expect(renders).toBe(301);
  });

  it('matches a plain sorted array under any sequence of inserts, removes and replacements', () => {
    const operation = fc.record({
      kind: fc.constantFrom('insert', 'insert', 'remove', 'replace'),
      labels: fc.array(
        fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 40 }).map(String)),
        {
          maxLength: 2,
        },
      ),
      pick: fc.nat(),
      useHint: fc.boolean(),
      renderNow: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(operation, { minLength: 1, maxLength: 500, size: 'max' }), (ops) => {
        const series = new SortedSeries(render);
        const model: Metric[] = [];
        // Hints go stale when blocks split; the structure must cope with any of them.
        const hints = new Map<Metric, SeriesHint>();
        ops.forEach((op, step) => {
          const victim = model[op.pick % Math.max(1, model.length)];
          const hint = op.useHint && victim ? hints.get(victim) : undefined;
          if (op.kind === 'insert' || !victim) {
            const labels = [...new Map(op.labels)].sort(([x], [y]) => (x < y ? -1 : 1));
            const m = metric(labels, step);
            hints.set(m, series.insert(m));
            let at = model.findIndex((other) => compareSeries(other, m) > 0);
            if (at < 0) at = model.length;
            model.splice(at, 0, m);
          } else if (op.kind === 'remove') {
            expect(series.remove(victim, hint)).toBe(true);
            model.splice(model.indexOf(victim), 1);
          } else {
            const next = metric(
              victim.label.map((l) => [l.name, l.value]),
              -step,
            );
            const placed = series.replace(victim, next, hint);
            expect(placed).toBeDefined();
            if (placed) hints.set(next, placed);
            model[model.indexOf(victim)] = next;
          }
          if (op.renderNow) expect(text(series)).toBe(model.map(render).join(''));
        });
        expect(series.metrics()).toEqual(model);
        expect(series.size).toBe(model.length);
        expect(text(series)).toBe(model.map(render).join(''));
      }),
      { numRuns: 100 },
    );
  });
});
