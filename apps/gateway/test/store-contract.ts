/**
 * The behaviour every MetricStore must have, as a reusable vitest suite: the
 * Go pushgateway's storage semantics (behaviour notes §3.5–3.8, §4.1–4.3 and
 * the storage checklist of §9) with its store-poisoning bugs (§12) fixed.
 * Expected error texts are the ones the Go pushgateway 1.5.1 answers for the
 * same requests.
 */
import { type Metric, type MetricFamily, parseText } from '@pushgate/protocol';
import { describe, expect, it } from 'vitest';
import {
  type GroupingLabels,
  type GroupSnapshot,
  type MetricStore,
  type OwnFamily,
  StoreError,
} from '../src/storage/store.js';

/** How the suite needs a store configured. */
export interface ContractStoreConfig {
  readonly consistencyCheck: boolean;
  readonly ownFamilies: ReadonlyMap<string, OwnFamily>;
}

/** The gateway's own families as the suite configures them. */
export const CONTRACT_OWN_FAMILIES: ReadonlyMap<string, OwnFamily> = new Map<string, OwnFamily>([
  [
    'process_start_time_seconds',
    { type: 'GAUGE', help: 'Start time of the process since unix epoch in seconds.' },
  ],
  [
    'pushgateway_build_info',
    { type: 'GAUGE', help: 'A metric with a constant 1 value labeled by version and revision.' },
  ],
  [
    'pushgateway_http_push_duration_seconds',
    { type: 'SUMMARY', help: 'HTTP request duration for pushes to the Pushgateway.' },
  ],
  ['nodejs_gc_duration_seconds', { type: 'HISTOGRAM', help: 'Garbage collection duration by kind.' }],
]);

const CHECKED: ContractStoreConfig = { consistencyCheck: true, ownFamilies: CONTRACT_OWN_FAMILIES };
const UNCHECKED: ContractStoreConfig = { consistencyCheck: false, ownFamilies: CONTRACT_OWN_FAMILIES };

/** A request time with a sub-millisecond fraction, as the handlers produce. */
const T0 = 1_795_792_250_739.875;
const T1 = T0 + 1000;
const T2 = T0 + 2000;

function write(
  store: MetricStore,
  labels: GroupingLabels,
  families: MetricFamily[] | undefined,
  replace: boolean,
  timestampMs: number,
): Promise<void> {
  return store.write({ labels, timestampMs, families, replace });
}

const put = (store: MetricStore, labels: GroupingLabels, body: string | MetricFamily[], ts = T0) =>
  write(store, labels, typeof body === 'string' ? parseText(body) : body, true, ts);
const post = (store: MetricStore, labels: GroupingLabels, body: string | MetricFamily[], ts = T0) =>
  write(store, labels, typeof body === 'string' ? parseText(body) : body, false, ts);
const remove = (store: MetricStore, labels: GroupingLabels, ts = T0) =>
  write(store, labels, undefined, true, ts);

/** The refusal a write settles with; fails the test if it succeeds or fails otherwise. */
async function refusal(written: Promise<void>): Promise<StoreError> {
  const outcome = await written.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(outcome).toBeInstanceOf(StoreError);
  return outcome as StoreError;
}

function sameLabels(a: GroupingLabels, b: GroupingLabels): boolean {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key])
  );
}

function groupOf(store: MetricStore, labels: GroupingLabels): GroupSnapshot | undefined {
  return [...store.groups()].find((group) => sameLabels(group.labels, labels));
}

/** A metric as one line, `name{a="1",b="2"} value`, for readable assertions. */
function line(name: string, metric: Metric): string {
  const labels = metric.label.map(({ name, value }) => `${name}=${JSON.stringify(value)}`).join(',');
  const value =
    metric.gauge?.value ??
    metric.counter?.value ??
    metric.untyped?.value ??
    (metric.summary ? 'summary' : metric.histogram ? 'histogram' : '?');
  return `${name}{${labels}} ${value}`;
}

/** The merged series of family `name` as lines, or `[]`. */
function exposed(store: MetricStore, name: string): string[] {
  const family = store.families().find((f) => f.name === name);
  return family ? family.metric.map((metric) => line(name, metric)) : [];
}

/** The families a group holds as lines, push gauges left out. */
function pushed(store: MetricStore, labels: GroupingLabels): string[] {
  const group = groupOf(store, labels);
  if (!group) return [];
  return [...group.families.values()]
    .filter(({ family }) => !family.name.startsWith('push_'))
    .flatMap(({ family }) => family.metric.map((metric) => line(family.name, metric)))
    .sort();
}

function gauges(name: string, type: MetricFamily['type'], labelSets: [string, string][][]): MetricFamily {
  const metric: Metric[] = labelSets.map((labels, i) => {
    const label = labels.map(([n, v]) => ({ name: n, value: v }));
    switch (type) {
      case 'COUNTER':
        return { label, counter: { value: i + 1 } };
      case 'UNTYPED':
        return { label, untyped: { value: i + 1 } };
      default:
        return { label, gauge: { value: i + 1 } };
    }
  });
  return { name, type, metric };
}

/**
 * Runs the contract against the stores `make` creates: a fresh store per
 * test, configured as asked (consistency check on or off, own families).
 */
export function storeContract(
  name: string,
  make: (config: ContractStoreConfig) => Promise<MetricStore>,
): void {
  describe(`${name} store contract`, () => {
    describe('sanitising labels', () => {
      it('forces grouping labels onto metrics, keeps other body labels and sorts labels', async () => {
        const store = await make(CHECKED);
        const body = 'm1{job="other",instance="x",foo="bar"} 1\n';
        await put(store, { job: 'j3' }, body);
        await put(store, { job: 'j3', instance: 'i3' }, body);
        expect(exposed(store, 'm1')).toEqual([
          'm1{foo="bar",instance="i3",job="j3"} 1',
          'm1{foo="bar",instance="x",job="j3"} 1',
        ]);
      });

      it('adds instance="" only when the metric has no instance label', async () => {
        const store = await make(CHECKED);
        await put(store, { job: 'j', zone: 'z' }, 'a 1\nb{instance="i"} 2\n');
        expect(pushed(store, { job: 'j', zone: 'z' })).toEqual([
          'a{instance="",job="j",zone="z"} 1',
          'b{instance="i",job="j",zone="z"} 2',
        ]);
      });

      it('labels its push gauges with the grouping labels plus instance=""', async () => {
        const store = await make(CHECKED);
        await put(store, { job: 'j' }, '');
        expect(exposed(store, 'push_time_seconds')).toEqual([
          `push_time_seconds{instance="",job="j"} ${T0 / 1000}`,
        ]);
        expect(exposed(store, 'push_failure_time_seconds')).toEqual([
          'push_failure_time_seconds{instance="",job="j"} 0',
        ]);
        expect(groupOf(store, { job: 'j' })?.labels).toEqual({ job: 'j' });
      });
    });

    describe('PUT, POST, DELETE', () => {
      it('PUT replaces the whole group, POST replaces families by name, whole', async () => {
        const store = await make(CHECKED);
        const j = { job: 'j' };
        await put(store, j, 'a 1\nb 2\nm{x="1"} 1\nm{x="2"} 2\n');
        await post(store, j, 'a 10\nc 3\nm{x="3"} 3\n');
        expect(pushed(store, j)).toEqual([
          'a{instance="",job="j"} 10',
          'b{instance="",job="j"} 2',
          'c{instance="",job="j"} 3',
          'm{instance="",job="j",x="3"} 3',
        ]);
        await put(store, j, 'c 30\n');
        expect(pushed(store, j)).toEqual(['c{instance="",job="j"} 30']);
      });

      it('empty PUT keeps only the push gauges; empty POST only updates push_time_seconds', async () => {
        const store = await make(CHECKED);
        const j = { job: 'j' };
        await put(store, j, 'a 1\n', T0);
        await post(store, j, '', T1);
        expect(pushed(store, j)).toEqual(['a{instance="",job="j"} 1']);
        expect(groupOf(store, j)?.lastPushSeconds).toBe(T1 / 1000);
        await put(store, j, '', T2);
        const group = groupOf(store, j);
        expect(pushed(store, j)).toEqual([]);
        expect([...(group?.families.keys() ?? [])].sort()).toEqual([
          'push_failure_time_seconds',
          'push_time_seconds',
        ]);
        expect(group?.lastPushSeconds).toBe(T2 / 1000);
      });

      it('DELETE removes exactly one group with its gauges; deleting a missing group succeeds', async () => {
        const store = await make(CHECKED);
        await put(store, { job: 'x' }, 'a 1\n');
        await put(store, { job: 'x', instance: 'y' }, 'a 2\n');
        await remove(store, { job: 'x' });
        await remove(store, { job: 'doesnotexist' });
        expect([...store.groups()].map((g) => g.labels)).toEqual([{ job: 'x', instance: 'y' }]);
        expect(exposed(store, 'push_time_seconds')).toEqual([
          `push_time_seconds{instance="y",job="x"} ${T0 / 1000}`,
        ]);
        await remove(store, { job: 'x', instance: 'y' });
        expect([...store.groups()]).toEqual([]);
        expect(store.families()).toEqual([]);
      });

      it('PUT with no group yet creates it with only the push gauges', async () => {
        const store = await make(CHECKED);
        await put(store, { job: 'newgroup' }, '');
        expect(groupOf(store, { job: 'newgroup' })?.lastPushSeconds).toBe(T0 / 1000);
      });

      it('keeps the last of several pushed families with the same name', async () => {
        const store = await make(CHECKED);
        await put(store, { job: 'pb' }, [
          gauges('pm9', 'UNTYPED', [[]]),
          gauges('pm9', 'GAUGE', [[], [['a', 'b']]]),
        ]);
        expect(exposed(store, 'pm9')).toEqual([
          'pm9{instance="",job="pb"} 1',
          'pm9{a="b",instance="",job="pb"} 2',
        ]);
      });
    });

    describe('push_time_seconds and push_failure_time_seconds', () => {
      it('records per-family write times and the group push time', async () => {
        const store = await make(CHECKED);
        const j = { job: 'j' };
        await put(store, j, 'a 1\n', T0);
        await post(store, j, 'b 1\n', T1);
        const group = groupOf(store, j);
        expect(group?.families.get('a')?.timestampMs).toBe(T0);
        expect(group?.families.get('b')?.timestampMs).toBe(T1);
        expect(group?.families.get('push_time_seconds')?.timestampMs).toBe(T1);
        expect(group?.families.get('push_failure_time_seconds')?.timestampMs).toBe(T0);
        expect(group?.lastPushSeconds).toBe(T1 / 1000);
        expect(group?.lastFailureSeconds).toBe(0);
      });

      it('ignores pushed families named like the push gauges, on new and existing groups', async () => {
        const store = await make(CHECKED);
        const pf = { job: 'pf' };
        await put(
          store,
          pf,
          '# TYPE push_time_seconds counter\npush_time_seconds 5\npush_failure_time_seconds 7\n',
        );
        await post(store, pf, 'push_failure_time_seconds 12345\npush_time_seconds 1\n', T1);
        expect(exposed(store, 'push_time_seconds')).toEqual([
          `push_time_seconds{instance="",job="pf"} ${T1 / 1000}`,
        ]);
        expect(exposed(store, 'push_failure_time_seconds')).toEqual([
          'push_failure_time_seconds{instance="",job="pf"} 0',
        ]);
        expect(store.families().find((f) => f.name === 'push_time_seconds')?.type).toBe('GAUGE');
      });

      it('keeps the failure time across later successful PUTs', async () => {
        const store = await make(CHECKED);
        const j = { job: 'j' };
        await put(store, j, 'a 1\n', T0);
        await refusal(put(store, j, 'a 1 1000\n', T1));
        await put(store, j, 'b 1\n', T2);
        const group = groupOf(store, j);
        expect(group?.lastFailureSeconds).toBe(T1 / 1000);
        expect(group?.lastPushSeconds).toBe(T2 / 1000);
        expect(group?.families.get('push_failure_time_seconds')?.timestampMs).toBe(T1);
      });
    });

    describe('timestamps', () => {
      it('refuses timestamps; a new group then has push time 0 and the failure time', async () => {
        const store = await make(CHECKED);
        const err = await refusal(put(store, { job: 'j4' }, 'm2 1 1000\n'));
        expect(err.code).toBe('inconsistent');
        expect(err.message).toBe('pushed metrics must not have timestamps');
        const group = groupOf(store, { job: 'j4' });
        expect(group?.lastPushSeconds).toBe(0);
        expect(group?.lastFailureSeconds).toBe(T0 / 1000);
        expect(exposed(store, 'm2')).toEqual([]);
      });

      it('reports only the timestamps even when there are other problems', async () => {
        const store = await make(CHECKED);
        const err = await refusal(
          put(
            store,
            { job: 'j' },
            '# TYPE pushgateway_build_info counter\npushgateway_build_info 1\nts 1 5\n',
          ),
        );
        expect(err.problems).toEqual(['pushed metrics must not have timestamps']);
      });

      it('refuses timestamps with the consistency check off too', async () => {
        const store = await make(UNCHECKED);
        const err = await refusal(put(store, { job: 'z' }, 'ts 1 1000\n'));
        expect(err.message).toBe('pushed metrics must not have timestamps');
        expect(groupOf(store, { job: 'z' })?.lastFailureSeconds).toBe(T0 / 1000);
      });
    });

    describe('consistency check', () => {
      it('refuses a type clash with another group, worded as Go', async () => {
        const store = await make(CHECKED);
        await put(store, { job: 'some_job' }, 'some_metric 3.14\n');
        const err = await refusal(
          put(
            store,
            { job: 'j2', instance: 'i1' },
            '# TYPE some_metric counter\nsome_metric{label="val1"} 42\n# TYPE another_metric gauge\n# HELP another_metric Just an example.\nanother_metric 2398.283\n',
          ),
        );
        expect(err.message).toBe(
          'collected metric "some_metric" { label:<name:"instance" value:"i1" > label:<name:"job" value:"j2" > label:<name:"label" value:"val1" > counter:<value:42 > } is not a UNTYPED',
        );
        expect(exposed(store, 'another_metric')).toEqual([]);
        const failed = groupOf(store, { job: 'j2', instance: 'i1' });
        expect([failed?.lastPushSeconds, failed?.lastFailureSeconds]).toEqual([0, T0 / 1000]);
      });

      it('refuses types other than the own family type, and lists several problems as Go', async () => {
        const store = await make(CHECKED);
        const err = await refusal(
          put(store, { job: 'p8' }, [
            gauges('process_start_time_seconds', 'COUNTER', [[]]),
            gauges('pushgateway_build_info', 'UNTYPED', [[]]),
          ]),
        );
        expect(err.message).toBe(
          '2 error(s) occurred:\n' +
            '* gathered metric family process_start_time_seconds has type COUNTER but should have GAUGE\n' +
            '* gathered metric family pushgateway_build_info has type UNTYPED but should have GAUGE',
        );
        expect(err.problems).toHaveLength(2);
      });

      it('exposes pushed own-named families with the standard HELP but keeps the pushed HELP in the group', async () => {
        const store = await make(CHECKED);
        await put(
          store,
          { job: 'gg' },
          '# HELP process_start_time_seconds My own help.\n# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds 42\n',
        );
        const merged = store.merged().find((f) => f.name === 'process_start_time_seconds');
        expect(merged?.help).toBe('Start time of the process since unix epoch in seconds.');
        expect(merged?.family().help).toBe('Start time of the process since unix epoch in seconds.');
        expect(groupOf(store, { job: 'gg' })?.families.get('process_start_time_seconds')?.family.help).toBe(
          'My own help.',
        );
      });

      it('refuses a series another group already has (body label equal to its grouping label)', async () => {
        const store = await make(CHECKED);
        await put(store, { job: 'a', x: '1' }, 'm 1\n');
        const err = await refusal(put(store, { job: 'a' }, 'm{x="1"} 2\nother 1\n'));
        expect(err.message).toBe(
          'collected metric "m" { label:<name:"instance" value:"" > label:<name:"job" value:"a" > label:<name:"x" value:"1" > untyped:<value:2 > } was collected before with the same name and label values',
        );
        expect(groupOf(store, { job: 'a' })?.lastPushSeconds).toBe(0);
        expect(exposed(store, 'other')).toEqual([]);
      });

      it('refuses duplicate series within a push, and each bad metric once, as Go', async () => {
        const store = await make(CHECKED);
        const family: MetricFamily = {
          name: 'pe',
          type: 'GAUGE',
          metric: [
            { label: [{ name: 'a', value: '1' }], gauge: { value: 1 } },
            { label: [{ name: 'a', value: '1' }], gauge: { value: 2 } },
            { label: [{ name: 'b', value: '1' }], counter: { value: 2 } },
          ],
        };
        const err = await refusal(put(store, { job: 'p5' }, [family]));
        expect(err.message).toBe(
          '2 error(s) occurred:\n' +
            '* collected metric "pe" { label:<name:"a" value:"1" > label:<name:"instance" value:"" > label:<name:"job" value:"p5" > gauge:<value:2 > } was collected before with the same name and label values\n' +
            '* collected metric "pe" { label:<name:"b" value:"1" > label:<name:"instance" value:"" > label:<name:"job" value:"p5" > counter:<value:2 > } is not a GAUGE',
        );
      });

      it('refuses invalid, reserved and repeated label names and label values that are not UTF-8', async () => {
        const store = await make(CHECKED);
        const messages = [];
        for (const [job, labels] of [
          ['p1', [['a-b', 'x']]],
          [
            'p2',
            [
              ['a', 'x'],
              ['a', 'y'],
            ],
          ],
          ['p3', [['__x', 'x']]],
          ['p4', [['a', '\udcff']]],
        ] as const) {
          const family = gauges(job.replace('p', 'm'), 'GAUGE', [
            labels.map(([n, v]) => [n, v] as [string, string]),
          ]);
          messages.push((await refusal(put(store, { job }, [family]))).message);
        }
        expect(messages).toEqual([
          'collected metric "m1" { label:<name:"a-b" value:"x" > label:<name:"instance" value:"" > label:<name:"job" value:"p1" > gauge:<value:1 > } has a label with an invalid name: a-b',
          'collected metric "m2" { label:<name:"a" value:"x" > label:<name:"a" value:"y" > label:<name:"instance" value:"" > label:<name:"job" value:"p2" > gauge:<value:1 > } has two or more labels with the same name: a',
          'collected metric "m3" { label:<name:"__x" value:"x" > label:<name:"instance" value:"" > label:<name:"job" value:"p3" > gauge:<value:1 > } has a label with an invalid name: __x',
          'collected metric "m4" { label:<name:"a" value:"\\377" > label:<name:"instance" value:"" > label:<name:"job" value:"p4" > gauge:<value:1 > } has a label named "a" whose value is not utf8: "\\xff"',
        ]);
      });

      it('refuses an explicit quantile label on a summary (from the grouping key too)', async () => {
        const store = await make(CHECKED);
        const err = await refusal(
          put(
            store,
            { job: 'q', quantile: '5' },
            '# TYPE s summary\ns{quantile="0.5"} 1\ns_sum 2\ns_count 3\n',
          ),
        );
        expect(err.message).toBe(
          'collected metric "s" { label:<name:"instance" value:"" > label:<name:"job" value:"q" > label:<name:"quantile" value:"5" > summary:<sample_count:3 sample_sum:2 quantile:<quantile:0.5 value:1 > > } must not have an explicit "quantile" label',
        );
      });

      it('refuses a value that does not match the family type', async () => {
        const store = await make(CHECKED);
        const family: MetricFamily = {
          name: 'g',
          type: 'GAUGE',
          metric: [{ label: [], counter: { value: 1 } }],
        };
        const err = await refusal(put(store, { job: 'pb' }, [family]));
        expect(err.message).toBe(
          'collected metric "g" { label:<name:"instance" value:"" > label:<name:"job" value:"pb" > counter:<value:1 > } is not a GAUGE',
        );
      });

      it('refuses suffix collisions between histograms or summaries and other families', async () => {
        const store = await make(CHECKED);
        await put(store, { job: 'h' }, '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 2\nh_count 2\n');
        await put(store, { job: 's' }, '# TYPE s summary\ns_sum 2\ns_count 2\n');
        await put(store, { job: 'x' }, 'x_bucket 1\ny_sum 1\n');
        const messages = [];
        for (const body of [
          'h_sum 1\n',
          's_count 1\n',
          '# TYPE x histogram\nx_bucket{le="+Inf"} 2\nx_sum 2\nx_count 2\n',
          '# TYPE y summary\ny_sum 2\ny_count 2\n',
          'pushgateway_http_push_duration_seconds_count 1\n',
        ]) {
          messages.push((await refusal(put(store, { job: 'q6' }, body))).message);
        }
        expect(messages).toEqual([
          'collected metric named "h_sum" collides with previously collected histogram named "h"',
          'collected metric named "s_count" collides with previously collected summary named "s"',
          'collected histogram named "x" collides with previously collected metric named "x_bucket"',
          'collected histogram or summary named "y" collides with previously collected metric named "y_sum"',
          'collected metric named "pushgateway_http_push_duration_seconds_count" collides with previously collected summary named "pushgateway_http_push_duration_seconds"',
        ]);
        await put(store, { job: 'q6' }, 's_bucket 1\n');
        expect(exposed(store, 's_bucket')).toEqual(['s_bucket{instance="",job="q6"} 1']);
      });

      it('checks families of one push against each other', async () => {
        const store = await make(CHECKED);
        const summary: MetricFamily = {
          name: 'k',
          type: 'SUMMARY',
          metric: [{ label: [], summary: { sampleCount: 1n, sampleSum: 1, quantile: [] } }],
        };
        const err = await refusal(put(store, { job: 'j' }, [gauges('k_sum', 'GAUGE', [[]]), summary]));
        expect(err.message).toBe(
          'collected histogram or summary named "k" collides with previously collected metric named "k_sum"',
        );
        const reverse = await refusal(put(store, { job: 'j' }, [summary, gauges('k_count', 'GAUGE', [[]])]));
        expect(reverse.message).toBe(
          'collected metric named "k_count" collides with previously collected summary named "k"',
        );
      });

      it('refuses invalid or empty metric names', async () => {
        const store = await make(CHECKED);
        const err = await refusal(
          put(store, { job: 'pb5' }, [gauges('bad-name', 'UNTYPED', [[]]), gauges('', 'UNTYPED', [[]])]),
        );
        expect(err.problems).toEqual(['invalid metric name "bad-name"', 'invalid metric name ""']);
      });

      it('does not count the families a push replaces', async () => {
        const store = await make(CHECKED);
        const j = { job: 'j' };
        await put(store, j, 'm{a="1"} 1\nkeep 1\n');
        await put(store, j, 'm{a="1"} 2\nkeep 2\n');
        await post(store, j, '# TYPE m counter\nm{a="1"} 3\n');
        await put(store, j, '# TYPE keep gauge\nkeep 3\n# TYPE m_sum gauge\nm_sum 1\n');
        expect(pushed(store, j)).toEqual(['keep{instance="",job="j"} 3', 'm_sum{instance="",job="j"} 1']);
        const err = await refusal(post(store, j, '# TYPE m summary\nm_count 1\nm_sum 1\n'));
        expect(err.message).toBe(
          'collected histogram or summary named "m" collides with previously collected metric named "m_sum"',
        );
      });

      it('frees the series of deleted groups and of families a PUT drops', async () => {
        const store = await make(CHECKED);
        await put(store, { job: 'a' }, 'm{x="1"} 1\n');
        await refusal(put(store, { job: 'a', x: '1' }, 'm 2\n'));
        await remove(store, { job: 'a' });
        await put(store, { job: 'a', x: '1' }, 'm 2\n');
        await refusal(put(store, { job: 'a' }, 'm{x="1"} 1\n'));
        await put(store, { job: 'a', x: '1' }, 'other 1\n');
        await put(store, { job: 'a' }, 'm{x="1"} 1\n');
        expect(exposed(store, 'm')).toEqual(['m{instance="",job="a",x="1"} 1']);
      });

      it('forgets deleted and wiped families', async () => {
        const store = await make(CHECKED);
        await put(store, { job: 'a' }, 'x 1\nh_sum 1\n');
        await refusal(put(store, { job: 'b' }, '# TYPE x counter\nx 1\n'));
        await remove(store, { job: 'a' });
        await put(
          store,
          { job: 'b' },
          '# TYPE x counter\nx 1\n# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
        );
        await store.wipe();
        expect([...store.groups()]).toEqual([]);
        expect(store.families()).toEqual([]);
        await put(store, { job: 'b' }, 'x 1\nh_sum 1\n');
        await put(store, { job: 'c' }, 'x 2\n');
        expect(exposed(store, 'x')).toEqual(['x{instance="",job="b"} 1', 'x{instance="",job="c"} 2']);
      });
    });

    describe('the Go bugs that are not copied (§12)', () => {
      it('12.1: never creates a group whose push gauges duplicate another group’s (instance="")', async () => {
        const store = await make(CHECKED);
        await put(store, { job: 'j3' }, 'm1 5\n');
        const err = await refusal(put(store, { job: 'j3', instance: '' }, 'm1 5\n', T1));
        expect(err.problems).toHaveLength(3);
        expect(err.problems[0]).toMatch(
          /^collected metric "push_time_seconds" \{ label:<name:"instance" value:"" > label:<name:"job" value:"j3" > gauge:<value:1\.79579225\d+e\+09 > \} was collected before with the same name and label values$/,
        );
        expect(err.problems[1]).toMatch(
          /^collected metric "push_failure_time_seconds" .* was collected before/,
        );
        expect([...store.groups()].map((g) => g.labels)).toEqual([{ job: 'j3' }]);
        expect(groupOf(store, { job: 'j3' })?.lastFailureSeconds).toBe(0);
        await put(store, { job: 'other' }, 'm1 6\n');
        expect(exposed(store, 'm1')).toHaveLength(2);
      });

      it('12.1 the other way round, with the check off too: {instance=""} first, then {job} alone', async () => {
        const store = await make(UNCHECKED);
        await put(store, { job: 'j3', instance: '' }, 'a 1\n');
        await refusal(put(store, { job: 'j3' }, 'b 1\n'));
        await refusal(put(store, { job: 'j3' }, ''));
        expect([...store.groups()].map((g) => g.labels)).toEqual([{ job: 'j3', instance: '' }]);
      });

      it('12.2: never creates a group whose labels are not valid', async () => {
        const store = await make(CHECKED);
        const err = await refusal(put(store, { job: 'uj', foo: '\udcff' }, 'm 1\n'));
        expect(err.message).toContain('has a label named "foo" whose value is not utf8: "\\xff"');
        const badName = await refusal(put(store, { job: 'uj', 'a-b': 'c' }, 'm 1\n'));
        expect(badName.message).toContain('has a label with an invalid name: a-b');
        expect([...store.groups()]).toEqual([]);
        await put(store, { job: 'fine' }, 'm 1\n');
      });

      it('12.4: refuses an empty metric name instead of blanking every scrape', async () => {
        const store = await make(UNCHECKED);
        const err = await refusal(put(store, { job: 'pb' }, [gauges('', 'UNTYPED', [[]])]));
        expect(err.message).toBe('invalid metric name ""');
        expect(store.families().map((f) => f.name)).toEqual([
          'push_failure_time_seconds',
          'push_time_seconds',
        ]);
      });

      it('12.5: refuses an le grouping label on histograms, allows it on other types', async () => {
        const store = await make(CHECKED);
        const err = await refusal(
          put(
            store,
            { job: 'x', le: '5' },
            '# TYPE hle histogram\nhle_bucket{le="1"} 1\nhle_bucket{le="+Inf"} 1\nhle_sum 1\nhle_count 1\n',
          ),
        );
        expect(err.message).toMatch(/^collected metric "hle" \{ .* \} must not have an explicit "le" label$/);
        await put(store, { job: 'x', le: '5' }, 'g 1\n');
        expect(exposed(store, 'g')).toEqual(['g{instance="",job="x",le="5"} 1']);
      });

      it('12.7: the HELP of a family merged across groups is the one of the group that has held it longest', async () => {
        const store = await make(CHECKED);
        await put(store, { job: 'a' }, '# HELP hm first help\nhm 1\n');
        await put(store, { job: 'b' }, '# HELP hm second help\nhm 2\n');
        const help = () => store.merged().find((f) => f.name === 'hm')?.help;
        expect(help()).toBe('first help');
        await post(store, { job: 'a' }, '# HELP hm third help\nhm 1\n');
        expect(help()).toBe('third help');
        await put(store, { job: 'a' }, 'other 1\n');
        expect(help()).toBe('second help');
        await post(store, { job: 'a' }, '# HELP hm first help\nhm 1\n');
        expect(help()).toBe('second help');
      });
    });

    describe('atomicity and ordering', () => {
      it('a refused push changes nothing but the failure time', async () => {
        const store = await make(CHECKED);
        await put(store, { job: 'a' }, 'a 1\nb 2\n', T0);
        await put(store, { job: 'b' }, 'x 1\n', T0);
        const before = groupOf(store, { job: 'a' });
        const otherFamilies = store.families().filter((f) => f.name !== 'push_failure_time_seconds');
        await refusal(put(store, { job: 'a' }, '# TYPE x counter\nx 5\nc 3\n', T1));
        await refusal(post(store, { job: 'a' }, '# TYPE x counter\nx 5\nc 3\n', T2));
        const after = groupOf(store, { job: 'a' });
        expect([...(after?.families ?? [])].filter(([name]) => name !== 'push_failure_time_seconds')).toEqual(
          [...(before?.families ?? [])].filter(([name]) => name !== 'push_failure_time_seconds'),
        );
        expect(after?.lastFailureSeconds).toBe(T2 / 1000);
        expect(store.families().filter((f) => f.name !== 'push_failure_time_seconds')).toEqual(otherFamilies);
      });

      it('a valid push after a refused one succeeds and keeps the failure time', async () => {
        const store = await make(CHECKED);
        const err = await refusal(
          put(store, { job: 'g' }, [gauges('pushgateway_build_info', 'COUNTER', [[]])], T0),
        );
        expect(err.code).toBe('inconsistent');
        await put(store, { job: 'g' }, 'fine 1\n', T1);
        const group = groupOf(store, { job: 'g' });
        expect([group?.lastPushSeconds, group?.lastFailureSeconds]).toEqual([T1 / 1000, T0 / 1000]);
      });

      it('applies writes in call order', async () => {
        const store = await make(CHECKED);
        const j = { job: 'j' };
        await Promise.all([
          put(store, j, 'a 1\n', T0),
          remove(store, j, T0),
          put(store, j, 'b 1\n', T1),
          post(store, j, 'c 1\n', T2),
          put(store, { job: 'k' }, 'b 1\n', T2),
        ]);
        expect(pushed(store, j)).toEqual(['b{instance="",job="j"} 1', 'c{instance="",job="j"} 1']);
        const settled = await Promise.allSettled([
          put(store, { job: 'k' }, '# TYPE b counter\nb 1\n'),
          remove(store, { job: 'j' }),
          put(store, { job: 'k' }, '# TYPE b counter\nb 1\n'),
        ]);
        expect(settled.map((s) => s.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
      });
    });

    describe('merged families', () => {
      it('merges same-named families of all groups, sorted as Go sorts', async () => {
        const store = await make(CHECKED);
        await put(store, { job: 'b' }, 'mf1{x="2"} 1\nzz 1\n');
        await put(store, { job: 'a' }, 'mf1{x="1"} 1\nmf1 2\n');
        await put(store, { job: 'c', instance: 'i' }, 'mf1 3\naa 1\nempty_family_is_dropped 1\n');
        await post(store, { job: 'c', instance: 'i' }, [
          { name: 'empty_family_is_dropped', type: 'GAUGE', metric: [] },
        ]);
        expect(store.families().map((f) => f.name)).toEqual([
          'aa',
          'mf1',
          'push_failure_time_seconds',
          'push_time_seconds',
          'zz',
        ]);
        expect(exposed(store, 'mf1')).toEqual([
          'mf1{instance="",job="a"} 2',
          'mf1{instance="i",job="c"} 3',
          'mf1{instance="",job="a",x="1"} 1',
          'mf1{instance="",job="b",x="2"} 1',
        ]);
        expect(
          groupOf(store, { job: 'c', instance: 'i' })?.families.get('empty_family_is_dropped')?.family.metric,
        ).toEqual([]);
      });

      it('orders names and values by code point (UTF-8 byte order)', async () => {
        const store = await make(CHECKED);
        await put(store, { job: '\uffff' }, 'm 1\n');
        await put(store, { job: '\u{10000}' }, 'm 1\n');
        await put(store, { job: 'z' }, 'm 1\n');
        expect(exposed(store, 'm').map((l) => l.slice(l.indexOf('job=')))).toEqual([
          'job="z"} 1',
          'job="\uffff"} 1',
          'job="\u{10000}"} 1',
        ]);
      });

      it('serves unchanged families and arrays from its cache', async () => {
        const store = await make(CHECKED);
        await put(store, { job: 'a' }, 'a 1\nb 1\n');
        const first = store.families();
        expect(store.families()).toBe(first);
        const b = first.find((f) => f.name === 'b');
        await post(store, { job: 'a' }, 'a 2\n');
        const second = store.families();
        expect(second).not.toBe(first);
        expect(second.find((f) => f.name === 'b')).toBe(b);
        expect(second.find((f) => f.name === 'a')).not.toBe(first.find((f) => f.name === 'a'));
      });

      it('with the check off, stores conflicts but exposes only metrics of the eldest type', async () => {
        const store = await make(UNCHECKED);
        await put(store, { job: 'a' }, 'x 1\n');
        await put(store, { job: 'b' }, '# TYPE x counter\nx 2\n');
        await put(store, { job: 'c' }, 'x 3\n');
        expect(store.families().find((f) => f.name === 'x')?.type).toBe('UNTYPED');
        expect(exposed(store, 'x')).toEqual(['x{instance="",job="a"} 1', 'x{instance="",job="c"} 3']);
        await remove(store, { job: 'a' });
        expect(store.families().find((f) => f.name === 'x')?.type).toBe('COUNTER');
        expect(exposed(store, 'x')).toEqual(['x{instance="",job="b"} 2']);
        expect(pushed(store, { job: 'c' })).toEqual(['x{instance="",job="c"} 3']);
      });

      it('with the check off, still refuses problems of a push by itself', async () => {
        const store = await make(UNCHECKED);
        const err = await refusal(
          put(store, { job: 'p2' }, [
            gauges('m', 'GAUGE', [
              [
                ['a', 'x'],
                ['a', 'y'],
              ],
            ]),
          ]),
        );
        expect(err.message).toMatch(/has two or more labels with the same name: a$/);
        await put(store, { job: 'p2' }, 'm{a="1"} 1\n');
        await put(
          store,
          { job: 'p3' },
          '# TYPE process_start_time_seconds counter\nprocess_start_time_seconds 1\n',
        );
        expect(groupOf(store, { job: 'p3' })?.lastFailureSeconds).toBe(0);
      });
    });

    describe('lifecycle', () => {
      it('is healthy until closed, then refuses writes as unavailable', async () => {
        const store = await make(CHECKED);
        expect(store.health()).toBeUndefined();
        await put(store, { job: 'j' }, 'a 1\n');
        await store.close();
        expect(store.health()).toBeDefined();
        const err = await refusal(put(store, { job: 'j' }, 'a 2\n'));
        expect(err.code).toBe('unavailable');
        expect(pushed(store, { job: 'j' })).toEqual(['a{instance="",job="j"} 1']);
      });
    });
  });
}
