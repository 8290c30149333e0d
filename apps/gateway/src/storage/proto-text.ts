import {
  type Bucket,
  type BucketSpan,
  type Exemplar,
  formatGoFloat,
  type Histogram,
  type LabelPair,
  type Metric,
  type Summary,
  type Timestamp,
} from '@pushgate/protocol';

/**
 * A metric in the compact protobuf text form that the Go pushgateway 1.5.1
 * embeds in its consistency errors (`proto.CompactTextString`): fields in
 * declaration order, each followed by a space, messages in `<…>`, e.g.
 * `label:<name:"job" value:"j" > gauge:<value:1 > `. Go's own rendering of
 * this part changed between protobuf versions, so it is reproduced for
 * readability rather than promised byte for byte.
 */
export function metricProtoText(metric: Metric): string {
  let out = '';
  for (const label of metric.label) out += message('label', labelText(label));
  if (metric.gauge) out += message('gauge', field('value', float(metric.gauge.value)));
  if (metric.counter) {
    const { value, exemplar, createdTimestamp } = metric.counter;
    out += message(
      'counter',
      field('value', float(value)) +
        exemplarText(exemplar) +
        timestampText('created_timestamp', createdTimestamp),
    );
  }
  if (metric.summary) out += message('summary', summaryText(metric.summary));
  if (metric.untyped) out += message('untyped', field('value', float(metric.untyped.value)));
  if (metric.histogram) out += message('histogram', histogramText(metric.histogram));
  if (metric.timestampMs !== undefined) out += field('timestamp_ms', String(metric.timestampMs));
  return out;
}

function field(name: string, value: string): string {
  return `${name}:${value} `;
}

function message(name: string, body: string): string {
  return `${name}:<${body}> `;
}

function labelText(label: LabelPair): string {
  return field('name', protoString(label.name)) + field('value', protoString(label.value));
}

function summaryText(summary: Summary): string {
  let out =
    field('sample_count', String(summary.sampleCount)) + field('sample_sum', float(summary.sampleSum));
  for (const q of summary.quantile) {
    out += message('quantile', field('quantile', float(q.quantile)) + field('value', float(q.value)));
  }
  return out + timestampText('created_timestamp', summary.createdTimestamp);
}

function histogramText(h: Histogram): string {
  let out = field('sample_count', String(h.sampleCount));
  if (h.sampleCountFloat !== undefined) out += field('sample_count_float', float(h.sampleCountFloat));
  out += field('sample_sum', float(h.sampleSum));
  for (const bucket of h.bucket) out += message('bucket', bucketText(bucket));
  out += timestampText('created_timestamp', h.createdTimestamp);
  if (h.schema !== undefined) out += field('schema', String(h.schema));
  if (h.zeroThreshold !== undefined) out += field('zero_threshold', float(h.zeroThreshold));
  if (h.zeroCount !== undefined) out += field('zero_count', String(h.zeroCount));
  if (h.zeroCountFloat !== undefined) out += field('zero_count_float', float(h.zeroCountFloat));
  out += spansText('negative', h.negativeSpan, h.negativeDelta, h.negativeCount);
  out += spansText('positive', h.positiveSpan, h.positiveDelta, h.positiveCount);
  for (const exemplar of h.exemplars) out += message('exemplars', exemplarBody(exemplar));
  return out;
}

function bucketText(bucket: Bucket): string {
  let out = field('cumulative_count', String(bucket.cumulativeCount));
  if (bucket.cumulativeCountFloat !== undefined) {
    out += field('cumulative_count_float', float(bucket.cumulativeCountFloat));
  }
  return out + field('upper_bound', float(bucket.upperBound)) + exemplarText(bucket.exemplar);
}

function spansText(
  side: string,
  spans: readonly BucketSpan[],
  deltas: readonly bigint[],
  counts: readonly number[],
): string {
  let out = '';
  for (const span of spans) {
    out += message(
      `${side}_span`,
      field('offset', String(span.offset)) + field('length', String(span.length)),
    );
  }
  for (const delta of deltas) out += field(`${side}_delta`, String(delta));
  for (const count of counts) out += field(`${side}_count`, float(count));
  return out;
}

function exemplarText(exemplar: Exemplar | undefined): string {
  return exemplar ? message('exemplar', exemplarBody(exemplar)) : '';
}

function exemplarBody(exemplar: Exemplar): string {
  let out = '';
  for (const label of exemplar.label) out += message('label', labelText(label));
  return out + field('value', float(exemplar.value)) + timestampText('timestamp', exemplar.timestamp);
}

function timestampText(name: string, timestamp: Timestamp | undefined): string {
  if (!timestamp) return '';
  return message(name, field('seconds', String(timestamp.seconds)) + field('nanos', String(timestamp.nanos)));
}

/** Go's protobuf text form of a double: shortest `%g` digits, `inf`, `-inf`, `nan`, `-0`. */
function float(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  return formatGoFloat(value);
}

/** The lowest and highest code units that carry one byte of invalid UTF-8 (see the text parser). */
const ESCAPED_BYTE_FIRST = 0xdc80;
const ESCAPED_BYTE_LAST = 0xdcff;

/**
 * A string as Go's protobuf text writes it: printable ASCII as is, `"` and
 * `\` backslashed, `\n` `\r` `\t`, every other byte of the UTF-8 form in
 * three-digit octal (`Π` is `\316\240`). A lone surrogate U+DC80–U+DCFF
 * stands for one byte of invalid UTF-8, as the text parser delivers it.
 */
function protoString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) {
      out += c === 0x22 || c === 0x5c ? `\\${s[i]}` : s[i];
    } else if (c === 0x0a) {
      out += '\\n';
    } else if (c === 0x0d) {
      out += '\\r';
    } else if (c === 0x09) {
      out += '\\t';
    } else if (c < 0x80) {
      out += octal(c);
    } else if (c >= ESCAPED_BYTE_FIRST && c <= ESCAPED_BYTE_LAST) {
      out += octal(c - 0xdc00);
    } else {
      const codePoint = s.codePointAt(i) ?? c;
      if (codePoint > 0xffff) i++;
      for (const byte of Buffer.from(String.fromCodePoint(codePoint), 'utf8')) out += octal(byte);
    }
  }
  return `${out}"`;
}

function octal(byte: number): string {
  return `\\${byte.toString(8).padStart(3, '0')}`;
}
