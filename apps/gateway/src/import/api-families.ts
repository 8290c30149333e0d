import {
  type ApiGroup,
  type ApiMetric,
  apiFamilySchema,
  emptyHistogram,
  type LabelPair,
  type Metric,
  type MetricFamily,
} from '@pushgate/protocol';

/** The two gauges every gateway keeps for itself; an import must not push them. */
const GATEWAY_OWNED = new Set(['push_time_seconds', 'push_failure_time_seconds']);
const GROUP_KEYS = new Set(['labels', 'last_push_successful', 'expires_at']);

/** A float as Go's `fmt.Sprint` prints it (`+Inf`, `NaN`, `1e+06`, `-0`). */
function goFloat(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  return Number(text);
}

/** A count: an integer as a uint64, or a float count (float histograms). */
function count(text: string): { int: bigint } | { float: number } {
  return /^\d+$/.test(text) ? { int: BigInt(text) } : { float: goFloat(text) };
}

function labelPairs(labels: Readonly<Record<string, string>>): LabelPair[] {
  return Object.keys(labels)
    .sort()
    .map((name) => ({ name, value: labels[name] ?? '' }));
}

/** What an import could not carry over exactly, to report to the operator. */
export interface ImportLoss {
  readonly family: string;
  readonly reason: string;
}

function metricOf(family: string, type: MetricFamily['type'], api: ApiMetric, losses: ImportLoss[]): Metric {
  const label = labelPairs(api.labels);
  if ('value' in api) {
    const value = goFloat(api.value);
    if (type === 'COUNTER') return { label, counter: { value } };
    if (type === 'GAUGE') return { label, gauge: { value } };
    return { label, untyped: { value } };
  }
  if ('quantiles' in api) {
    const quantile = Object.entries(api.quantiles)
      .map(([q, v]) => ({ quantile: goFloat(q), value: goFloat(v) }))
      .sort((a, b) => a.quantile - b.quantile);
    const c = count(api.count);
    return {
      label,
      summary: {
        sampleCount: 'int' in c ? c.int : BigInt(Math.trunc(c.float)),
        sampleSum: goFloat(api.sum),
        quantile,
      },
    };
  }
  const histogram = emptyHistogram();
  const total = count(api.count);
  if ('int' in total) histogram.sampleCount = total.int;
  else histogram.sampleCountFloat = total.float;
  histogram.sampleSum = goFloat(api.sum);
  if (Array.isArray(api.buckets)) {
    // The API lists native buckets by their bounds only; their spans cannot be rebuilt from that.
    losses.push({ family, reason: 'native histogram buckets are not imported (count and sum are)' });
  } else {
    histogram.bucket = Object.entries(api.buckets)
      .map(([bound, cumulative]) => {
        const c = count(cumulative);
        return 'int' in c
          ? { upperBound: goFloat(bound), cumulativeCount: c.int }
          : { upperBound: goFloat(bound), cumulativeCount: 0n, cumulativeCountFloat: c.float };
      })
      .sort((a, b) => a.upperBound - b.upperBound);
  }
  return { label, histogram };
}

/**
 * The families of one group of a Go pushgateway's `/api/v1/metrics`, ready
 * to push again (without the gateway-owned `push_*` gauges).
 */
export function familiesOfApiGroup(group: ApiGroup, losses: ImportLoss[]): MetricFamily[] {
  const families: MetricFamily[] = [];
  for (const [name, entry] of Object.entries(group)) {
    if (GROUP_KEYS.has(name) || GATEWAY_OWNED.has(name)) continue;
    const parsed = apiFamilySchema.safeParse(entry);
    if (!parsed.success) continue;
    const value = parsed.data;
    const family: MetricFamily = {
      name,
      type: value.type,
      metric: value.metrics.map((metric) => metricOf(name, value.type, metric, losses)),
    };
    if (value.help !== undefined) family.help = value.help;
    families.push(family);
  }
  return families;
}
