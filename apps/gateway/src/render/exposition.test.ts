import {
  compareMetrics,
  emptyHistogram,
  type Metric,
  type MetricFamily,
  parseText,
  writeText,
} from '@pushgate/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../storage/memory-store.js';
import type { MetricStore, OwnFamily } from '../storage/store.js';
import { createExposition } from './exposition.js';

const OWN_TYPES = new Map<string, OwnFamily>([
  ['n', { type: 'COUNTER', help: 'own n' }],
  ['process_open_fds', { type: 'GAUGE', help: 'Number of open file descriptors.' }],
]);

/** The gateway's own families as a scrape would gather them; `n` is also pushed. */
function ownFamilies(scrape: number): MetricFamily[] {
  return [
    { name: 'zz_own_empty', type: 'GAUGE', metric: [] },
    {
      name: 'process_open_fds',
      help: 'Number of open file descriptors.',
      type: 'GAUGE',
      metric: [{ label: [], gauge: { value: scrape } }],
    },
    {
      name: 'n',
      help: 'own n',
      type: 'COUNTER',
      metric: [{ label: [{ name: 'code', value: '200' }], counter: { value: scrape } }],
    },
    { name: 'aa_own', help: 'first', type: 'UNTYPED', metric: [{ label: [], untyped: { value: 1 } }] },
  ];
}

/**
 * The text `/metrics` must show, rendered from scratch from the groups'
 * snapshots: families merged by name (own first, as Go gathers them), empty
 * ones dropped, sorted, then written. Every name has one type and HELP here.
 */
function freshText(store: MetricStore, own: readonly MetricFamily[]): string {
  const byName = new Map<string, MetricFamily>();
  const add = (family: MetricFamily, help: string | undefined) => {
    const merged = byName.get(family.name);
    if (merged) merged.metric.push(...family.metric);
    else
      byName.set(family.name, {
        ...family,
        ...(help === undefined ? {} : { help }),
        metric: [...family.metric],
      });
  };
  for (const family of own) add(family, family.help);
  for (const group of store.groups()) {
    for (const { family } of group.families.values())
      add(family, OWN_TYPES.get(family.name)?.help ?? family.help);
  }
  const families = [...byName.values()]
    .filter((family) => family.metric.length > 0)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const family of families) family.metric.sort(compareMetrics);
  return writeText(families);
}

function metricOf(
  type: 'COUNTER' | 'GAUGE' | 'SUMMARY' | 'HISTOGRAM',
  label: Metric['label'],
  value: number,
): Metric {
  switch (type) {
    case 'COUNTER':
      return { label, counter: { value } };
    case 'GAUGE':
      return { label, gauge: { value } };
    case 'SUMMARY':
      return { label, summary: { sampleCount: 2n, sampleSum: value, quantile: [{ quantile: 0.5, value }] } };
    case 'HISTOGRAM':
      return {
        label,
        histogram: {
          ...emptyHistogram(),
          sampleCount: 2n,
          sampleSum: value,
          bucket: [{ cumulativeCount: 1n, upperBound: 0.5 }],
        },
      };
  }
}

const NAMES = { m: 'GAUGE', n: 'COUNTER', s: 'SUMMARY', h: 'HISTOGRAM' } as const;

const requestArb = fc.record({
  kind: fc.constantFrom('put', 'post', 'post', 'delete', 'wipe'),
  job: fc.constantFrom('a', 'b', 'c', 'd'),
  families: fc.uniqueArray(
    fc.record({
      name: fc.constantFrom(...(Object.keys(NAMES) as (keyof typeof NAMES)[])),
      series: fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 25 }),
      value: fc.double({ noNaN: false }),
    }),
    { maxLength: 3, selector: (family) => family.name },
  ),
  scrapeNow: fc.boolean(),
});

describe('exposition', () => {
  it('always equals a rendering from scratch, however writes and scrapes interleave', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(requestArb, { minLength: 1, maxLength: 80, size: 'max' }),
        async (requests) => {
          const store = createMemoryStore({ consistencyCheck: true, ownFamilies: OWN_TYPES });
          const exposition = createExposition(store);
          for (const [step, request] of requests.entries()) {
            if (request.kind === 'wipe') {
              await store.wipe();
            } else {
              const families: MetricFamily[] | undefined =
                request.kind === 'delete'
                  ? undefined
                  : request.families.map(({ name, series, value }) => ({
                      name,
                      help: `help of ${name}`,
                      type: NAMES[name],
                      metric: series.map((i) =>
                        metricOf(NAMES[name], [{ name: 'i', value: String(i) }], value + i),
                      ),
                    }));
              await store.write({
                labels: { job: request.job },
                timestampMs: step * 1000.5,
                families,
                replace: request.kind === 'put',
              });
            }
            if (request.scrapeNow) {
              const own = ownFamilies(step);
              const expected = freshText(store, own);
              expect(exposition.text(own).toString('utf8')).toBe(expected);
              expect(Buffer.concat(exposition.chunks(own)).toString('utf8')).toBe(expected);
            }
          }
          const own = ownFamilies(-1);
          expect(exposition.text(own).toString('utf8')).toBe(freshText(store, own));
          expect(writeText(exposition.families(own))).toBe(freshText(store, own));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('merges an own family with pushed metrics of the same name into one block with the own HELP', async () => {
    const store = createMemoryStore({ consistencyCheck: true, ownFamilies: OWN_TYPES });
    await store.write({
      labels: { job: 'gg' },
      timestampMs: 1_795_792_300_116.75,
      families: parseText(
        '# HELP process_open_fds Mine.\n# TYPE process_open_fds gauge\nprocess_open_fds 42\n',
      ),
      replace: true,
    });
    const text = createExposition(store).text(ownFamilies(10)).toString('utf8');
    expect(text).toBe(
      [
        '# HELP aa_own first',
        '# TYPE aa_own untyped',
        'aa_own 1',
        '# HELP n own n',
        '# TYPE n counter',
        'n{code="200"} 10',
        '# HELP process_open_fds Number of open file descriptors.',
        '# TYPE process_open_fds gauge',
        'process_open_fds 10',
        'process_open_fds{instance="",job="gg"} 42',
        '# HELP push_failure_time_seconds Last Unix time when changing this group in the Pushgateway failed.',
        '# TYPE push_failure_time_seconds gauge',
        'push_failure_time_seconds{instance="",job="gg"} 0',
        '# HELP push_time_seconds Last Unix time when changing this group in the Pushgateway succeeded.',
        '# TYPE push_time_seconds gauge',
        'push_time_seconds{instance="",job="gg"} 1.79579230011675e+09',
        '',
      ].join('\n'),
    );
  });

  it('leaves out pushed metrics whose type differs from the own family (stored with the check off)', async () => {
    const store = createMemoryStore({ consistencyCheck: false, ownFamilies: OWN_TYPES });
    await store.write({ labels: { job: 'x' }, timestampMs: 0, families: parseText('n 5\n'), replace: true });
    const exposition = createExposition(store);
    expect(exposition.text(ownFamilies(1)).toString('utf8')).toContain(
      '# TYPE n counter\nn{code="200"} 1\n# HELP process',
    );
    expect(exposition.families([]).find((f) => f.name === 'n')?.metric).toHaveLength(1);
  });

  it('shows a changed HELP of the group holding a family longest', async () => {
    const store = createMemoryStore({ consistencyCheck: true, ownFamilies: new Map() });
    const exposition = createExposition(store);
    const push = (job: string, body: string) =>
      store.write({ labels: { job }, timestampMs: 0, families: parseText(body), replace: false });
    await push('a', '# HELP x old\nx 1\n');
    await push('b', '# HELP x other\nx 2\n');
    expect(exposition.text([]).toString('utf8')).toContain('# HELP x old\n');
    await push('a', '# HELP x new\nx 1\n');
    expect(exposition.text([]).toString('utf8')).toContain(
      '# HELP x new\n# TYPE x untyped\nx{instance="",job="a"} 1\nx{instance="",job="b"} 2\n',
    );
    await push('a', 'x 1\n');
    expect(exposition.text([]).toString('utf8')).toContain('\n# TYPE x untyped\nx{instance="",job="a"} 1\n');
    expect(exposition.text([]).toString('utf8')).not.toContain('# HELP x');
  });
});
