/**
 * prom-client's JSON view of a registry, turned into the shared metric model
 * so the gateway's own metrics render, merge and sort exactly like pushed
 * ones.
 */
import {
  emptyHistogram,
  type LabelPair,
  type Metric,
  type MetricFamily,
  type MetricType,
} from '@pushgate/protocol';

/** One sample of prom-client's `getMetricsAsJSON()`. */
export interface PromClientSample {
  readonly value: number;
  readonly labels: Readonly<Record<string, string | number | undefined>>;
  /** Set for the derived series of histograms and summaries (`_bucket`, `_sum`, `_count`). */
  readonly metricName?: string;
}

/** One metric of prom-client's `getMetricsAsJSON()`. */
export interface PromClientMetric {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly values: readonly PromClientSample[];
}

const TYPES: Readonly<Record<string, MetricType>> = {
  counter: 'COUNTER',
  gauge: 'GAUGE',
  histogram: 'HISTOGRAM',
  summary: 'SUMMARY',
};

/** The model type of a prom-client metric type (`untyped` for anything unknown). */
export function modelType(promClientType: string): MetricType {
  return TYPES[promClientType] ?? 'UNTYPED';
}

/**
 * Converts prom-client metrics to families: one metric per label set, labels
 * sorted by name, histogram buckets without the `+Inf` bucket (implicit in
 * the protobuf model, as Go's client leaves it out), summary quantiles in
 * the order given.
 */
export function toMetricFamilies(metrics: readonly PromClientMetric[]): MetricFamily[] {
  return metrics.map((metric) => {
    const type = modelType(metric.type);
    return { name: metric.name, help: metric.help, type, metric: metricsOf(metric, type) };
  });
}

function metricsOf(metric: PromClientMetric, type: MetricType): Metric[] {
  if (type !== 'HISTOGRAM' && type !== 'SUMMARY') {
    return metric.values.map((sample) => {
      const label = labelPairs(sample.labels);
      const value = { value: sample.value };
      if (type === 'COUNTER') return { label, counter: value };
      if (type === 'GAUGE') return { label, gauge: value };
      return { label, untyped: value };
    });
  }
  const byLabels = new Map<string, Metric>();
  for (const sample of metric.values) {
    const label = labelPairs(sample.labels, type === 'HISTOGRAM' ? 'le' : 'quantile');
    const key = JSON.stringify(label);
    let entry = byLabels.get(key);
    if (entry === undefined) {
      entry =
        type === 'HISTOGRAM'
          ? { label, histogram: emptyHistogram() }
          : { label, summary: { sampleCount: 0n, sampleSum: 0, quantile: [] } };
      byLabels.set(key, entry);
    }
    addSample(entry, metric.name, sample);
  }
  return [...byLabels.values()];
}

function addSample(entry: Metric, name: string, sample: PromClientSample): void {
  const suffix = sample.metricName?.slice(name.length);
  const histogram = entry.histogram;
  const summary = entry.summary;
  if (suffix === '_sum') {
    if (histogram) histogram.sampleSum = sample.value;
    if (summary) summary.sampleSum = sample.value;
  } else if (suffix === '_count') {
    const count = BigInt(Math.max(0, Math.round(sample.value)));
    if (histogram) histogram.sampleCount = count;
    if (summary) summary.sampleCount = count;
  } else if (histogram) {
    // prom-client writes the last bound as the string `+Inf`.
    const le = sample.labels.le;
    const upperBound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
    if (upperBound !== Number.POSITIVE_INFINITY) {
      histogram.bucket.push({ upperBound, cumulativeCount: BigInt(Math.max(0, Math.round(sample.value))) });
    }
  } else if (summary) {
    summary.quantile.push({ quantile: Number(sample.labels.quantile), value: sample.value });
  }
}

/** The sample's labels as sorted pairs, leaving out `omit` (`le` or `quantile`). */
function labelPairs(labels: PromClientSample['labels'], omit?: string): LabelPair[] {
  return Object.entries(labels)
    .filter((entry): entry is [string, string | number] => entry[0] !== omit && entry[1] !== undefined)
    .map(([name, value]) => ({ name, value: String(value) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
