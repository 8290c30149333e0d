import type { Histogram, LabelPair, Metric, MetricFamily, Summary } from '@pushgate/protocol';
import { emptyHistogram } from '@pushgate/protocol';
import { z } from 'zod/mini';
import { describeIssue } from './option-issues.js';
import { PushgatewayError } from './pushgateway-error.js';

/**
 * What the client needs of a prom-client `Registry` (v13 to v15 and
 * `@prometheus-io/client`): its metrics as JSON. Duck-typed, so the client
 * does not depend on prom-client.
 */
export interface PromClientRegistryLike {
  getMetricsAsJSON(): PromiseLike<readonly object[]> | readonly object[];
  /** prom-client's content type; OpenMetrics mode changes how counters are named. */
  readonly contentType?: string;
}

/** Whether `value` looks like a prom-client registry. */
export function isPromClientRegistry(value: unknown): value is PromClientRegistryLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { getMetricsAsJSON?: unknown }).getMetricsAsJSON === 'function'
  );
}

// zod 4's z.number() refuses NaN and ±Inf, which are legitimate sample values.
const sampleValue = z.custom<number>((value) => typeof value === 'number', 'expected a number');

const jsonValueSchema = z.object({
  value: sampleValue,
  labels: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.undefined()]))),
  metricName: z.optional(z.string()),
});

const jsonMetricSchema = z.object({
  name: z.string(),
  help: z.optional(z.string()),
  type: z.string(),
  values: z.array(jsonValueSchema),
});

type JsonValue = z.infer<typeof jsonValueSchema>;
type JsonMetric = z.infer<typeof jsonMetricSchema>;

function invalidRegistry(message: string, cause?: unknown): PushgatewayError {
  return new PushgatewayError({
    code: 'invalid_metrics',
    message: `prom-client registry: ${message}`,
    cause,
  });
}

/** Label pairs sorted by name, numbers stringified, `undefined` values and `omit` names dropped. */
function labelPairs(labels: JsonValue['labels'], omit?: string): LabelPair[] {
  return Object.entries(labels ?? {})
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[0] !== omit)
    .map(([name, value]) => ({ name, value: String(value) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function count(metric: JsonMetric, value: number): bigint {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw invalidRegistry(`${metric.name}: count ${value} is not a non-negative integer`);
  }
  return BigInt(value);
}

/**
 * Collects the series of a histogram or summary: prom-client lists each
 * series as separate `_bucket`/quantile, `_sum` and `_count` values, which are
 * regrouped here by their labels (without `le` or `quantile`).
 */
function collectSeries<T>(
  metric: JsonMetric,
  seriesLabel: 'le' | 'quantile',
  create: () => T,
  add: (series: T, value: JsonValue, role: 'sample' | 'sum' | 'count') => void,
): { label: LabelPair[]; series: T }[] {
  const bySeries = new Map<string, { label: LabelPair[]; series: T }>();
  for (const value of metric.values) {
    const label = labelPairs(value.labels, seriesLabel);
    const key = JSON.stringify(label);
    let entry = bySeries.get(key);
    if (entry === undefined) {
      entry = { label, series: create() };
      bySeries.set(key, entry);
    }
    const role =
      value.metricName === `${metric.name}_sum`
        ? 'sum'
        : value.metricName === `${metric.name}_count`
          ? 'count'
          : 'sample';
    add(entry.series, value, role);
  }
  return [...bySeries.values()];
}

function histogramMetrics(metric: JsonMetric): Metric[] {
  return collectSeries<Histogram>(metric, 'le', emptyHistogram, (histogram, value, role) => {
    if (role === 'sum') histogram.sampleSum = value.value;
    else if (role === 'count') histogram.sampleCount = count(metric, value.value);
    else {
      const le = value.labels?.le;
      const upperBound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
      if (le === undefined || Number.isNaN(upperBound)) {
        throw invalidRegistry(`${metric.name}: bucket without a numeric "le" label`);
      }
      // The +Inf bucket always equals the sample count; the protobuf model leaves it implicit.
      if (upperBound !== Number.POSITIVE_INFINITY) {
        histogram.bucket.push({ upperBound, cumulativeCount: count(metric, value.value) });
      }
    }
  }).map(({ label, series }) => ({ label, histogram: series }));
}

function summaryMetrics(metric: JsonMetric): Metric[] {
  const create = (): Summary => ({ sampleCount: 0n, sampleSum: 0, quantile: [] });
  return collectSeries<Summary>(metric, 'quantile', create, (summary, value, role) => {
    if (role === 'sum') summary.sampleSum = value.value;
    else if (role === 'count') summary.sampleCount = count(metric, value.value);
    else {
      const quantile = Number(value.labels?.quantile);
      if (Number.isNaN(quantile)) {
        throw invalidRegistry(`${metric.name}: quantile without a "quantile" label`);
      }
      summary.quantile.push({ quantile, value: value.value });
    }
  }).map(({ label, series }) => ({ label, summary: series }));
}

/**
 * An OpenMetrics-mode registry exposes a counter `x` or `x_total` as samples
 * `x_total` (and renames the metric to `x` once rendered). Prometheus stores
 * those samples as `x_total`, so that is the name pushed, whether or not the
 * registry was rendered before.
 */
function counterName(name: string, openMetrics: boolean): string {
  return openMetrics ? `${name.replace(/_total$/, '')}_total` : name;
}

function toFamily(metric: JsonMetric, openMetrics: boolean): MetricFamily {
  const name = metric.type === 'counter' ? counterName(metric.name, openMetrics) : metric.name;
  const family = (type: MetricFamily['type'], metrics: Metric[]): MetricFamily =>
    metric.help === undefined
      ? { name, type, metric: metrics }
      : { name, help: metric.help, type, metric: metrics };
  switch (metric.type) {
    case 'counter':
      return family(
        'COUNTER',
        metric.values.map((v) => ({ label: labelPairs(v.labels), counter: { value: v.value } })),
      );
    case 'gauge':
      return family(
        'GAUGE',
        metric.values.map((v) => ({ label: labelPairs(v.labels), gauge: { value: v.value } })),
      );
    case 'untyped':
      return family(
        'UNTYPED',
        metric.values.map((v) => ({ label: labelPairs(v.labels), untyped: { value: v.value } })),
      );
    case 'histogram':
      return family('HISTOGRAM', histogramMetrics(metric));
    case 'summary':
      return family('SUMMARY', summaryMetrics(metric));
    default:
      throw invalidRegistry(`${metric.name}: unsupported metric type ${JSON.stringify(metric.type)}`);
  }
}

/**
 * Reads a prom-client registry as protocol {@link MetricFamily}s, through
 * `getMetricsAsJSON()` rather than its text output: the text of an
 * OpenMetrics-mode registry (`foo_total`, `# EOF`) would turn counters into
 * untyped series and lose HELP at a 0.0.4 gateway. Types, HELP, labels and
 * values are kept; counters of an OpenMetrics registry are named with their
 * `_total` suffix, as a Prometheus scrape of that registry would store them;
 * exemplars are dropped (format 0.0.4 cannot carry them).
 * Rejects with {@link PushgatewayError} `invalid_metrics` if the registry
 * fails or returns something unrecognisable.
 */
export async function familiesFromRegistry(registry: PromClientRegistryLike): Promise<MetricFamily[]> {
  let json: unknown;
  try {
    json = await registry.getMetricsAsJSON();
  } catch (cause) {
    throw invalidRegistry(
      `getMetricsAsJSON() failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      cause,
    );
  }
  const parsed = z.array(jsonMetricSchema).safeParse(json, { error: describeIssue });
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw invalidRegistry(
      `unexpected getMetricsAsJSON() output at ${first?.path.join('.') ?? ''}: ${first?.message ?? ''}`,
      parsed.error,
    );
  }
  const openMetrics = registry.contentType?.startsWith('application/openmetrics-text') ?? false;
  return parsed.data.map((metric) => toFamily(metric, openMetrics));
}
