/**
 * Writes the protocol model as `io.prometheus.client.MetricFamily` wire bytes
 * the way Go's client_model marshals them, so that a body pushed by a Go
 * client is served back byte for byte:
 * - fields in field-number order (so `Metric.timestamp_ms` = 6 precedes
 *   `Metric.histogram` = 7),
 * - proto2 presence: fields the model always carries (Go's client always sets
 *   them) are always written, even when zero; optional model properties only
 *   when defined,
 * - repeated scalars unpacked, one key per element,
 * - `google.protobuf.Timestamp` as proto3: zero fields omitted.
 */
import { type BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
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
import { METRIC_TYPES } from '../model.js';

const { Varint, Bit64, LengthDelimited } = WireType;

/** Field keys, precomputed: (field number << 3) | wire type. */
function key(fieldNumber: number, wireType: WireType): number {
  return (fieldNumber << 3) | wireType;
}

const K1_LEN = key(1, LengthDelimited);
const K2_LEN = key(2, LengthDelimited);
const K3_LEN = key(3, LengthDelimited);
const K4_LEN = key(4, LengthDelimited);
const K5_LEN = key(5, LengthDelimited);
const K7_LEN = key(7, LengthDelimited);
const K9_LEN = key(9, LengthDelimited);
const K12_LEN = key(12, LengthDelimited);
const K15_LEN = key(15, LengthDelimited);
const K16_LEN = key(16, LengthDelimited);
const K1_VARINT = key(1, Varint);
const K2_VARINT = key(2, Varint);
const K3_VARINT = key(3, Varint);
const K5_VARINT = key(5, Varint);
const K6_VARINT = key(6, Varint);
const K7_VARINT = key(7, Varint);
const K10_VARINT = key(10, Varint);
const K13_VARINT = key(13, Varint);
const K1_BIT64 = key(1, Bit64);
const K2_BIT64 = key(2, Bit64);
const K4_BIT64 = key(4, Bit64);
const K6_BIT64 = key(6, Bit64);
const K8_BIT64 = key(8, Bit64);
const K11_BIT64 = key(11, Bit64);
const K14_BIT64 = key(14, Bit64);

const TYPE_NUMBERS: ReadonlyMap<string, number> = new Map(METRIC_TYPES.map((type, index) => [type, index]));

/** Writes one MetricFamily message body (without its length prefix). */
export function writeMetricFamily(w: BinaryWriter, family: MetricFamily): void {
  w.uint32(K1_LEN).string(family.name);
  if (family.help !== undefined) w.uint32(K2_LEN).string(family.help);
  w.uint32(K3_VARINT).int32(TYPE_NUMBERS.get(family.type) ?? 0);
  for (const metric of family.metric) {
    w.uint32(K4_LEN).fork();
    writeMetric(w, metric);
    w.join();
  }
  if (family.unit !== undefined) w.uint32(K5_LEN).string(family.unit);
}

function writeMetric(w: BinaryWriter, metric: Metric): void {
  writeLabelPairs(w, K1_LEN, metric.label);
  if (metric.gauge !== undefined) {
    w.uint32(K2_LEN).fork().uint32(K1_BIT64).double(metric.gauge.value).join();
  }
  if (metric.counter !== undefined) {
    w.uint32(K3_LEN).fork();
    writeCounter(w, metric.counter);
    w.join();
  }
  if (metric.summary !== undefined) {
    w.uint32(K4_LEN).fork();
    writeSummary(w, metric.summary);
    w.join();
  }
  if (metric.untyped !== undefined) {
    w.uint32(K5_LEN).fork().uint32(K1_BIT64).double(metric.untyped.value).join();
  }
  if (metric.timestampMs !== undefined) w.uint32(K6_VARINT).int64(metric.timestampMs);
  if (metric.histogram !== undefined) {
    w.uint32(K7_LEN).fork();
    writeHistogram(w, metric.histogram);
    w.join();
  }
}

function writeLabelPairs(w: BinaryWriter, fieldKey: number, labels: readonly LabelPair[]): void {
  for (const label of labels) {
    w.uint32(fieldKey).fork().uint32(K1_LEN).string(label.name).uint32(K2_LEN).string(label.value).join();
  }
}

function writeCounter(w: BinaryWriter, counter: Counter): void {
  w.uint32(K1_BIT64).double(counter.value);
  if (counter.exemplar !== undefined) writeExemplar(w, K2_LEN, counter.exemplar);
  if (counter.createdTimestamp !== undefined) writeTimestamp(w, K3_LEN, counter.createdTimestamp);
}

function writeSummary(w: BinaryWriter, summary: Summary): void {
  w.uint32(K1_VARINT).uint64(summary.sampleCount);
  w.uint32(K2_BIT64).double(summary.sampleSum);
  for (const quantile of summary.quantile) {
    w.uint32(K3_LEN)
      .fork()
      .uint32(K1_BIT64)
      .double(quantile.quantile)
      .uint32(K2_BIT64)
      .double(quantile.value)
      .join();
  }
  if (summary.createdTimestamp !== undefined) writeTimestamp(w, K4_LEN, summary.createdTimestamp);
}

function writeHistogram(w: BinaryWriter, histogram: Histogram): void {
  w.uint32(K1_VARINT).uint64(histogram.sampleCount);
  w.uint32(K2_BIT64).double(histogram.sampleSum);
  for (const bucket of histogram.bucket) {
    w.uint32(K3_LEN).fork();
    writeBucket(w, bucket);
    w.join();
  }
  if (histogram.sampleCountFloat !== undefined) w.uint32(K4_BIT64).double(histogram.sampleCountFloat);
  if (histogram.schema !== undefined) w.uint32(K5_VARINT).sint32(histogram.schema);
  if (histogram.zeroThreshold !== undefined) w.uint32(K6_BIT64).double(histogram.zeroThreshold);
  if (histogram.zeroCount !== undefined) w.uint32(K7_VARINT).uint64(histogram.zeroCount);
  if (histogram.zeroCountFloat !== undefined) w.uint32(K8_BIT64).double(histogram.zeroCountFloat);
  writeBucketSpans(w, K9_LEN, histogram.negativeSpan);
  for (const delta of histogram.negativeDelta) w.uint32(K10_VARINT).sint64(delta);
  for (const count of histogram.negativeCount) w.uint32(K11_BIT64).double(count);
  writeBucketSpans(w, K12_LEN, histogram.positiveSpan);
  for (const delta of histogram.positiveDelta) w.uint32(K13_VARINT).sint64(delta);
  for (const count of histogram.positiveCount) w.uint32(K14_BIT64).double(count);
  if (histogram.createdTimestamp !== undefined) writeTimestamp(w, K15_LEN, histogram.createdTimestamp);
  for (const exemplar of histogram.exemplars) writeExemplar(w, K16_LEN, exemplar);
}

function writeBucket(w: BinaryWriter, bucket: Bucket): void {
  w.uint32(K1_VARINT).uint64(bucket.cumulativeCount);
  w.uint32(K2_BIT64).double(bucket.upperBound);
  if (bucket.exemplar !== undefined) writeExemplar(w, K3_LEN, bucket.exemplar);
  if (bucket.cumulativeCountFloat !== undefined) w.uint32(K4_BIT64).double(bucket.cumulativeCountFloat);
}

function writeBucketSpans(w: BinaryWriter, fieldKey: number, spans: readonly BucketSpan[]): void {
  for (const span of spans) {
    w.uint32(fieldKey)
      .fork()
      .uint32(K1_VARINT)
      .sint32(span.offset)
      .uint32(K2_VARINT)
      .uint32(span.length)
      .join();
  }
}

function writeExemplar(w: BinaryWriter, fieldKey: number, exemplar: Exemplar): void {
  w.uint32(fieldKey).fork();
  writeLabelPairs(w, K1_LEN, exemplar.label);
  w.uint32(K2_BIT64).double(exemplar.value);
  if (exemplar.timestamp !== undefined) writeTimestamp(w, K3_LEN, exemplar.timestamp);
  w.join();
}

function writeTimestamp(w: BinaryWriter, fieldKey: number, timestamp: Timestamp): void {
  w.uint32(fieldKey).fork();
  if (timestamp.seconds !== 0n) w.uint32(K1_VARINT).int64(timestamp.seconds);
  if (timestamp.nanos !== 0) w.uint32(K2_VARINT).int32(timestamp.nanos);
  w.join();
}
