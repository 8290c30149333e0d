import { Counter, Gauge, Histogram, Registry, type RegistryContentType, Summary } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { familiesFromRegistry } from './prom-client-registry.js';
import { isPushgatewayError } from './pushgateway-error.js';

/** A registry in `contentType` (prom-client's typings omit the constructor argument). */
function registryIn(contentType: RegistryContentType): Registry<RegistryContentType> {
  const registry = new Registry<RegistryContentType>();
  registry.setContentType(contentType);
  return registry;
}

function sampleRegistry(contentType: RegistryContentType): Registry<RegistryContentType> {
  const registry = registryIn(contentType);
  const counter = new Counter({
    name: 'jobs_total',
    help: 'Jobs done.',
    labelNames: ['kind'],
    registers: [registry],
  });
  counter.inc({ kind: 'full' }, 3);
  counter.inc({ kind: 'delta' });
  new Gauge({ name: 'queue_size', help: 'Queued items.', registers: [registry] }).set(Number.NaN);
  const histogram = new Histogram({
    name: 'latency_seconds',
    help: 'Latency.',
    labelNames: ['op'],
    buckets: [0.1, 1],
    registers: [registry],
  });
  histogram.observe({ op: 'read' }, 0.05);
  histogram.observe({ op: 'read' }, 0.5);
  histogram.observe({ op: 'read' }, 5);
  const summary = new Summary({
    name: 'size_bytes',
    help: 'Sizes.',
    percentiles: [0.5],
    registers: [registry],
  });
  summary.observe(10);
  return registry;
}

describe.each([
  ['Prometheus', Registry.PROMETHEUS_CONTENT_TYPE],
  ['OpenMetrics', Registry.OPENMETRICS_CONTENT_TYPE],
] as const)('familiesFromRegistry with a %s registry', (_name, contentType) => {
  it('keeps names, types, HELP, labels and values of every metric kind', async () => {
    const registry = sampleRegistry(contentType);
    // Rendering an OpenMetrics registry as text first must not change what is pushed.
    await registry.metrics();
    const families = await familiesFromRegistry(registry);
    expect(families).toEqual([
      {
        name: 'jobs_total',
        help: 'Jobs done.',
        type: 'COUNTER',
        metric: [
          { label: [{ name: 'kind', value: 'full' }], counter: { value: 3 } },
          { label: [{ name: 'kind', value: 'delta' }], counter: { value: 1 } },
        ],
      },
      {
        name: 'queue_size',
        help: 'Queued items.',
        type: 'GAUGE',
        metric: [{ label: [], gauge: { value: Number.NaN } }],
      },
      {
        name: 'latency_seconds',
        help: 'Latency.',
        type: 'HISTOGRAM',
        metric: [
          {
            label: [{ name: 'op', value: 'read' }],
            histogram: expect.objectContaining({
              sampleCount: 3n,
              sampleSum: 5.55,
              bucket: [
                { upperBound: 0.1, cumulativeCount: 1n },
                { upperBound: 1, cumulativeCount: 2n },
              ],
            }),
          },
        ],
      },
      {
        name: 'size_bytes',
        help: 'Sizes.',
        type: 'SUMMARY',
        metric: [
          {
            label: [],
            summary: { sampleCount: 1n, sampleSum: 10, quantile: [{ quantile: 0.5, value: 10 }] },
          },
        ],
      },
    ]);
  });
});

describe('familiesFromRegistry', () => {
  it('names OpenMetrics counters with _total, as a scrape of the registry would, before and after rendering', async () => {
    const registry = registryIn(Registry.OPENMETRICS_CONTENT_TYPE);
    new Counter({ name: 'a_total', help: 'A.', registers: [registry] }).inc();
    new Counter({ name: 'b', help: 'B.', registers: [registry] }).inc();
    const before = await familiesFromRegistry(registry);
    await registry.metrics();
    const after = await familiesFromRegistry(registry);
    expect(before.map((family) => family.name)).toEqual(['a_total', 'b_total']);
    expect(after).toEqual(before);
  });

  it('includes default labels, sorted with the metric labels', async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ zone: 'eu', app: 'backup' });
    new Gauge({ name: 'g', help: 'G.', labelNames: ['m'], registers: [registry] }).set({ m: 'x' }, 1);
    const [family] = await familiesFromRegistry(registry);
    expect(family?.metric[0]?.label).toEqual([
      { name: 'app', value: 'backup' },
      { name: 'm', value: 'x' },
      { name: 'zone', value: 'eu' },
    ]);
  });

  it('reports a registry that throws as invalid_metrics', async () => {
    const failing = {
      getMetricsAsJSON: async (): Promise<object[]> => {
        throw new Error('collect failed');
      },
    };
    const error = await familiesFromRegistry(failing).catch((err: unknown) => err);
    expect(isPushgatewayError(error, 'invalid_metrics')).toBe(true);
    expect((error as Error).message).toBe('prom-client registry: getMetricsAsJSON() failed: collect failed');
  });

  it('reports unrecognisable output and unknown types as invalid_metrics', async () => {
    const noValues = { getMetricsAsJSON: () => [{ name: 'x', type: 'gauge' }] };
    const strangeType = { getMetricsAsJSON: () => [{ name: 'x', help: '', type: 'info', values: [] }] };
    const first = await familiesFromRegistry(noValues).catch((err: unknown) => err);
    const second = await familiesFromRegistry(strangeType).catch((err: unknown) => err);
    expect(isPushgatewayError(first, 'invalid_metrics')).toBe(true);
    expect((first as Error).message).toContain('values');
    expect(isPushgatewayError(second, 'invalid_metrics')).toBe(true);
    expect((second as Error).message).toBe('prom-client registry: x: unsupported metric type "info"');
  });
});
