import {
  compareMetrics,
  emptyHistogram,
  groupingKeyId,
  isValidLabelName,
  isValidMetricName,
  type Metric,
  type MetricFamily,
  type MetricType,
} from '@pushgate/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppliedChange } from './journal.js';
import { createMemoryStore } from './memory-store.js';
import {
  type GroupingLabels,
  type MetricStore,
  type OwnFamily,
  StoreError,
  type WriteRequest,
} from './store.js';

const OWN = new Map<string, OwnFamily>([
  ['pushgateway_build_info', { type: 'GAUGE', help: 'build info' }],
  ['pushgateway_http_push_duration_seconds', { type: 'SUMMARY', help: 'push durations' }],
]);

// ---------------------------------------------------------------------------
// A naive model of the store: whole-store state, and a consistency check that
// re-gathers everything on every push as the Go pushgateway does. The indexed
// store must accept and refuse exactly the same pushes and end up in the same
// state.
// ---------------------------------------------------------------------------

interface ModelGroup {
  labels: GroupingLabels;
  families: Map<string, MetricFamily>;
  pushSeconds: number;
  failureSeconds: number;
}

type Model = Map<string, ModelGroup>;

function gaugeLabels(labels: GroupingLabels): [string, string][] {
  const map = new Map(Object.entries(labels));
  if (!map.has('instance')) map.set('instance', '');
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function gauge(name: string, labels: GroupingLabels, value: number): MetricFamily {
  const label = gaugeLabels(labels).map(([n, v]) => ({ name: n, value: v }));
  return { name, type: 'GAUGE', metric: [{ label, gauge: { value } }] };
}

function everyFamily(group: ModelGroup): MetricFamily[] {
  return [
    ...group.families.values(),
    gauge('push_time_seconds', group.labels, group.pushSeconds),
    gauge('push_failure_time_seconds', group.labels, group.failureSeconds),
  ];
}

function hasValue(metric: Metric, type: MetricType): boolean {
  const field = { COUNTER: 'counter', GAUGE: 'gauge', SUMMARY: 'summary', UNTYPED: 'untyped' } as const;
  if (type === 'HISTOGRAM' || type === 'GAUGE_HISTOGRAM') return metric.histogram !== undefined;
  return metric[field[type]] !== undefined;
}

const isHistogram = (type: MetricType | undefined) => type === 'HISTOGRAM' || type === 'GAUGE_HISTOGRAM';

/** Whether the whole model could be scraped: a full gather, Go style. */
function consistent(model: Model): boolean {
  const types = new Map<string, MetricType>([...OWN].map(([name, own]) => [name, own.type]));
  const seen = new Set<string>();
  for (const group of model.values()) {
    for (const family of everyFamily(group)) {
      if (family.metric.length === 0) continue;
      if (!isValidMetricName(family.name, 'legacy')) return false;
      const known = types.get(family.name);
      if (known === undefined) {
        const name = family.name;
        for (const suffix of ['_count', '_sum', '_bucket']) {
          if (!name.endsWith(suffix)) continue;
          const base = types.get(name.slice(0, -suffix.length));
          if ((base === 'SUMMARY' && suffix !== '_bucket') || isHistogram(base)) return false;
        }
        if (
          (family.type === 'SUMMARY' || isHistogram(family.type)) &&
          (types.has(`${name}_count`) || types.has(`${name}_sum`))
        ) {
          return false;
        }
        if (isHistogram(family.type) && types.has(`${name}_bucket`)) return false;
        types.set(name, family.type);
      } else if (known !== family.type) {
        return false;
      }
      for (const metric of family.metric) {
        if (!hasValue(metric, family.type)) return false;
        const names = metric.label.map((l) => l.name);
        if (new Set(names).size !== names.length) return false;
        if (names.some((n) => !isValidLabelName(n, 'legacy') || n.startsWith('__'))) return false;
        if (family.type === 'SUMMARY' && names.includes('quantile')) return false;
        if (isHistogram(family.type) && names.includes('le')) return false;
        const key = JSON.stringify([family.name, metric.label]);
        if (seen.has(key)) return false;
        seen.add(key);
      }
    }
  }
  return true;
}

function sanitised(metric: Metric, grouping: GroupingLabels): Metric {
  const labels = new Map(metric.label.map((l) => [l.name, l.value]));
  for (const [name, value] of Object.entries(grouping)) labels.set(name, value);
  if (!labels.has('instance')) labels.set('instance', '');
  const label = [...labels].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, value]) => ({ name, value }));
  return { ...metric, label };
}

/** Applies a request to the model; returns whether it was accepted. */
function applyToModel(model: Model, request: WriteRequest): boolean {
  const id = groupingKeyId(request.labels);
  const seconds = request.timestampMs / 1000;
  if (request.families === undefined) {
    model.delete(id);
    return true;
  }
  const byName = new Map(request.families.map((family) => [family.name, family]));
  const current = model.get(id);
  const refuse = (): false => {
    if (current) {
      current.failureSeconds = seconds;
      return false;
    }
    const created = new Map(model).set(id, {
      labels: request.labels,
      families: new Map(),
      pushSeconds: 0,
      failureSeconds: seconds,
    });
    if (consistent(created)) model.set(id, created.get(id) as ModelGroup);
    return false;
  };
  if ([...byName.values()].some((family) => family.metric.some((m) => m.timestampMs !== undefined)))
    return refuse();
  const families = new Map(request.replace || !current ? [] : current.families);
  for (const family of byName.values()) {
    if (family.name === 'push_time_seconds' || family.name === 'push_failure_time_seconds') continue;
    families.set(family.name, { ...family, metric: family.metric.map((m) => sanitised(m, request.labels)) });
  }
  const next: ModelGroup = {
    labels: request.labels,
    families,
    pushSeconds: seconds,
    failureSeconds: current?.failureSeconds ?? 0,
  };
  const candidate = new Map(model).set(id, next);
  if (!consistent(candidate)) return refuse();
  model.set(id, next);
  return true;
}

const withBigInts = (_: string, v: unknown) => (typeof v === 'bigint' ? String(v) : v);

function metricLine(name: string, metric: Metric): string {
  return `${name}${JSON.stringify(metric, withBigInts)}`;
}

/** Groups as comparable text: labels, families with their lines, push times. */
function groupsOf(
  groups: Iterable<{ labels: GroupingLabels; families: Iterable<MetricFamily>; times: [number, number] }>,
) {
  return [...groups]
    .map(({ labels, families, times }) => ({
      id: groupingKeyId(labels),
      families: [...families]
        .filter((f) => !f.name.startsWith('push_'))
        .map((f) => `${f.name} ${f.type} ${f.metric.map((m) => metricLine(f.name, m)).join(' ')}`)
        .sort(),
      times,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

function storeGroups(store: MetricStore) {
  return groupsOf(
    [...store.groups()].map((g) => ({
      labels: g.labels,
      families: [...g.families.values()].map((f) => f.family),
      times: [g.lastPushSeconds, g.lastFailureSeconds],
    })),
  );
}

function modelGroups(model: Model) {
  return groupsOf(
    [...model.values()].map((g) => ({
      labels: g.labels,
      families: g.families.values(),
      times: [g.pushSeconds, g.failureSeconds],
    })),
  );
}

/** The model merged by name, as `families()` must show it (one type and HELP per name in these tests). */
function modelMerged(model: Model): string[] {
  const byName = new Map<string, Metric[]>();
  for (const group of model.values()) {
    for (const family of everyFamily(group)) {
      for (const metric of family.metric)
        byName.set(family.name, [...(byName.get(family.name) ?? []), metric]);
    }
  }
  return [...byName]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(
      ([name, metrics]) =>
        `${name}: ${metrics
          .sort(goOrderThenNames)
          .map((m) => metricLine(name, m))
          .join(' ')}`,
    );
}

/** Go's order, with ties (same values, other label names) broken by label names as the store documents. */
function goOrderThenNames(a: Metric, b: Metric): number {
  const names = (m: Metric) => m.label.map((l) => l.name).join(',');
  return compareMetrics(a, b) || (names(a) < names(b) ? -1 : names(a) > names(b) ? 1 : 0);
}

function storeMerged(store: MetricStore): string[] {
  return store.families().map((f) => `${f.name}: ${f.metric.map((m) => metricLine(f.name, m)).join(' ')}`);
}

// ---------------------------------------------------------------------------
// Random requests over a small world, dense in conflicts.
// ---------------------------------------------------------------------------

const TYPES: MetricType[] = ['COUNTER', 'GAUGE', 'SUMMARY', 'UNTYPED', 'HISTOGRAM', 'GAUGE_HISTOGRAM'];

function metricValue(type: MetricType, value: number): Partial<Metric> {
  switch (type) {
    case 'COUNTER':
      return { counter: { value } };
    case 'GAUGE':
      return { gauge: { value } };
    case 'UNTYPED':
      return { untyped: { value } };
    case 'SUMMARY':
      return { summary: { sampleCount: 1n, sampleSum: value, quantile: [{ quantile: 0.5, value }] } };
    default:
      return {
        histogram: {
          ...emptyHistogram(),
          sampleCount: 1n,
          sampleSum: value,
          bucket: [{ cumulativeCount: 1n, upperBound: 1 }],
        },
      };
  }
}

const groupingArb = fc.record(
  { job: fc.constantFrom('a', 'b'), instance: fc.constantFrom('', 'i'), x: fc.constant('1') },
  { requiredKeys: ['job'] },
);

/** Mostly `usual`, now and then one of `rare`: pushes must mostly succeed for the store to fill up. */
function mostly<T, R>(usual: fc.Arbitrary<T>, ...rare: R[]): fc.Arbitrary<T | R> {
  return fc.oneof({ arbitrary: usual, weight: 15 }, { arbitrary: fc.constantFrom(...rare), weight: 1 });
}

const metricArb = fc.record({
  labels: fc.uniqueArray(
    fc.oneof(
      { arbitrary: fc.constant<[string, string]>(['x', '1']), weight: 8 },
      { arbitrary: fc.constantFrom<[string, string]>(['y', '2'], ['instance', 'i']), weight: 3 },
      {
        arbitrary: fc.constantFrom<[string, string]>(['job', 'other'], ['le', '1'], ['quantile', '1']),
        weight: 1,
      },
    ),
    { maxLength: 2, selector: ([name]) => name },
  ),
  value: fc.integer({ min: 0, max: 9 }),
  wrongType: mostly(fc.constant(undefined), ...TYPES),
  timestamp: mostly(fc.constant(undefined), 5n),
});

const familyArb = fc.record({
  name: mostly(
    fc.constantFrom('m', 'm_sum', 'm_count', 'm_bucket', 'h', 'h_bucket'),
    'pushgateway_build_info',
    'pushgateway_http_push_duration_seconds_count',
    'push_time_seconds',
    'bad-name',
  ),
  type: fc.constantFrom(...TYPES),
  metrics: fc.array(metricArb, { maxLength: 2 }),
});

const requestArb = fc.record({
  kind: fc.constantFrom('put', 'post', 'post', 'put', 'delete', 'wipe'),
  labels: groupingArb,
  families: fc.array(familyArb, { maxLength: 3 }),
});

type RequestSpec = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

/** A fresh copy of the request's families each call: the store takes ownership of what it gets. */
function familiesOf(spec: RequestSpec): MetricFamily[] {
  return spec.families.map((family) => ({
    name: family.name,
    help: `help of ${family.name}`,
    type: family.type,
    metric: family.metrics.map((m) => ({
      label: m.labels.map(([name, value]) => ({ name, value })),
      ...metricValue(m.wrongType ?? family.type, m.value),
      ...(m.timestamp === undefined ? {} : { timestampMs: m.timestamp }),
    })),
  }));
}

async function settles(written: Promise<void>): Promise<boolean> {
  return written.then(
    () => true,
    (err: unknown) => {
      expect(err).toBeInstanceOf(StoreError);
      return false;
    },
  );
}

describe('memory store against a naive model', () => {
  it('accepts and refuses exactly what a full re-check does, and ends in the same state', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(requestArb, { minLength: 1, maxLength: 60, size: 'max' }), async (specs) => {
        const store = createMemoryStore({ consistencyCheck: true, ownFamilies: OWN });
        const model: Model = new Map();
        for (const [step, spec] of specs.entries()) {
          const timestampMs = 1_000_000 + step;
          if (spec.kind === 'wipe') {
            await store.wipe();
            model.clear();
          } else {
            const request = (families: MetricFamily[] | undefined): WriteRequest => ({
              labels: spec.labels,
              timestampMs,
              families,
              replace: spec.kind === 'put',
            });
            const deleting = spec.kind === 'delete';
            const expected = applyToModel(model, request(deleting ? undefined : familiesOf(spec)));
            const accepted = await settles(store.write(request(deleting ? undefined : familiesOf(spec))));
            expect(accepted, `step ${step}: ${JSON.stringify(spec, withBigInts)}`).toBe(expected);
          }
          expect(storeGroups(store)).toEqual(modelGroups(model));
          expect(storeMerged(store)).toEqual(modelMerged(model));
        }
      }),
      { numRuns: 300 },
    );
    // Seconds alone; the naive model's full re-checks need more on a machine busy with other suites.
  }, 30_000);
});

describe('journal and replay', () => {
  it('journals every change in order, and replaying the journal rebuilds the same store', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(requestArb, { minLength: 1, maxLength: 40, size: 'max' }), async (specs) => {
        const journal: AppliedChange[] = [];
        const store = createMemoryStore({
          consistencyCheck: true,
          ownFamilies: OWN,
          journal: { append: async (change) => void journal.push(change) },
        });
        for (const [step, spec] of specs.entries()) {
          if (spec.kind === 'wipe') {
            await store.wipe();
            continue;
          }
          const families = spec.kind === 'delete' ? undefined : familiesOf(spec);
          await settles(
            store.write({ labels: spec.labels, timestampMs: step, families, replace: spec.kind === 'put' }),
          );
        }
        const replayed = createMemoryStore({ consistencyCheck: true, ownFamilies: OWN });
        for (const change of journal) replayed.replay(change);
        expect(storeGroups(replayed)).toEqual(storeGroups(store));
        expect(storeMerged(replayed)).toEqual(storeMerged(store));
      }),
      { numRuns: 150 },
    );
  });

  it('records refusals and wipes, and skips changes that change nothing', async () => {
    const journal: AppliedChange[] = [];
    const store = createMemoryStore({
      consistencyCheck: true,
      ownFamilies: OWN,
      journal: { append: async (change) => void journal.push(change) },
    });
    const families = (body: MetricFamily[]) => body;
    await store.write({ labels: { job: 'a' }, timestampMs: 1, families: undefined, replace: true });
    await store.wipe();
    await store.write({ labels: { job: 'a' }, timestampMs: 2, families: families([]), replace: true });
    await settles(
      store.write({
        labels: { job: 'a' },
        timestampMs: 3,
        families: [
          { name: 't', type: 'GAUGE', metric: [{ label: [], gauge: { value: 1 }, timestampMs: 1n }] },
        ],
        replace: true,
      }),
    );
    await settles(
      store.write({ labels: { job: 'a', 'b-c': 'x' }, timestampMs: 4, families: [], replace: true }),
    );
    await store.wipe();
    expect(journal.map((change) => change.kind)).toEqual(['write', 'failure', 'wipe']);
    expect(journal[1]).toEqual({ kind: 'failure', labels: { job: 'a' }, timestampMs: 3 });
  });

  it('resolves a write only once its change is durable, and reports journal failures as unavailable', async () => {
    const appends: { change: AppliedChange; durable: () => void; fail: (err: Error) => void }[] = [];
    const store = createMemoryStore({
      consistencyCheck: true,
      ownFamilies: OWN,
      journal: {
        append: (change) =>
          new Promise<void>((durable, fail) => {
            appends.push({ change, durable, fail });
          }),
      },
    });
    let settled = false;
    const first = store
      .write({ labels: { job: 'a' }, timestampMs: 1, families: [], replace: true })
      .then(() => {
        settled = true;
      });
    const second = store.write({ labels: { job: 'b' }, timestampMs: 2, families: [], replace: true });
    expect(appends.map((a) => a.change.kind)).toEqual(['write', 'write']);
    await Promise.resolve();
    expect(settled).toBe(false);
    appends[0]?.durable();
    await first;
    expect(settled).toBe(true);
    appends[1]?.fail(new Error('disk full'));
    const err = await second.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('unavailable');
    expect((err as StoreError).message).toBe('the change could not be made durable: disk full');

    let closed = false;
    void store
      .write({ labels: { job: 'c' }, timestampMs: 3, families: [], replace: true })
      .catch(() => undefined);
    const closing = store.close().then(() => {
      closed = true;
    });
    await Promise.resolve();
    expect(closed).toBe(false);
    appends[2]?.durable();
    await closing;
    expect(closed).toBe(true);
  });
});

describe('--push.max-groups', () => {
  const push = (store: MetricStore, job: string, value: number) =>
    store.write({
      labels: { job },
      timestampMs: value,
      families: [{ name: 'm', type: 'GAUGE', metric: [{ label: [], gauge: { value } }] }],
      replace: true,
    });

  it('refuses a push that would create one group more than the limit, and changes nothing', async () => {
    const journal: AppliedChange[] = [];
    const store = createMemoryStore({
      consistencyCheck: true,
      ownFamilies: OWN,
      maxGroups: 2,
      journal: { append: async (change) => void journal.push(change) },
    });
    await push(store, 'a', 1);
    await push(store, 'b', 2);
    const refused = await push(store, 'c', 3).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(StoreError);
    expect((refused as StoreError).code).toBe('too_many_groups');
    expect((refused as StoreError).message).toContain('--push.max-groups');
    expect([...store.groups()].map((g) => g.labels.job).sort()).toEqual(['a', 'b']);
    expect(journal).toHaveLength(2);
    // Existing groups can still be pushed to; a deleted one makes room.
    await push(store, 'a', 4);
    await store.write({ labels: { job: 'b' }, timestampMs: 5, families: undefined, replace: true });
    await push(store, 'c', 6);
    expect([...store.groups()].map((g) => g.labels.job).sort()).toEqual(['a', 'c']);
  });

  it('is unbounded at 0', async () => {
    const store = createMemoryStore({ consistencyCheck: false, ownFamilies: OWN, maxGroups: 0 });
    for (let i = 0; i < 50; i++) await push(store, `j${i}`, i);
    expect([...store.groups()]).toHaveLength(50);
  });
});
