import { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { type PromClientMetric, toMetricFamilies } from './prom-client-families.js';

describe('toMetricFamilies', () => {
  it('converts counters, gauges, histograms and summaries to the shared model', async () => {
    const registry = new Registry();
    new Counter({ name: 'c_total', help: 'C.', labelNames: ['b', 'a'], registers: [registry] }).inc(
      { b: '2', a: '1' },
      3,
    );
    new Gauge({ name: 'g', help: 'G.', registers: [registry] }).set(-1.5);
    const histogram = new Histogram({ name: 'h', help: 'H.', buckets: [0.1, 1], registers: [registry] });
    histogram.observe(0.05);
    histogram.observe(5);
    const summary = new Summary({ name: 's', help: 'S.', percentiles: [0.5], registers: [registry] });
    summary.observe(2);
    const families = toMetricFamilies((await registry.getMetricsAsJSON()) as unknown as PromClientMetric[]);

    expect(families.find((f) => f.name === 'c_total')).toEqual({
      name: 'c_total',
      help: 'C.',
      type: 'COUNTER',
      metric: [
        {
          label: [
            { name: 'a', value: '1' },
            { name: 'b', value: '2' },
          ],
          counter: { value: 3 },
        },
      ],
    });
    expect(families.find((f) => f.name === 'g')?.metric).toEqual([{ label: [], gauge: { value: -1.5 } }]);
    const h = families.find((f) => f.name === 'h');
    expect(h?.type).toBe('HISTOGRAM');
    expect(h?.metric[0]?.histogram).toMatchObject({
      sampleCount: 2n,
      sampleSum: 5.05,
      bucket: [
        { upperBound: 0.1, cumulativeCount: 1n },
        { upperBound: 1, cumulativeCount: 1n },
      ],
    });
    expect(families.find((f) => f.name === 's')?.metric[0]?.summary).toEqual({
      sampleCount: 1n,
      sampleSum: 2,
      quantile: [{ quantile: 0.5, value: 2 }],
    });
  });
});
