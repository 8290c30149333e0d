import type { ApiGroup } from '@pushgate/protocol';
import { Counter, Gauge, Registry, type RegistryContentType } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPushgatewayError, Pushgateway, type PushgatewayError } from '../src/index.js';
import { cli } from './support/cli-harness.js';
import { type GoPushgateway, startGoPushgateway } from './support/go-pushgateway.js';

// Differential checks against the reference: the Debian Go pushgateway 1.5.1.
let go: GoPushgateway;
let gateway: Pushgateway;

beforeAll(async () => {
  go = await startGoPushgateway();
  gateway = new Pushgateway(go.url, { timeout: 5000 });
}, 15_000);

afterAll(async () => {
  await go?.stop();
});

function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key])
  );
}

async function group(labels: Readonly<Record<string, string>>): Promise<ApiGroup | undefined> {
  return (await go.groups()).find((candidate) => sameLabels(candidate.labels, labels));
}

function familyNames(found: ApiGroup | undefined): string[] {
  return Object.keys(found ?? {})
    .filter((key) => key !== 'labels' && key !== 'last_push_successful' && !key.startsWith('push_'))
    .sort();
}

async function failure(promise: Promise<unknown>): Promise<PushgatewayError> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isPushgatewayError(outcome)) throw new Error(`expected a PushgatewayError, got ${String(outcome)}`);
  return outcome;
}

const EDGE_VALUES = [
  '/',
  '',
  ' ',
  'a b',
  '+',
  'a+b',
  'Προμηθεύς',
  '.',
  '..',
  '%',
  '%2F',
  '%41',
  'a/b/c',
  '/var/tmp/',
  '?x=1',
  '#frag',
  'a&b=c',
  '\\',
  '@base64',
  '=',
  'tab\there',
  '😀',
];

describe('grouping keys round-trip through the Go pushgateway', () => {
  it.each(EDGE_VALUES)('label value %j', async (value) => {
    const labels = { job: 'edge-label', key: value };
    expect(
      await gateway.push({ job: labels.job, grouping: { key: value }, metrics: 'edge 1\n' }),
    ).toMatchObject({
      status: 200,
    });
    expect(familyNames(await group(labels))).toEqual(['edge']);
    expect(await gateway.delete({ job: labels.job, grouping: { key: value } })).toMatchObject({
      status: 202,
    });
    // Go answers a DELETE with 202 once it is queued, before it is applied: wait for it.
    await expect.poll(() => group(labels)).toBeUndefined();
  });

  it.each(EDGE_VALUES.filter((value) => value !== ''))('job %j with a second label', async (job) => {
    const labels = { job, other: job };
    await gateway.push({ job, grouping: { other: job }, metrics: 'edge 1\n' });
    expect(familyNames(await group(labels))).toEqual(['edge']);
    await gateway.delete({ job, grouping: { other: job } });
    await expect.poll(() => group(labels)).toBeUndefined();
  });
});

describe('PUT, POST and DELETE semantics', () => {
  const key = { job: 'semantics', grouping: { instance: 'i1' } };
  const labels = { job: 'semantics', instance: 'i1' };

  it('PUT replaces the group, POST replaces families by name, DELETE removes the group', async () => {
    await gateway.push({ ...key, metrics: 'a 1\nb{x="1"} 1\nb{x="2"} 2\n' });
    expect(familyNames(await group(labels))).toEqual(['a', 'b']);

    await gateway.pushAdd({ ...key, metrics: 'b{x="3"} 3\nc 1\n' });
    const afterPost = await group(labels);
    expect(familyNames(afterPost)).toEqual(['a', 'b', 'c']);
    expect(afterPost?.b?.metrics).toEqual([
      { labels: { instance: 'i1', job: 'semantics', x: '3' }, value: '3' },
    ]);

    await gateway.push({ ...key, metrics: 'd 1\n' });
    expect(familyNames(await group(labels))).toEqual(['d']);

    await gateway.push({ ...key, metrics: '' });
    expect(familyNames(await group(labels))).toEqual([]);

    expect(await gateway.delete(key)).toMatchObject({ status: 202 });
    await expect.poll(() => group(labels)).toBeUndefined();
    // Deleting a missing group is not an error.
    expect(await gateway.delete(key)).toMatchObject({ status: 202 });
  });
});

describe('refusals', () => {
  it('carries the exact text of a refused push', async () => {
    const error = await failure(gateway.push({ job: 'refused', metrics: 'blablabla\n' }));
    const body = 'text format parsing error in line 1: expected float as value, got ""\n';
    expect(error).toMatchObject({ code: 'http', status: 400, body });
    expect(error.message).toBe(`PUT ${go.url}/metrics/job/refused: gateway answered 400: ${body.trimEnd()}`);
  });

  it('carries the consistency-check text', async () => {
    const error = await failure(gateway.push({ job: 'refused', metrics: 'ts 1 1000\n' }));
    expect(error.body).toBe(
      'pushed metrics are invalid or inconsistent with existing metrics: pushed metrics must not have timestamps\n',
    );
    await gateway.delete({ job: 'refused' });
  });
});

describe('encodings', () => {
  it('pushes gzip bodies', async () => {
    const zipped = new Pushgateway(go.url, { compression: 'gzip' });
    await zipped.push({ job: 'gzip', metrics: '# HELP g A gauge.\n# TYPE g gauge\ng 3\n' });
    const found = await group({ job: 'gzip' });
    expect(found?.g).toMatchObject({ type: 'GAUGE', help: 'A gauge.' });
    expect(found?.g?.metrics).toEqual([{ labels: { instance: '', job: 'gzip' }, value: '3' }]);
    await zipped.delete({ job: 'gzip' });
  });

  it('pushes protobuf bodies, gzipped or not', async () => {
    for (const compression of ['none', 'gzip'] as const) {
      const proto = new Pushgateway(go.url, { format: 'protobuf', compression });
      await proto.push({
        job: `protobuf-${compression}`,
        metrics: '# HELP c_total Things.\n# TYPE c_total counter\nc_total{k="v"} 5\n',
      });
      const found = await group({ job: `protobuf-${compression}` });
      expect(found?.c_total).toMatchObject({ type: 'COUNTER', help: 'Things.' });
      expect(found?.c_total?.metrics).toEqual([
        { labels: { instance: '', job: `protobuf-${compression}`, k: 'v' }, value: '5' },
      ]);
      await proto.delete({ job: `protobuf-${compression}` });
    }
  });
});

describe('prom-client registries', () => {
  it.each([
    ['Prometheus', Registry.PROMETHEUS_CONTENT_TYPE],
    ['OpenMetrics', Registry.OPENMETRICS_CONTENT_TYPE],
  ] as const)(
    'a %s registry keeps counter type and HELP, in text and protobuf',
    async (name, contentType) => {
      const registry = new Registry<RegistryContentType>();
      registry.setContentType(contentType);
      new Counter({ name: 'processed_total', help: 'Items processed.', registers: [registry] }).inc(12);
      new Gauge({ name: 'queue_depth', help: 'Items queued.', registers: [registry] }).set(4);
      for (const format of ['text', 'protobuf'] as const) {
        const job = `registry-${name}-${format}`;
        await new Pushgateway(go.url, { format }).push({ job, metrics: registry });
        const found = await group({ job });
        expect(found?.processed_total).toMatchObject({ type: 'COUNTER', help: 'Items processed.' });
        expect(found?.processed_total?.metrics).toEqual([{ labels: { instance: '', job }, value: '12' }]);
        expect(found?.queue_depth).toMatchObject({ type: 'GAUGE', help: 'Items queued.' });
        await gateway.delete({ job });
      }
    },
  );
});

describe('CLI run against the Go pushgateway', () => {
  it('a failed run keeps the success time of the previous successful run', async () => {
    const node = process.execPath;
    const base = ['run', '--url', go.url, '--job', 'cron', '--label', 'task=backup', '--'];
    const labels = { job: 'cron', task: 'backup' };
    const value = (found: ApiGroup | undefined, name: string): string | undefined => {
      const metric = found?.[name]?.metrics[0];
      return metric !== undefined && 'value' in metric ? metric.value : undefined;
    };

    expect((await cli([...base, node, '-e', ''])).code).toBe(0);
    const afterSuccess = await group(labels);
    expect(value(afterSuccess, 'job_exit_code')).toBe('0');
    const successTime = value(afterSuccess, 'job_last_success_timestamp_seconds');
    expect(successTime).toBe(value(afterSuccess, 'job_last_run_timestamp_seconds'));

    expect((await cli([...base, node, '-e', 'process.exit(2)'])).code).toBe(2);
    const afterFailure = await group(labels);
    expect(value(afterFailure, 'job_exit_code')).toBe('2');
    expect(value(afterFailure, 'job_last_success_timestamp_seconds')).toBe(successTime);
    expect(value(afterFailure, 'job_last_run_timestamp_seconds')).not.toBe(successTime);
    expect(afterFailure?.job_exit_code).toMatchObject({ type: 'GAUGE' });
    await gateway.delete({ job: 'cron', grouping: { task: 'backup' } });
  });
});
