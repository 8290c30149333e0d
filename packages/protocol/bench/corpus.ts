import type { MetricFamily } from '@pushgate/protocol';
import { emptyHistogram } from '@pushgate/protocol';

/**
 * A string as a parser or decoder gives it: flat. Template literals build
 * ropes, which are slower to read char by char; the JSON yardstick reads flat
 * strings (from JSON.parse), so the model must hold flat strings too for the
 * comparison to be fair.
 */
function flat(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/**
 * A realistic exposition of about `targetBytes` bytes of text: gauges,
 * counters, summaries and histograms with a handful of labels each, the mix a
 * pushgateway stores for batch jobs.
 */
export function benchmarkFamilies(targetBytes: number): MetricFamily[] {
  const families: MetricFamily[] = [];
  const perFamily = 200;
  // Roughly 95 bytes of text a series on average across the four types.
  const familyCount = Math.max(4, Math.round(targetBytes / (perFamily * 95)));
  for (let f = 0; f < familyCount; f++) {
    const kind = f % 4;
    const name = flat(`batch_job_metric_${f}`);
    const metric = [];
    for (let i = 0; i < perFamily / (kind >= 2 ? 8 : 1); i++) {
      const label = [
        { name: 'instance', value: flat(`worker-${i % 17}.example.internal:9100`) },
        { name: 'job', value: flat(`nightly_backup_${f % 13}`) },
        { name: 'shard', value: String(i) },
      ];
      const value = (i * 7919.123) / (f + 1);
      if (kind === 0) metric.push({ label, gauge: { value } });
      else if (kind === 1) metric.push({ label, counter: { value: Math.round(value) } });
      else if (kind === 2) {
        metric.push({
          label,
          summary: {
            sampleCount: BigInt(i * 3 + 1),
            sampleSum: value,
            quantile: [0.5, 0.9, 0.99].map((quantile) => ({ quantile, value: value * quantile })),
          },
        });
      } else {
        const histogram = emptyHistogram();
        histogram.sampleCount = BigInt(i * 5 + 5);
        histogram.sampleSum = value;
        histogram.bucket = [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5].map((upperBound, b) => ({
          upperBound,
          cumulativeCount: BigInt(i + b),
        }));
        metric.push({ label, histogram });
      }
    }
    families.push({
      name,
      help: flat(`Help text of metric ${f}, describing what it measures.`),
      type: (['GAUGE', 'COUNTER', 'SUMMARY', 'HISTOGRAM'] as const)[kind]!,
      metric,
    });
  }
  return families;
}

/** The same series as plain JSON, for the JSON.parse/JSON.stringify yardstick. */
export function asJson(families: MetricFamily[]): unknown {
  return families.map((family) => ({
    name: family.name,
    help: family.help,
    type: family.type,
    metrics: family.metric.map((m) => ({
      labels: Object.fromEntries(m.label.map((l) => [l.name, l.value])),
      value: m.gauge?.value ?? m.counter?.value,
      summary: m.summary && {
        count: Number(m.summary.sampleCount),
        sum: m.summary.sampleSum,
        quantiles: m.summary.quantile.map((q) => [q.quantile, q.value]),
      },
      histogram: m.histogram && {
        count: Number(m.histogram.sampleCount),
        sum: m.histogram.sampleSum,
        buckets: m.histogram.bucket.map((b) => [b.upperBound, Number(b.cumulativeCount)]),
      },
    })),
  }));
}
