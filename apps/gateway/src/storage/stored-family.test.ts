import {
  emptyHistogram,
  type LabelPair,
  type Metric,
  type MetricFamily,
  type MetricType,
} from '@pushgate/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keysOfMetrics, labelSetKey } from './label-set-key.js';
import { storeFamily, storeGauges } from './stored-family.js';

const text = fc.string({ maxLength: 6 });

/** Labels as the store keeps them: unique names, sorted. */
const labelsArb = fc
  .uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'instance', 'job'), text), {
    maxLength: 3,
    selector: ([name]) => name,
  })
  .map((pairs) =>
    pairs.sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, value]): LabelPair => ({ name, value })),
  );

const timestampArb = fc.record({
  seconds: fc.bigInt({ min: 0n, max: 2n ** 40n }),
  nanos: fc.nat(999_999_999),
});

/** A metric of `type`, now and then with the extras only protobuf carries. */
function metricArb(type: MetricType): fc.Arbitrary<Metric> {
  const value = fc.double();
  switch (type) {
    case 'GAUGE':
      return fc.record({ label: labelsArb, gauge: fc.record({ value }) });
    case 'UNTYPED':
      return fc.record({ label: labelsArb, untyped: fc.record({ value }) });
    case 'COUNTER':
      return fc.record({
        label: labelsArb,
        counter: fc.record(
          {
            value,
            exemplar: fc.record({ label: labelsArb, value }),
            createdTimestamp: timestampArb,
          },
          { requiredKeys: ['value'] },
        ),
      });
    case 'SUMMARY':
      return fc.record({
        label: labelsArb,
        summary: fc.record({
          sampleCount: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
          sampleSum: value,
          quantile: fc.array(fc.record({ quantile: fc.double({ min: 0, max: 1 }), value }), { maxLength: 3 }),
        }),
      });
    default:
      return fc.record({
        label: labelsArb,
        histogram: fc
          .record({
            sampleCount: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
            sampleSum: value,
            bucket: fc.array(
              fc.record({ cumulativeCount: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), upperBound: value }),
              { maxLength: 3 },
            ),
            positiveCount: fc.array(value, { maxLength: 2 }),
          })
          .map((fields) => ({ ...emptyHistogram(), ...fields })),
      });
  }
}

const familyArb: fc.Arbitrary<MetricFamily> = fc
  .record({
    type: fc.constantFrom<MetricType>(
      'GAUGE',
      'COUNTER',
      'UNTYPED',
      'SUMMARY',
      'HISTOGRAM',
      'GAUGE_HISTOGRAM',
    ),
    help: fc.option(text, { nil: undefined }),
  })
  .chain(({ type, help }) =>
    fc
      .uniqueArray(metricArb(type), { maxLength: 4, selector: (metric) => labelSetKey(metric.label) })
      .map(
        (metric): MetricFamily =>
          help === undefined ? { name: 'f', type, metric } : { name: 'f', help, type, metric },
      ),
  );

describe('stored families', () => {
  it('give back exactly the family stored, as new objects on every read', () => {
    fc.assert(
      fc.property(familyArb, fc.double({ min: 0, max: 2e12, noNaN: true }), (generated, timestampMs) => {
        // Plain objects, as parsers make them (fast-check's have no prototype).
        const family = structuredClone(generated);
        const stored = storeFamily(structuredClone(family), keysOfMetrics(family.metric), timestampMs);
        expect(stored.family()).toStrictEqual(family);
        expect(stored.metrics()).toStrictEqual(family.metric);
        expect([stored.name, stored.type, stored.help, stored.timestampMs]).toEqual([
          family.name,
          family.type,
          family.help,
          timestampMs,
        ]);
        const read = stored.family();
        read.metric.pop();
        read.metric[0]?.label.pop();
        expect(stored.family()).toStrictEqual(family);
      }),
      { numRuns: 300 },
    );
  });

  it('do not keep the pushed objects', () => {
    const family: MetricFamily = {
      name: 'g',
      type: 'GAUGE',
      metric: [{ label: [{ name: 'a', value: '1' }], gauge: { value: 2 } }],
    };
    const stored = storeFamily(family, keysOfMetrics(family.metric), 0);
    (family.metric[0] as Metric).label[0] = { name: 'a', value: 'changed' };
    (family.metric[0] as Metric).gauge = { value: 3 };
    expect(stored.metrics()).toEqual([{ label: [{ name: 'a', value: '1' }], gauge: { value: 2 } }]);
  });

  it('take new values in place only for the same plain series, and freeze for snapshots', () => {
    const gauge = (value: number, help?: string): MetricFamily => ({
      name: 'g',
      ...(help === undefined ? {} : { help }),
      type: 'GAUGE',
      metric: [{ label: [{ name: 'a', value: '1' }], gauge: { value } }],
    });
    const keys = keysOfMetrics(gauge(0).metric);
    const stored = storeFamily(gauge(1), keys, 10);
    const snapshot = stored.frozen();
    expect(stored.rewrite(gauge(2), keys, 20)).toBe(true);
    expect([stored.metrics()[0]?.gauge?.value, stored.timestampMs]).toEqual([2, 20]);
    expect([snapshot.metrics()[0]?.gauge?.value, snapshot.timestampMs]).toEqual([1, 10]);
    // Anything but the values differs: nothing changes, the caller stores anew.
    expect(stored.rewrite(gauge(3, 'other help'), keys, 30)).toBe(false);
    expect(stored.rewrite(gauge(3), [...keys], 30)).toBe(false);
    expect(stored.rewrite({ ...gauge(3), type: 'UNTYPED' }, keys, 30)).toBe(false);
    const withExtra = gauge(3);
    (withExtra.metric[0] as Metric).counter = { value: 3 };
    expect(stored.rewrite(withExtra, keys, 30)).toBe(false);
    expect([stored.metrics()[0]?.gauge?.value, stored.timestampMs]).toEqual([2, 20]);
    const histogram = storeFamily(
      { name: 'h', type: 'HISTOGRAM', metric: [{ label: [], histogram: emptyHistogram() }] },
      [labelSetKey([])],
      0,
    );
    expect(histogram.rewrite(gauge(1), histogram.keys, 1)).toBe(false);
  });

  it('keep families that do not fit their protobuf types as they are', () => {
    const family: MetricFamily = {
      name: 's',
      type: 'SUMMARY',
      metric: [{ label: [], summary: { sampleCount: -1n, sampleSum: 0, quantile: [] } }],
    };
    const stored = storeFamily(family, keysOfMetrics(family.metric), 0);
    expect(stored.family()).toStrictEqual(family);
    expect(stored.family()).not.toBe(family);
  });

  it('store the push_* gauges from their keys and one value', () => {
    const labels = [
      { name: 'instance', value: '' },
      { name: 'job', value: 'j' },
    ];
    const stored = storeGauges('push_time_seconds', 'help', [labelSetKey(labels)], 12.5, 7);
    expect(stored.family()).toStrictEqual({
      name: 'push_time_seconds',
      help: 'help',
      type: 'GAUGE',
      metric: [{ label: labels, gauge: { value: 12.5 } }],
    });
    expect(stored.value).toBe(12.5);
    const before = stored.frozen();
    stored.set(13, 8);
    expect(stored.metrics()[0]?.gauge?.value).toBe(13);
    expect([before.metrics()[0]?.gauge?.value, before.timestampMs]).toEqual([12.5, 7]);
  });
});
