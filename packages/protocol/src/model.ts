/**
 * The metric model shared by every format, mirroring the `io.prometheus.client`
 * protobuf messages field for field, so that text and protobuf map onto one
 * shape and protobuf round-trips without loss.
 *
 * Conventions:
 * - 64-bit integers (`uint64` counts, `int64` timestamps, `sint64` deltas) are
 *   `bigint`, so values above 2^53 survive.
 * - Optional protobuf fields that the exposition treats differently when absent
 *   are optional properties (`help`, `timestampMs`, the float-count overrides).
 * - Exactly one value property of a {@link Metric} is set, matching the family
 *   type (`histogram` for both HISTOGRAM and GAUGE_HISTOGRAM).
 */

/** The metric types of `io.prometheus.client.MetricType`, by their protobuf names. */
export type MetricType = 'COUNTER' | 'GAUGE' | 'SUMMARY' | 'UNTYPED' | 'HISTOGRAM' | 'GAUGE_HISTOGRAM';

/** Protobuf enum numbers of {@link MetricType}, in declaration order. */
export const METRIC_TYPES: readonly MetricType[] = [
  'COUNTER',
  'GAUGE',
  'SUMMARY',
  'UNTYPED',
  'HISTOGRAM',
  'GAUGE_HISTOGRAM',
];

export interface LabelPair {
  name: string;
  value: string;
}

/** `google.protobuf.Timestamp`. */
export interface Timestamp {
  seconds: bigint;
  nanos: number;
}

export interface Exemplar {
  label: LabelPair[];
  value: number;
  timestamp?: Timestamp;
}

export interface Gauge {
  value: number;
}

export interface Untyped {
  value: number;
}

export interface Counter {
  value: number;
  exemplar?: Exemplar;
  createdTimestamp?: Timestamp;
}

export interface Quantile {
  quantile: number;
  value: number;
}

export interface Summary {
  sampleCount: bigint;
  sampleSum: number;
  quantile: Quantile[];
  createdTimestamp?: Timestamp;
}

export interface Bucket {
  cumulativeCount: bigint;
  /** Overrides `cumulativeCount` when set and > 0 (float histograms). */
  cumulativeCountFloat?: number;
  upperBound: number;
  exemplar?: Exemplar;
}

/** A native-histogram bucket span: `offset` is relative to the previous span's end. */
export interface BucketSpan {
  offset: number;
  length: number;
}

export interface Histogram {
  sampleCount: bigint;
  /** Overrides `sampleCount` when set and > 0 (float histograms). */
  sampleCountFloat?: number;
  sampleSum: number;
  /** Classic buckets, in the order they were pushed. */
  bucket: Bucket[];
  createdTimestamp?: Timestamp;
  // Native histogram fields; absent or empty for a classic histogram.
  schema?: number;
  zeroThreshold?: number;
  zeroCount?: bigint;
  zeroCountFloat?: number;
  negativeSpan: BucketSpan[];
  negativeDelta: bigint[];
  negativeCount: number[];
  positiveSpan: BucketSpan[];
  positiveDelta: bigint[];
  positiveCount: number[];
  exemplars: Exemplar[];
}

export interface Metric {
  /** Label pairs; the gateway keeps them sorted by name. */
  label: LabelPair[];
  gauge?: Gauge;
  counter?: Counter;
  summary?: Summary;
  untyped?: Untyped;
  histogram?: Histogram;
  /** Milliseconds since the epoch (`int64 timestamp_ms`). */
  timestampMs?: bigint;
}

export interface MetricFamily {
  name: string;
  /** Absent when the source gave no HELP; the text writer then prints no HELP line. */
  help?: string;
  type: MetricType;
  metric: Metric[];
  unit?: string;
}

/** An empty classic histogram, the starting point for parsers and builders. */
export function emptyHistogram(): Histogram {
  return {
    sampleCount: 0n,
    sampleSum: 0,
    bucket: [],
    negativeSpan: [],
    negativeDelta: [],
    negativeCount: [],
    positiveSpan: [],
    positiveDelta: [],
    positiveCount: [],
    exemplars: [],
  };
}
