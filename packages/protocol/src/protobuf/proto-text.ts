/**
 * The two protobuf text scrape formats the Go Pushgateway 1.5.1 serves
 * (`encoding=text` and `encoding=compact-text`), as written by the legacy
 * golang/protobuf text marshaler it links:
 * - fields in declaration order of metrics.proto (so `histogram` before
 *   `timestamp_ms`), unset optional fields left out, Timestamp zeros left out;
 * - messages in angle brackets; enums by name; integers in decimal; doubles
 *   as Go's `fmt.Sprint` writes them except `inf`, `-inf` and `nan`;
 * - strings double-quoted byte by byte over their UTF-8: `\n`, `\r`, `\t`,
 *   `\"`, `\\`, printable ASCII as is, every other byte as a 3-digit octal
 *   escape;
 * - multi-line: `name: value` lines indented by two spaces per level, and a
 *   blank line after each family; compact: every field followed by one
 *   space, one family per line.
 */
import { formatGoFloat } from '../float-format.js';
import type {
  Bucket,
  BucketSpan,
  Counter,
  Exemplar,
  Histogram,
  LabelPair,
  Metric,
  MetricFamily,
  Summary,
  Timestamp,
} from '../model.js';

/**
 * Renders families as the protobuf text format (`encoding=text`), each
 * family followed by a blank line, byte for byte as the Go Pushgateway does.
 */
export function encodeProtoText(families: Iterable<MetricFamily>): string {
  const writer = new ProtoTextWriter(false);
  for (const family of families) {
    writeMetricFamily(writer, family);
    writer.endFamily();
  }
  return writer.text;
}

/**
 * Renders families as the compact protobuf text format
 * (`encoding=compact-text`), one family per line, byte for byte as the Go
 * Pushgateway does (including the space before each line break).
 */
export function encodeProtoCompactText(families: Iterable<MetricFamily>): string {
  const writer = new ProtoTextWriter(true);
  for (const family of families) {
    writeMetricFamily(writer, family);
    writer.endFamily();
  }
  return writer.text;
}

/** Accumulates text in one of the two layouts; the message writers below are layout-blind. */
class ProtoTextWriter {
  text = '';
  private indent = '';

  constructor(private readonly compact: boolean) {}

  field(name: string, value: string): void {
    this.text += this.compact ? `${name}:${value} ` : `${this.indent}${name}: ${value}\n`;
  }

  open(name: string): void {
    this.text += this.compact ? `${name}:<` : `${this.indent}${name}: <\n`;
    this.indent += '  ';
  }

  close(): void {
    this.indent = this.indent.slice(2);
    this.text += this.compact ? '> ' : `${this.indent}>\n`;
  }

  endFamily(): void {
    this.text += '\n';
  }
}

function writeMetricFamily(w: ProtoTextWriter, family: MetricFamily): void {
  w.field('name', quote(family.name));
  if (family.help !== undefined) w.field('help', quote(family.help));
  w.field('type', family.type);
  for (const metric of family.metric) {
    w.open('metric');
    writeMetric(w, metric);
    w.close();
  }
  if (family.unit !== undefined) w.field('unit', quote(family.unit));
}

function writeMetric(w: ProtoTextWriter, metric: Metric): void {
  writeLabelPairs(w, metric.label);
  if (metric.gauge !== undefined) writeValueMessage(w, 'gauge', metric.gauge.value);
  if (metric.counter !== undefined) writeCounter(w, metric.counter);
  if (metric.summary !== undefined) writeSummary(w, metric.summary);
  if (metric.untyped !== undefined) writeValueMessage(w, 'untyped', metric.untyped.value);
  if (metric.histogram !== undefined) writeHistogram(w, metric.histogram);
  if (metric.timestampMs !== undefined) w.field('timestamp_ms', metric.timestampMs.toString());
}

function writeLabelPairs(w: ProtoTextWriter, labels: readonly LabelPair[]): void {
  for (const label of labels) {
    w.open('label');
    w.field('name', quote(label.name));
    w.field('value', quote(label.value));
    w.close();
  }
}

function writeValueMessage(w: ProtoTextWriter, name: string, value: number): void {
  w.open(name);
  w.field('value', float(value));
  w.close();
}

function writeCounter(w: ProtoTextWriter, counter: Counter): void {
  w.open('counter');
  w.field('value', float(counter.value));
  if (counter.exemplar !== undefined) writeExemplar(w, 'exemplar', counter.exemplar);
  if (counter.createdTimestamp !== undefined)
    writeTimestamp(w, 'created_timestamp', counter.createdTimestamp);
  w.close();
}

function writeSummary(w: ProtoTextWriter, summary: Summary): void {
  w.open('summary');
  w.field('sample_count', summary.sampleCount.toString());
  w.field('sample_sum', float(summary.sampleSum));
  for (const quantile of summary.quantile) {
    w.open('quantile');
    w.field('quantile', float(quantile.quantile));
    w.field('value', float(quantile.value));
    w.close();
  }
  if (summary.createdTimestamp !== undefined)
    writeTimestamp(w, 'created_timestamp', summary.createdTimestamp);
  w.close();
}

function writeHistogram(w: ProtoTextWriter, histogram: Histogram): void {
  w.open('histogram');
  w.field('sample_count', histogram.sampleCount.toString());
  if (histogram.sampleCountFloat !== undefined)
    w.field('sample_count_float', float(histogram.sampleCountFloat));
  w.field('sample_sum', float(histogram.sampleSum));
  for (const bucket of histogram.bucket) writeBucket(w, bucket);
  if (histogram.createdTimestamp !== undefined)
    writeTimestamp(w, 'created_timestamp', histogram.createdTimestamp);
  if (histogram.schema !== undefined) w.field('schema', String(histogram.schema));
  if (histogram.zeroThreshold !== undefined) w.field('zero_threshold', float(histogram.zeroThreshold));
  if (histogram.zeroCount !== undefined) w.field('zero_count', histogram.zeroCount.toString());
  if (histogram.zeroCountFloat !== undefined) w.field('zero_count_float', float(histogram.zeroCountFloat));
  writeBucketSpans(w, 'negative_span', histogram.negativeSpan);
  for (const delta of histogram.negativeDelta) w.field('negative_delta', delta.toString());
  for (const count of histogram.negativeCount) w.field('negative_count', float(count));
  writeBucketSpans(w, 'positive_span', histogram.positiveSpan);
  for (const delta of histogram.positiveDelta) w.field('positive_delta', delta.toString());
  for (const count of histogram.positiveCount) w.field('positive_count', float(count));
  for (const exemplar of histogram.exemplars) writeExemplar(w, 'exemplars', exemplar);
  w.close();
}

function writeBucket(w: ProtoTextWriter, bucket: Bucket): void {
  w.open('bucket');
  w.field('cumulative_count', bucket.cumulativeCount.toString());
  if (bucket.cumulativeCountFloat !== undefined) {
    w.field('cumulative_count_float', float(bucket.cumulativeCountFloat));
  }
  w.field('upper_bound', float(bucket.upperBound));
  if (bucket.exemplar !== undefined) writeExemplar(w, 'exemplar', bucket.exemplar);
  w.close();
}

function writeBucketSpans(w: ProtoTextWriter, name: string, spans: readonly BucketSpan[]): void {
  for (const span of spans) {
    w.open(name);
    w.field('offset', String(span.offset));
    w.field('length', String(span.length));
    w.close();
  }
}

function writeExemplar(w: ProtoTextWriter, name: string, exemplar: Exemplar): void {
  w.open(name);
  writeLabelPairs(w, exemplar.label);
  w.field('value', float(exemplar.value));
  if (exemplar.timestamp !== undefined) writeTimestamp(w, 'timestamp', exemplar.timestamp);
  w.close();
}

/** `google.protobuf.Timestamp` is proto3: zero fields are not written. */
function writeTimestamp(w: ProtoTextWriter, name: string, timestamp: Timestamp): void {
  w.open(name);
  if (timestamp.seconds !== 0n) w.field('seconds', timestamp.seconds.toString());
  if (timestamp.nanos !== 0) w.field('nanos', String(timestamp.nanos));
  w.close();
}

function float(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  return formatGoFloat(value);
}

const utf8 = new TextEncoder();

function quote(value: string): string {
  let quoted = '"';
  for (const byte of utf8.encode(value)) {
    switch (byte) {
      case 0x0a:
        quoted += '\\n';
        break;
      case 0x0d:
        quoted += '\\r';
        break;
      case 0x09:
        quoted += '\\t';
        break;
      case 0x22:
        quoted += '\\"';
        break;
      case 0x5c:
        quoted += '\\\\';
        break;
      default:
        quoted +=
          byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\${byte.toString(8).padStart(3, '0')}`;
    }
  }
  return `${quoted}"`;
}
