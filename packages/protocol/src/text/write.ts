/**
 * The text exposition format 0.0.4, written byte for byte as the Go
 * Pushgateway writes a scrape (prometheus/common `expfmt.MetricFamilyToText`,
 * after `EscapeMetricFamily` with the default `underscores` escaping of 1.11).
 *
 * The output follows the input order; sorting and merging are the caller's
 * (see {@link sortMetricFamilies}). {@link writeFamilyHeader} and
 * {@link writeMetric} are the pieces of {@link writeText}, for callers that
 * cache the rendering of each metric.
 */

import { ProtocolError } from '../errors.js';
import { formatFloat } from '../float-format.js';
import type { Histogram, LabelPair, Metric, MetricFamily, MetricType } from '../model.js';
import { escapeHelp, escapeLabelValue } from './escape.js';
import { escapeNameUnderscores } from './exposed-name.js';

export { compareMetrics, sortMetricFamilies } from './metric-order.js';

const TYPE_WORDS: Readonly<Record<MetricType, string>> = {
  COUNTER: 'counter',
  GAUGE: 'gauge',
  SUMMARY: 'summary',
  UNTYPED: 'untyped',
  // The text format has no gauge histogram; Go writes it as a histogram.
  HISTOGRAM: 'histogram',
  GAUGE_HISTOGRAM: 'histogram',
};

/**
 * A family or label name as a token of the exposition: escaped, which leaves
 * it a legacy name, except that the empty name is written quoted (Go's
 * `writeName`).
 */
function nameToken(name: string): string {
  return name === '' ? '""' : escapeNameUnderscores(name);
}

function labelToken({ name, value }: LabelPair): string {
  if (name === '__name__') return `__name__="${escapeLabelValue(escapeNameUnderscores(value))}"`;
  return `${nameToken(name)}="${escapeLabelValue(value)}"`;
}

/**
 * The `# HELP` line (only when the family has a help text, escaped) and the
 * `# TYPE` line of `family`, as Go writes them.
 */
export function writeFamilyHeader(family: MetricFamily): string {
  const name = nameToken(family.name);
  const type = `# TYPE ${name} ${TYPE_WORDS[family.type]}\n`;
  return family.help === undefined ? type : `# HELP ${name} ${escapeHelp(family.help)}\n${type}`;
}

/** The pieces every sample line of one metric shares. */
interface SampleContext {
  /** The escaped family name: legacy-valid, so it stands before the braces (Go omits an empty one). */
  name: string;
  /** The metric's own labels, rendered and comma-joined. */
  labels: string;
  /** ` <timestamp>` or empty. */
  timestamp: string;
}

function sampleLine(ctx: SampleContext, suffix: string, extraLabel: string, value: number): string {
  const labels =
    extraLabel === '' ? ctx.labels : ctx.labels === '' ? extraLabel : `${ctx.labels},${extraLabel}`;
  const series = labels === '' ? ctx.name + suffix : `${ctx.name}${suffix}{${labels}}`;
  return `${series} ${formatFloat(value)}${ctx.timestamp}\n`;
}

/** A count as Go writes it: the float override when set and non-zero, else the integer as a float64. */
function countValue(float: number | undefined, integer: bigint): number {
  return float !== undefined && float !== 0 ? float : Number(integer);
}

function histogramLines(ctx: SampleContext, histogram: Histogram): string {
  let out = '';
  let infSeen = false;
  for (const bucket of histogram.bucket) {
    const count = countValue(bucket.cumulativeCountFloat, bucket.cumulativeCount);
    out += sampleLine(ctx, '_bucket', `le="${formatFloat(bucket.upperBound)}"`, count);
    if (bucket.upperBound === Number.POSITIVE_INFINITY) infSeen = true;
  }
  const count = countValue(histogram.sampleCountFloat, histogram.sampleCount);
  if (!infSeen) out += sampleLine(ctx, '_bucket', 'le="+Inf"', count);
  out += sampleLine(ctx, '_sum', '', histogram.sampleSum);
  return out + sampleLine(ctx, '_count', '', count);
}

function missingValue(family: MetricFamily, expected: string): ProtocolError {
  return new ProtocolError('text_syntax', `expected ${expected} in metric ${family.name}`);
}

/**
 * All sample lines of one metric of `family`, as Go writes them: labels in the
 * stored order with `quantile`/`le` last; a summary's quantile lines then
 * `_sum` and `_count`; a histogram's buckets in stored order, a `+Inf` bucket
 * (holding the count) added when none is stored, then `_sum` and `_count`.
 * Counts print as float64 (`1.2345678e+07`); only classic buckets are shown.
 *
 * @throws ProtocolError if `metric` lacks the value of the family's type, where
 * Go's encoder fails too (`expected counter in metric …`).
 */
export function writeMetric(family: MetricFamily, metric: Metric): string {
  const ctx: SampleContext = {
    name: escapeNameUnderscores(family.name),
    labels: metric.label.map(labelToken).join(','),
    timestamp: metric.timestampMs === undefined ? '' : ` ${metric.timestampMs}`,
  };
  switch (family.type) {
    case 'COUNTER':
      if (metric.counter === undefined) throw missingValue(family, 'counter');
      return sampleLine(ctx, '', '', metric.counter.value);
    case 'GAUGE':
      if (metric.gauge === undefined) throw missingValue(family, 'gauge');
      return sampleLine(ctx, '', '', metric.gauge.value);
    case 'UNTYPED':
      if (metric.untyped === undefined) throw missingValue(family, 'untyped');
      return sampleLine(ctx, '', '', metric.untyped.value);
    case 'SUMMARY': {
      const summary = metric.summary;
      if (summary === undefined) throw missingValue(family, 'summary');
      let out = '';
      for (const q of summary.quantile) {
        out += sampleLine(ctx, '', `quantile="${formatFloat(q.quantile)}"`, q.value);
      }
      out += sampleLine(ctx, '_sum', '', summary.sampleSum);
      return out + sampleLine(ctx, '_count', '', Number(summary.sampleCount));
    }
    case 'HISTOGRAM':
    case 'GAUGE_HISTOGRAM':
      if (metric.histogram === undefined) throw missingValue(family, 'histogram');
      return histogramLines(ctx, metric.histogram);
  }
}

/**
 * The exposition of `families` in the given order: for each, its header
 * ({@link writeFamilyHeader}) and its metrics ({@link writeMetric}). Families
 * with no metrics or an empty name are skipped, as Go's encoder refuses them.
 *
 * @throws ProtocolError as {@link writeMetric} does.
 */
export function writeText(families: Iterable<MetricFamily>): string {
  let out = '';
  for (const family of families) {
    if (family.metric.length === 0 || family.name === '') continue;
    out += writeFamilyHeader(family);
    for (const metric of family.metric) out += writeMetric(family, metric);
  }
  return out;
}
