import { describe, expect, expectTypeOf, it } from 'vitest';
import type { MetricType } from './model.js';
import {
  type ApiFamily,
  type ApiGroup,
  type ApiMetric,
  apiMetricSchema,
  groupingKeySchema,
  labelNameSchema,
  type MetricsResponse,
  metricsResponseSchema,
  type StatusResponse,
  statusResponseSchema,
} from './schemas.js';

describe('labelNameSchema', () => {
  it.each(['job', '_', '__name__', 'a1', 'U__x'])('accepts %j', (name) => {
    expect(labelNameSchema.safeParse(name).success).toBe(true);
  });

  it.each(['', '1a', 'a-b', 'a.b', 'é'])('refuses %j with a message naming it', (name) => {
    const result = labelNameSchema.safeParse(name);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(`invalid label name ${JSON.stringify(name)}`);
  });

  it('refuses non-strings', () => {
    expect(labelNameSchema.safeParse(1).success).toBe(false);
  });
});

describe('groupingKeySchema', () => {
  it('accepts a job with labels and keeps them', () => {
    const key = { job: 'batch', instance: '', path: '/var/tmp' };
    expect(groupingKeySchema.parse(key)).toStrictEqual(key);
  });

  it.each([
    [{}, ['job']],
    [{ job: '' }, ['job']],
    [{ job: 1 }, ['job']],
    [{ job: 'j', 'a-b': 'x' }, ['a-b']],
    [{ job: 'j', __a: 'x' }, ['__a']],
    [{ job: 'j', a: 2 }, ['a']],
  ])('refuses %j at %j', (input, path) => {
    const result = groupingKeySchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([path]);
  });

  it('says which name is improper', () => {
    expect(groupingKeySchema.safeParse({ job: 'j', '1x': 'v' }).error?.issues[0]?.message).toBe(
      'improper label name "1x"',
    );
  });

  it('types the job as a string', () => {
    expectTypeOf(groupingKeySchema.parse({ job: 'j' }).job).toEqualTypeOf<string>();
  });
});

describe('statusResponseSchema', () => {
  // Shape of Go 1.5.1's answer (behaviour notes §5.1).
  const status = {
    status: 'success',
    data: {
      build_information: {
        branch: 'debian/sid',
        buildDate: '20230409-10:14:32',
        buildUser: 'team+pkg-go@tracker.debian.org',
        goVersion: 'go1.19.8',
        revision: '1.5.1-2+b5',
        version: '1.5.1',
      },
      flags: { 'log.level': 'info', 'persistence.interval': '5m0s', 'web.listen-address': ':9091' },
      start_time: '2026-11-27T15:12:49.919290805Z',
    },
  };

  it('accepts the Go status document', () => {
    const parsed: StatusResponse = statusResponseSchema.parse(status);
    expect(parsed).toStrictEqual(status);
  });

  it('refuses a flag that is not a string and a missing build field', () => {
    expect(
      statusResponseSchema.safeParse({ ...status, data: { ...status.data, flags: { a: true } } }).success,
    ).toBe(false);
    const { version: _, ...withoutVersion } = status.data.build_information;
    expect(
      statusResponseSchema.safeParse({
        ...status,
        data: { ...status.data, build_information: withoutVersion },
      }).success,
    ).toBe(false);
  });

  it('refuses an error envelope', () => {
    expect(
      statusResponseSchema.safeParse({ status: 'error', errorType: 'internal', error: 'x' }).success,
    ).toBe(false);
  });
});

describe('metricsResponseSchema', () => {
  const labels = { instance: '', job: 'batch' };
  const group = {
    labels: { job: 'batch' },
    last_push_successful: true,
    latency_seconds: {
      time_stamp: '2026-11-27T15:12:50.925233974+05:30',
      type: 'HISTOGRAM',
      help: 'How long it took.',
      metrics: [
        { buckets: { '+Inf': '3', '0.1': '1', '1e+06': '2' }, count: '3', labels, sum: '0.5' },
        {
          buckets: [
            [1, '-2', '-1', '4'],
            [3, '-0.001', '0.001', '1'],
            [0, '1', '1.4142135623730951', '2'],
          ],
          count: '7',
          labels: { ...labels, kind: 'native' },
          sum: '-3.25',
        },
        { buckets: [], count: '0', labels: { ...labels, kind: 'empty native' }, sum: '0' },
      ],
    },
    rpc_seconds: {
      time_stamp: '2026-11-27T15:12:50.925233974Z',
      type: 'SUMMARY',
      metrics: [{ count: '4', labels, quantiles: { '0.5': '0.2', '0.99': 'NaN' }, sum: '1' }],
    },
    jobs_total: {
      time_stamp: '2026-11-27T15:12:50.925233974Z',
      type: 'COUNTER',
      metrics: [{ labels, value: '1.2345678e+07' }],
    },
    push_time_seconds: {
      time_stamp: '2026-11-27T15:11:40.116707576Z',
      type: 'GAUGE',
      help: 'Last Unix time when changing this group in the Pushgateway succeeded.',
      metrics: [{ labels, value: '1.7957923001167076e+09' }],
    },
    queue_depth: {
      time_stamp: '2026-11-27T15:11:40.116707576Z',
      type: 'GAUGE_HISTOGRAM',
      metrics: [{ labels, value: '0' }],
    },
    temperature: {
      time_stamp: '2026-11-27T15:11:40.116707576Z',
      type: 'UNTYPED',
      metrics: [{ labels, value: '-0' }],
    },
  };

  it('accepts the empty store document', () => {
    expect(metricsResponseSchema.parse({ status: 'success', data: [] })).toStrictEqual({
      status: 'success',
      data: [],
    });
  });

  it('accepts groups of every family type and keeps every family', () => {
    const parsed: MetricsResponse = metricsResponseSchema.parse({ status: 'success', data: [group] });
    expect(parsed).toStrictEqual({ status: 'success', data: [group] });
  });

  it('refuses numbers where Go writes strings', () => {
    const bad = { ...group, jobs_total: { ...group.jobs_total, metrics: [{ labels, value: 1 }] } };
    expect(metricsResponseSchema.safeParse({ status: 'success', data: [bad] }).success).toBe(false);
  });

  it('refuses unknown family types and missing group fields', () => {
    const badType = { ...group, jobs_total: { ...group.jobs_total, type: 'counter' } };
    expect(metricsResponseSchema.safeParse({ status: 'success', data: [badType] }).success).toBe(false);
    const { last_push_successful: _, ...withoutFlag } = group;
    expect(metricsResponseSchema.safeParse({ status: 'success', data: [withoutFlag] }).success).toBe(false);
  });

  it('tells native bucket arrays from classic bucket maps', () => {
    expect(
      apiMetricSchema.safeParse({ labels, buckets: [[4, '0', '1', '1']], count: '1', sum: '1' }).success,
    ).toBe(false);
    expect(
      apiMetricSchema.safeParse({ labels, buckets: [['0', '1', '1']], count: '1', sum: '1' }).success,
    ).toBe(false);
    expect(apiMetricSchema.safeParse({ labels, buckets: { '1': 1 }, count: '1', sum: '1' }).success).toBe(
      false,
    );
  });

  it('exposes precise inferred types', () => {
    expectTypeOf<ApiFamily['type']>().toEqualTypeOf<MetricType>();
    expectTypeOf<ApiGroup['labels']>().toEqualTypeOf<Record<string, string>>();
    expectTypeOf<ApiGroup['last_push_successful']>().toEqualTypeOf<boolean>();
    expectTypeOf<Extract<ApiMetric, { value: string }>>().toHaveProperty('labels');
  });
});
