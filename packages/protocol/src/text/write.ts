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
import type { Histogram, LabelPair, Metric, MetricFamily, MetricType } from '../model.js';
import { escapeNameUnderscores } from './exposed-name.js';
import { TextSink } from './text-sink.js';

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

const LF = 0x0a;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const EQUALS = 0x3d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * A family or label name as a token of the exposition: escaped, which leaves
 * it a legacy name (ASCII), except that the empty name is written quoted (Go's
 * `writeName`).
 */
function nameToken(name: string): string {
  return name === '' ? '""' : escapeNameUnderscores(name);
}

/**
 * The `# HELP` line (only when the family has a help text, escaped) and the
 * `# TYPE` line of `family`, as Go writes them.
 */
export function writeFamilyHeader(family: MetricFamily): string {
  const sink = new TextSink();
  writeHeader(sink, family);
  return sink.finish();
}

function writeHeader(sink: TextSink, family: MetricFamily): void {
  const name = nameToken(family.name);
  if (family.help !== undefined) {
    sink.ascii('# HELP ');
    sink.ascii(name);
    sink.char(SPACE);
    sink.escaped(family.help, false);
    sink.char(LF);
  }
  sink.ascii('# TYPE ');
  sink.ascii(name);
  sink.char(SPACE);
  sink.ascii(TYPE_WORDS[family.type]);
  sink.char(LF);
}

function writeLabels(sink: TextSink, labels: readonly LabelPair[]): void {
  for (let i = 0; i < labels.length; i++) {
    const { name, value } = labels[i]!;
    if (i > 0) sink.char(COMMA);
    if (name === '__name__') {
      sink.ascii('__name__="');
      sink.escaped(escapeNameUnderscores(value), true);
    } else {
      if (!sink.legacyName(name)) sink.ascii(nameToken(name));
      sink.char(EQUALS);
      sink.char(QUOTE);
      sink.escaped(value, true);
    }
    sink.char(QUOTE);
  }
}

/**
 * The rendered labels of the metric being written: rendered on its first
 * sample line and copied on the others (a histogram has a dozen), unless
 * something other than ASCII moved them out of the sink's buffer.
 */
class LabelBlock {
  private labels: readonly LabelPair[] = [];
  private start = -1;
  private end = -1;
  private runs = -1;

  reset(labels: readonly LabelPair[]): void {
    this.labels = labels;
    this.start = -1;
  }

  get isEmpty(): boolean {
    return this.labels.length === 0;
  }

  write(sink: TextSink): void {
    if (this.start >= 0 && sink.isRepeatable(this.runs)) {
      sink.repeat(this.start, this.end);
      return;
    }
    this.runs = sink.runs;
    this.start = sink.position;
    writeLabels(sink, this.labels);
    this.end = sink.position;
  }
}

/** Reused from metric to metric: nothing a metric's rendering calls can start another. */
const labelBlock = new LabelBlock();

/**
 * One sample line: `name suffix{labels,extra="bound"} value timestamp`, the
 * braces only when there is a label. `extra` is `le="`, `quantile="` or empty.
 */
function sampleLine(
  sink: TextSink,
  name: string,
  suffix: string,
  extra: string,
  bound: number,
  value: number,
  timestamp: string,
): void {
  sink.ascii(name);
  sink.ascii(suffix);
  const hasLabels = !labelBlock.isEmpty;
  if (hasLabels || extra !== '') {
    sink.char(OPEN_BRACE);
    if (hasLabels) labelBlock.write(sink);
    if (extra !== '') {
      if (hasLabels) sink.char(COMMA);
      sink.ascii(extra);
      sink.bound(bound);
      sink.char(QUOTE);
    }
    sink.char(CLOSE_BRACE);
  }
  sink.char(SPACE);
  sink.float(value);
  sink.ascii(timestamp);
  sink.char(LF);
}

/** A count as Go writes it: the float override when set and non-zero, else the integer as a float64. */
function countValue(float: number | undefined, integer: bigint): number {
  return float !== undefined && float !== 0 ? float : Number(integer);
}

function histogramLines(sink: TextSink, name: string, histogram: Histogram, timestamp: string): void {
  let infSeen = false;
  for (const bucket of histogram.bucket) {
    const count = countValue(bucket.cumulativeCountFloat, bucket.cumulativeCount);
    sampleLine(sink, name, '_bucket', 'le="', bucket.upperBound, count, timestamp);
    if (bucket.upperBound === Number.POSITIVE_INFINITY) infSeen = true;
  }
  const count = countValue(histogram.sampleCountFloat, histogram.sampleCount);
  if (!infSeen) sampleLine(sink, name, '_bucket', 'le="', Number.POSITIVE_INFINITY, count, timestamp);
  sampleLine(sink, name, '_sum', '', 0, histogram.sampleSum, timestamp);
  sampleLine(sink, name, '_count', '', 0, count, timestamp);
}

function missingValue(family: MetricFamily, expected: string): ProtocolError {
  return new ProtocolError('text_syntax', `expected ${expected} in metric ${family.name}`);
}

/**
 * Writes the sample lines of `metric`; `name` is the family name escaped,
 * which is legacy-valid, so it stands before the braces (Go omits an empty one).
 */
function writeSamples(sink: TextSink, family: MetricFamily, name: string, metric: Metric): void {
  labelBlock.reset(metric.label);
  const timestamp = metric.timestampMs === undefined ? '' : ` ${metric.timestampMs}`;
  switch (family.type) {
    case 'COUNTER':
      if (metric.counter === undefined) throw missingValue(family, 'counter');
      sampleLine(sink, name, '', '', 0, metric.counter.value, timestamp);
      return;
    case 'GAUGE':
      if (metric.gauge === undefined) throw missingValue(family, 'gauge');
      sampleLine(sink, name, '', '', 0, metric.gauge.value, timestamp);
      return;
    case 'UNTYPED':
      if (metric.untyped === undefined) throw missingValue(family, 'untyped');
      sampleLine(sink, name, '', '', 0, metric.untyped.value, timestamp);
      return;
    case 'SUMMARY': {
      const summary = metric.summary;
      if (summary === undefined) throw missingValue(family, 'summary');
      for (const q of summary.quantile)
        sampleLine(sink, name, '', 'quantile="', q.quantile, q.value, timestamp);
      sampleLine(sink, name, '_sum', '', 0, summary.sampleSum, timestamp);
      sampleLine(sink, name, '_count', '', 0, Number(summary.sampleCount), timestamp);
      return;
    }
    case 'HISTOGRAM':
    case 'GAUGE_HISTOGRAM':
      if (metric.histogram === undefined) throw missingValue(family, 'histogram');
      histogramLines(sink, name, metric.histogram, timestamp);
      return;
  }
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
  const sink = new TextSink();
  try {
    writeSamples(sink, family, escapeNameUnderscores(family.name), metric);
  } catch (err) {
    sink.discard();
    throw err;
  }
  return sink.finish();
}

/**
 * The exposition of `families` in the given order: for each, its header
 * ({@link writeFamilyHeader}) and its metrics ({@link writeMetric}). Families
 * with no metrics or an empty name are skipped, as Go's encoder refuses them.
 *
 * @throws ProtocolError as {@link writeMetric} does.
 */
export function writeText(families: Iterable<MetricFamily>): string {
  const sink = new TextSink();
  try {
    for (const family of families) {
      if (family.metric.length === 0 || family.name === '') continue;
      writeHeader(sink, family);
      const name = escapeNameUnderscores(family.name);
      for (const metric of family.metric) writeSamples(sink, family, name, metric);
    }
  } catch (err) {
    sink.discard();
    throw err;
  }
  return sink.finish();
}
