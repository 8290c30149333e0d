/**
 * Reads one `io.prometheus.client.MetricFamily` message straight into the
 * protocol model, field by field over the wire (see delimited.ts for why not
 * through the generated message classes).
 *
 * proto2 semantics are kept: absent scalars read as their defaults, the last
 * occurrence of a singular scalar wins, repeated occurrences of a singular
 * message merge into one, repeated scalars are accepted packed and unpacked,
 * and unknown fields are skipped. A known field with the wrong wire type is
 * refused rather than silently dropped.
 */
import { WireType } from '@bufbuild/protobuf/wire';
import {
  type Bucket,
  type BucketSpan,
  type Counter,
  type Exemplar,
  emptyHistogram,
  type Gauge,
  type Histogram,
  type LabelPair,
  METRIC_TYPES,
  type Metric,
  type MetricFamily,
  type Quantile,
  type Summary,
  type Timestamp,
  type Untyped,
} from '../model.js';
import type { WireCursor } from './wire-cursor.js';

const { Varint, Bit64, LengthDelimited } = WireType;

/** Reads the MetricFamily whose bytes run from the cursor to `end`. */
export function readMetricFamily(c: WireCursor, end: number): MetricFamily {
  const family: MetricFamily = { name: '', type: 'COUNTER', metric: [] };
  while (c.pos < end) {
    const key = c.key(end);
    switch (key >>> 3) {
      case 1:
        c.expectWireType(key, LengthDelimited, 'MetricFamily.name');
        family.name = c.string(end, 'MetricFamily.name');
        break;
      case 2:
        c.expectWireType(key, LengthDelimited, 'MetricFamily.help');
        family.help = c.string(end, 'MetricFamily.help');
        break;
      case 3: {
        c.expectWireType(key, Varint, 'MetricFamily.type');
        // A closed proto2 enum: a number this schema does not know leaves the
        // field as it was (COUNTER when never set), as Go's reader does.
        const type = METRIC_TYPES[c.int32(end)];
        if (type !== undefined) family.type = type;
        break;
      }
      case 4:
        family.metric.push(readMetric(c, messageEnd(c, key, end, 'MetricFamily.metric')));
        break;
      case 5:
        c.expectWireType(key, LengthDelimited, 'MetricFamily.unit');
        family.unit = c.string(end, 'MetricFamily.unit');
        break;
      default:
        c.skip(key, end);
    }
  }
  c.assertAtEnd(end);
  return family;
}

/**
 * The labels of the metric being read, copied out at their final size when
 * it ends: an array grown by pushes keeps room for 16 pairs, tripling the
 * memory a decoded metric takes. (Metrics do not nest, so one list serves.)
 */
const metricLabels: LabelPair[] = [];

function readMetric(c: WireCursor, end: number): Metric {
  // An empty literal has room for four properties inside the object; a
  // literal with `label` only would put the value fields in a separate
  // property array. Fields are added in wire order, label first.
  const metric = {} as Metric;
  metric.label = metricLabels;
  metricLabels.length = 0;
  while (c.pos < end) {
    const key = c.key(end);
    switch (key >>> 3) {
      case 1:
        metricLabels.push(readLabelPair(c, messageEnd(c, key, end, 'Metric.label')));
        break;
      case 2:
        metric.gauge = readGauge(
          c,
          messageEnd(c, key, end, 'Metric.gauge'),
          metric.gauge ?? { value: 0 },
          'Gauge.value',
        );
        break;
      case 3:
        metric.counter = readCounter(
          c,
          messageEnd(c, key, end, 'Metric.counter'),
          metric.counter ?? { value: 0 },
        );
        break;
      case 4:
        metric.summary = readSummary(
          c,
          messageEnd(c, key, end, 'Metric.summary'),
          metric.summary ?? { sampleCount: 0n, sampleSum: 0, quantile: [] },
        );
        break;
      case 5:
        metric.untyped = readGauge(
          c,
          messageEnd(c, key, end, 'Metric.untyped'),
          metric.untyped ?? { value: 0 },
          'Untyped.value',
        );
        break;
      case 6:
        c.expectWireType(key, Varint, 'Metric.timestamp_ms');
        metric.timestampMs = c.int64(end);
        break;
      case 7:
        metric.histogram = readHistogram(
          c,
          messageEnd(c, key, end, 'Metric.histogram'),
          metric.histogram ?? emptyHistogram(),
        );
        break;
      default:
        c.skip(key, end);
    }
  }
  c.assertAtEnd(end);
  metric.label = metricLabels.slice();
  metricLabels.length = 0;
  return metric;
}

function readLabelPair(c: WireCursor, end: number): LabelPair {
  const pair: LabelPair = { name: '', value: '' };
  while (c.pos < end) {
    const key = c.key(end);
    switch (key >>> 3) {
      case 1:
        c.expectWireType(key, LengthDelimited, 'LabelPair.name');
        pair.name = c.string(end, 'LabelPair.name');
        break;
      case 2:
        c.expectWireType(key, LengthDelimited, 'LabelPair.value');
        pair.value = c.string(end, 'LabelPair.value');
        break;
      default:
        c.skip(key, end);
    }
  }
  c.assertAtEnd(end);
  return pair;
}

/** Gauge and Untyped share one shape: a single `double value = 1`. */
function readGauge<T extends Gauge | Untyped>(c: WireCursor, end: number, target: T, field: string): T {
  while (c.pos < end) {
    const key = c.key(end);
    if (key >>> 3 === 1) {
      c.expectWireType(key, Bit64, field);
      target.value = c.double(end);
    } else {
      c.skip(key, end);
    }
  }
  c.assertAtEnd(end);
  return target;
}

function readCounter(c: WireCursor, end: number, target: Counter): Counter {
  while (c.pos < end) {
    const key = c.key(end);
    switch (key >>> 3) {
      case 1:
        c.expectWireType(key, Bit64, 'Counter.value');
        target.value = c.double(end);
        break;
      case 2:
        target.exemplar = readExemplar(
          c,
          messageEnd(c, key, end, 'Counter.exemplar'),
          target.exemplar ?? { label: [], value: 0 },
        );
        break;
      case 3:
        target.createdTimestamp = readTimestamp(
          c,
          messageEnd(c, key, end, 'Counter.created_timestamp'),
          target.createdTimestamp ?? { seconds: 0n, nanos: 0 },
        );
        break;
      default:
        c.skip(key, end);
    }
  }
  c.assertAtEnd(end);
  return target;
}

function readSummary(c: WireCursor, end: number, target: Summary): Summary {
  while (c.pos < end) {
    const key = c.key(end);
    switch (key >>> 3) {
      case 1:
        c.expectWireType(key, Varint, 'Summary.sample_count');
        target.sampleCount = c.uint64(end);
        break;
      case 2:
        c.expectWireType(key, Bit64, 'Summary.sample_sum');
        target.sampleSum = c.double(end);
        break;
      case 3:
        target.quantile.push(readQuantile(c, messageEnd(c, key, end, 'Summary.quantile')));
        break;
      case 4:
        target.createdTimestamp = readTimestamp(
          c,
          messageEnd(c, key, end, 'Summary.created_timestamp'),
          target.createdTimestamp ?? { seconds: 0n, nanos: 0 },
        );
        break;
      default:
        c.skip(key, end);
    }
  }
  c.assertAtEnd(end);
  return target;
}

function readQuantile(c: WireCursor, end: number): Quantile {
  const quantile: Quantile = { quantile: 0, value: 0 };
  while (c.pos < end) {
    const key = c.key(end);
    switch (key >>> 3) {
      case 1:
        c.expectWireType(key, Bit64, 'Quantile.quantile');
        quantile.quantile = c.double(end);
        break;
      case 2:
        c.expectWireType(key, Bit64, 'Quantile.value');
        quantile.value = c.double(end);
        break;
      default:
        c.skip(key, end);
    }
  }
  c.assertAtEnd(end);
  return quantile;
}

function readHistogram(c: WireCursor, end: number, target: Histogram): Histogram {
  while (c.pos < end) {
    const key = c.key(end);
    switch (key >>> 3) {
      case 1:
        c.expectWireType(key, Varint, 'Histogram.sample_count');
        target.sampleCount = c.uint64(end);
        break;
      case 2:
        c.expectWireType(key, Bit64, 'Histogram.sample_sum');
        target.sampleSum = c.double(end);
        break;
      case 3:
        target.bucket.push(readBucket(c, messageEnd(c, key, end, 'Histogram.bucket')));
        break;
      case 4:
        c.expectWireType(key, Bit64, 'Histogram.sample_count_float');
        target.sampleCountFloat = c.double(end);
        break;
      case 5:
        c.expectWireType(key, Varint, 'Histogram.schema');
        target.schema = c.sint32(end);
        break;
      case 6:
        c.expectWireType(key, Bit64, 'Histogram.zero_threshold');
        target.zeroThreshold = c.double(end);
        break;
      case 7:
        c.expectWireType(key, Varint, 'Histogram.zero_count');
        target.zeroCount = c.uint64(end);
        break;
      case 8:
        c.expectWireType(key, Bit64, 'Histogram.zero_count_float');
        target.zeroCountFloat = c.double(end);
        break;
      case 9:
        target.negativeSpan.push(readBucketSpan(c, messageEnd(c, key, end, 'Histogram.negative_span')));
        break;
      case 10:
        readSint64s(c, key, end, target.negativeDelta, 'Histogram.negative_delta');
        break;
      case 11:
        readDoubles(c, key, end, target.negativeCount, 'Histogram.negative_count');
        break;
      case 12:
        target.positiveSpan.push(readBucketSpan(c, messageEnd(c, key, end, 'Histogram.positive_span')));
        break;
      case 13:
        readSint64s(c, key, end, target.positiveDelta, 'Histogram.positive_delta');
        break;
      case 14:
        readDoubles(c, key, end, target.positiveCount, 'Histogram.positive_count');
        break;
      case 15:
        target.createdTimestamp = readTimestamp(
          c,
          messageEnd(c, key, end, 'Histogram.created_timestamp'),
          target.createdTimestamp ?? { seconds: 0n, nanos: 0 },
        );
        break;
      case 16:
        target.exemplars.push(
          readExemplar(c, messageEnd(c, key, end, 'Histogram.exemplars'), { label: [], value: 0 }),
        );
        break;
      default:
        c.skip(key, end);
    }
  }
  c.assertAtEnd(end);
  return target;
}

function readBucket(c: WireCursor, end: number): Bucket {
  const bucket: Bucket = { cumulativeCount: 0n, upperBound: 0 };
  while (c.pos < end) {
    const key = c.key(end);
    switch (key >>> 3) {
      case 1:
        c.expectWireType(key, Varint, 'Bucket.cumulative_count');
        bucket.cumulativeCount = c.uint64(end);
        break;
      case 2:
        c.expectWireType(key, Bit64, 'Bucket.upper_bound');
        bucket.upperBound = c.double(end);
        break;
      case 3:
        bucket.exemplar = readExemplar(
          c,
          messageEnd(c, key, end, 'Bucket.exemplar'),
          bucket.exemplar ?? { label: [], value: 0 },
        );
        break;
      case 4:
        c.expectWireType(key, Bit64, 'Bucket.cumulative_count_float');
        bucket.cumulativeCountFloat = c.double(end);
        break;
      default:
        c.skip(key, end);
    }
  }
  c.assertAtEnd(end);
  return bucket;
}

function readBucketSpan(c: WireCursor, end: number): BucketSpan {
  const span: BucketSpan = { offset: 0, length: 0 };
  while (c.pos < end) {
    const key = c.key(end);
    switch (key >>> 3) {
      case 1:
        c.expectWireType(key, Varint, 'BucketSpan.offset');
        span.offset = c.sint32(end);
        break;
      case 2:
        c.expectWireType(key, Varint, 'BucketSpan.length');
        span.length = c.uint32(end);
        break;
      default:
        c.skip(key, end);
    }
  }
  c.assertAtEnd(end);
  return span;
}

function readExemplar(c: WireCursor, end: number, target: Exemplar): Exemplar {
  while (c.pos < end) {
    const key = c.key(end);
    switch (key >>> 3) {
      case 1:
        target.label.push(readLabelPair(c, messageEnd(c, key, end, 'Exemplar.label')));
        break;
      case 2:
        c.expectWireType(key, Bit64, 'Exemplar.value');
        target.value = c.double(end);
        break;
      case 3:
        target.timestamp = readTimestamp(
          c,
          messageEnd(c, key, end, 'Exemplar.timestamp'),
          target.timestamp ?? { seconds: 0n, nanos: 0 },
        );
        break;
      default:
        c.skip(key, end);
    }
  }
  c.assertAtEnd(end);
  return target;
}

/** `google.protobuf.Timestamp` (proto3: absent fields are zero). */
function readTimestamp(c: WireCursor, end: number, target: Timestamp): Timestamp {
  while (c.pos < end) {
    const key = c.key(end);
    switch (key >>> 3) {
      case 1:
        c.expectWireType(key, Varint, 'Timestamp.seconds');
        target.seconds = c.int64(end);
        break;
      case 2:
        c.expectWireType(key, Varint, 'Timestamp.nanos');
        target.nanos = c.int32(end);
        break;
      default:
        c.skip(key, end);
    }
  }
  c.assertAtEnd(end);
  return target;
}

/** Checks that a message field is length-delimited and returns where the sub-message ends. */
function messageEnd(c: WireCursor, key: number, end: number, field: string): number {
  c.expectWireType(key, LengthDelimited, field);
  return c.lengthDelimitedEnd(end);
}

/** A repeated sint64, unpacked (as Go's proto2 client writes it) or packed (as proto3 copies do). */
function readSint64s(c: WireCursor, key: number, end: number, out: bigint[], field: string): void {
  if ((key & 7) === LengthDelimited) {
    const packedEnd = c.lengthDelimitedEnd(end);
    while (c.pos < packedEnd) out.push(c.sint64(packedEnd));
    return;
  }
  c.expectWireType(key, Varint, field);
  out.push(c.sint64(end));
}

/** A repeated double, unpacked or packed. */
function readDoubles(c: WireCursor, key: number, end: number, out: number[], field: string): void {
  if ((key & 7) === LengthDelimited) {
    const packedEnd = c.lengthDelimitedEnd(end);
    while (c.pos < packedEnd) out.push(c.double(packedEnd));
    return;
  }
  c.expectWireType(key, Bit64, field);
  out.push(c.double(end));
}
