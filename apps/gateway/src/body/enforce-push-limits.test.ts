import type { MetricFamily } from '@pushgate/protocol';
import { describe, expect, it } from 'vitest';
import { enforceLabelLimits, enforceSeriesCount } from './enforce-push-limits.js';

const limits = { maxSeries: 3, maxLabels: 3, maxLabelLength: 8 };

function family(name: string, labels: Record<string, string>): MetricFamily {
  return {
    name,
    type: 'GAUGE',
    metric: [
      { label: Object.entries(labels).map(([n, value]) => ({ name: n, value })), gauge: { value: 1 } },
    ],
  };
}

describe('enforceSeriesCount', () => {
  it('lets counts up to the limits pass and refuses beyond with the flag named', () => {
    expect(() => enforceSeriesCount({ series: 3, mostLabels: 3 }, limits)).not.toThrow();
    expect(() => enforceSeriesCount({ series: 4, mostLabels: 0 }, limits)).toThrow(
      expect.objectContaining({
        code: 'too_many_series',
        status: 413,
        message: expect.stringContaining('--push.max-series'),
      }),
    );
    expect(() => enforceSeriesCount({ series: 1, mostLabels: 4 }, limits)).toThrow(
      expect.objectContaining({ code: 'too_many_labels', status: 400 }),
    );
  });
});

describe('enforceLabelLimits', () => {
  it('counts grouping labels once, with the series’ own', () => {
    expect(() =>
      enforceLabelLimits([family('m', { a: '1', job: 'j' })], { job: 'j', x: 'y' }, limits),
    ).not.toThrow();
    expect(() => enforceLabelLimits([family('m', { a: '1', b: '2' })], { job: 'j', x: 'y' }, limits)).toThrow(
      'a series of metric "m" has 4 labels, more than the limit of 3 set by --push.max-labels',
    );
  });

  it('measures names and values in UTF-8 bytes', () => {
    expect(() => enforceLabelLimits([family('m', { l: 'éééé' })], {}, limits)).not.toThrow();
    expect(() => enforceLabelLimits([family('m', { l: 'ééééé' })], {}, limits)).toThrow(
      'value of label "l" of metric "m" is 10 bytes long, more than the limit of 8 set by --push.max-label-length',
    );
    expect(() => enforceLabelLimits([family('metric_nm', {})], {}, limits)).toThrow(
      /^metric name "metric_nm" is 9 bytes/,
    );
    expect(() => enforceLabelLimits([family('m', { label_nam: 'v' })], {}, limits)).toThrow(
      /^label name "label_nam"/,
    );
    expect(() => enforceLabelLimits([], { job: 'x'.repeat(100) }, limits)).toThrow(
      /^value of grouping label "job" is 100 bytes long/,
    );
  });
});
