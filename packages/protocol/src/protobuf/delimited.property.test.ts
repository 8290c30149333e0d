/**
 * Property tests of the delimited protobuf codec: model → bytes → model is
 * lossless, our bytes are the reference library's bytes (@bufbuild/protobuf's
 * generated encoder for the same schema), and no input of any shape makes the
 * decoder throw anything but a ProtocolError.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isProtocolError } from '../errors.js';
import {
  type Bucket,
  type BucketSpan,
  type Exemplar,
  type Histogram,
  type LabelPair,
  METRIC_TYPES,
  type Metric,
  type MetricFamily,
  type Summary,
  type Timestamp,
} from '../model.js';
import { decodeDelimited, encodeDelimited } from './delimited.js';
import { type MetricFamily as GenMetricFamily, MetricFamilySchema } from './gen/metrics_pb.js';

const text = fc.string({ unit: 'binary', maxLength: 12 });
const double = fc.double();
const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const uint32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });

const labelPair: fc.Arbitrary<LabelPair> = fc.record({ name: text, value: text });
const labels = fc.array(labelPair, { maxLength: 3 });
const timestamp: fc.Arbitrary<Timestamp> = fc.record({ seconds: int64, nanos: int32 });
const exemplar: fc.Arbitrary<Exemplar> = fc.record(
  { label: labels, value: double, timestamp },
  { requiredKeys: ['label', 'value'] },
);
const bucket: fc.Arbitrary<Bucket> = fc.record(
  { cumulativeCount: uint64, cumulativeCountFloat: double, upperBound: double, exemplar },
  { requiredKeys: ['cumulativeCount', 'upperBound'] },
);
const span: fc.Arbitrary<BucketSpan> = fc.record({ offset: int32, length: uint32 });
const histogram: fc.Arbitrary<Histogram> = fc.record(
  {
    sampleCount: uint64,
    sampleCountFloat: double,
    sampleSum: double,
    bucket: fc.array(bucket, { maxLength: 3 }),
    createdTimestamp: timestamp,
    schema: int32,
    zeroThreshold: double,
    zeroCount: uint64,
    zeroCountFloat: double,
    negativeSpan: fc.array(span, { maxLength: 2 }),
    negativeDelta: fc.array(int64, { maxLength: 3 }),
    negativeCount: fc.array(double, { maxLength: 3 }),
    positiveSpan: fc.array(span, { maxLength: 2 }),
    positiveDelta: fc.array(int64, { maxLength: 3 }),
    positiveCount: fc.array(double, { maxLength: 3 }),
    exemplars: fc.array(exemplar, { maxLength: 2 }),
  },
  {
    requiredKeys: [
      'sampleCount',
      'sampleSum',
      'bucket',
      'negativeSpan',
      'negativeDelta',
      'negativeCount',
      'positiveSpan',
      'positiveDelta',
      'positiveCount',
      'exemplars',
    ],
  },
);
const summary: fc.Arbitrary<Summary> = fc.record(
  {
    sampleCount: uint64,
    sampleSum: double,
    quantile: fc.array(fc.record({ quantile: double, value: double }), { maxLength: 3 }),
    createdTimestamp: timestamp,
  },
  { requiredKeys: ['sampleCount', 'sampleSum', 'quantile'] },
);
// Any combination of value fields: the decoder does not judge consistency.
const metric: fc.Arbitrary<Metric> = fc.record(
  {
    label: labels,
    gauge: fc.record({ value: double }),
    counter: fc.record({ value: double, exemplar, createdTimestamp: timestamp }, { requiredKeys: ['value'] }),
    summary,
    untyped: fc.record({ value: double }),
    histogram,
    timestampMs: int64,
  },
  { requiredKeys: ['label'] },
);
const metricFamily: fc.Arbitrary<MetricFamily> = fc.record(
  {
    name: text,
    help: text,
    type: fc.constantFrom(...METRIC_TYPES),
    metric: fc.array(metric, { maxLength: 3 }),
    unit: text,
  },
  { requiredKeys: ['name', 'type', 'metric'] },
);
const families = fc.array(metricFamily, { maxLength: 4 });

/** The same families as @bufbuild/protobuf messages; optional properties map to proto2 presence. */
function toGenerated(family: MetricFamily): GenMetricFamily {
  return create(MetricFamilySchema, {
    ...family,
    type: METRIC_TYPES.indexOf(family.type),
  });
}

describe('delimited protobuf properties', () => {
  it('model → bytes → model is lossless, and bytes → model → bytes is stable', () => {
    fc.assert(
      fc.property(families, (input) => {
        const bytes = encodeDelimited(input);
        const decoded = decodeDelimited(bytes);
        expect(decoded).toEqual(input);
        expect(Buffer.from(encodeDelimited(decoded)).equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });

  it('writes the same bytes as the generated encoder of the reference library', () => {
    fc.assert(
      fc.property(metricFamily, (family) => {
        const ours = encodeDelimited([family]);
        const reference = toBinary(MetricFamilySchema, toGenerated(family));
        const prefixLength = ours.length - reference.length;
        expect(Buffer.from(ours.subarray(prefixLength)).toString('hex')).toBe(
          Buffer.from(reference).toString('hex'),
        );
      }),
    );
  });

  it('never throws anything but a ProtocolError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expectOnlyProtocolErrors(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws anything but a ProtocolError on damaged valid bodies', () => {
    const damaged = families
      .map((input) => encodeDelimited(input))
      .filter((bytes) => bytes.length > 0)
      .chain((bytes) =>
        fc.oneof(
          fc.nat({ max: bytes.length - 1 }).map((cut) => bytes.subarray(0, cut)),
          fc
            .tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 }))
            .map(([at, value]) => Uint8Array.from(bytes, (byte, i) => (i === at ? value : byte))),
          fc
            .tuple(fc.nat({ max: bytes.length }), fc.uint8Array({ minLength: 1, maxLength: 4 }))
            .map(([at, extra]) => Buffer.concat([bytes.subarray(0, at), extra, bytes.subarray(at)])),
        ),
      );
    fc.assert(
      fc.property(damaged, (bytes) => {
        expectOnlyProtocolErrors(bytes);
      }),
      { numRuns: 1000 },
    );
  });
});

function expectOnlyProtocolErrors(bytes: Uint8Array): void {
  try {
    decodeDelimited(bytes);
  } catch (err) {
    expect(isProtocolError(err), String(err)).toBe(true);
  }
}
