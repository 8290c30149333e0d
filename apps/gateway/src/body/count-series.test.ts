import { encodeDelimited, type Metric, type MetricFamily, parseText } from '@pushgate/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countSeries } from './count-series.js';

const PROTOBUF =
  'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';
const bytes = (text: string) => new TextEncoder().encode(text);

/** The series of a parsed metric, by the definition countSeries documents. */
function seriesOf(metric: Metric): number {
  if (metric.summary !== undefined) return 2 + metric.summary.quantile.length;
  const histogram = metric.histogram;
  if (histogram === undefined) return 1;
  return (
    2 +
    histogram.bucket.length +
    histogram.negativeSpan.length +
    histogram.negativeDelta.length +
    histogram.negativeCount.length +
    histogram.positiveSpan.length +
    histogram.positiveDelta.length +
    histogram.positiveCount.length
  );
}

describe('countSeries', () => {
  it('counts text sample lines, not comments or blank lines', () => {
    const body =
      '# HELP a x\n\n \t\n a 1\n# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n  # c\nb 2';
    expect(countSeries(bytes(body), undefined, 100, 10)).toEqual({ series: 6, mostLabels: 0 });
    expect(countSeries(bytes(''), 'text/plain', 100, 10).series).toBe(0);
    // Counting stops just past the limit.
    expect(countSeries(bytes('a 1\n'.repeat(1000)), undefined, 10, 10).series).toBe(11);
  });

  it('counts protobuf series and labels as parsing would find them', () => {
    const text = [
      '# TYPE c counter',
      'c{a="1",b="2"} 1',
      'c{a="2"} 1',
      '# TYPE s summary',
      's{quantile="0.5"} 1',
      's{quantile="0.9"} 1',
      's_sum 1',
      's_count 2',
      '# TYPE h histogram',
      'h_bucket{le="1",x="y",z="w"} 1',
      'h_bucket{le="+Inf",x="y",z="w"} 1',
      'h_sum{x="y",z="w"} 1',
      'h_count{x="y",z="w"} 1',
      '',
    ].join('\n');
    const body = encodeDelimited(parseText(text));
    expect(countSeries(body, PROTOBUF, 100, 10)).toEqual({ series: 2 + 4 + 4, mostLabels: 2 });
    expect(countSeries(body, PROTOBUF, 3, 10).series).toBeGreaterThan(3);
    expect(countSeries(body, PROTOBUF, 100, 1).mostLabels).toBe(2);
  });

  it('agrees with the decoded model for generated families, native histograms included', () => {
    const metric: fc.Arbitrary<Metric> = fc.oneof(
      fc.constant<Metric>({ label: [], gauge: { value: 1 } }),
      fc.nat(4).map((n) => ({
        label: Array.from({ length: n }, (_, i) => ({ name: `l${i}`, value: 'v' })),
        summary: {
          sampleCount: 1n,
          sampleSum: 1,
          quantile: Array.from({ length: n }, (_, i) => ({ quantile: i / 10, value: i })),
        },
      })),
      fc.tuple(fc.nat(4), fc.nat(4), fc.nat(300)).map(([buckets, spans, deltas]) => ({
        label: [],
        histogram: {
          sampleCount: 1n,
          sampleSum: 1,
          bucket: Array.from({ length: buckets }, (_, i) => ({ cumulativeCount: 1n, upperBound: i })),
          schema: 3,
          negativeSpan: [],
          negativeDelta: [],
          negativeCount: Array.from({ length: spans }, () => 1.5),
          positiveSpan: Array.from({ length: spans }, () => ({ offset: 0, length: 1 })),
          positiveDelta: Array.from({ length: deltas }, (_, i) => BigInt(i * 1000 - 50_000)),
          positiveCount: [],
          exemplars: [],
        },
      })),
    );
    const families = fc.array(
      fc
        .array(metric, { maxLength: 5 })
        .map<MetricFamily>((metrics) => ({ name: 'f', type: 'UNTYPED', metric: metrics })),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(families, (generated) => {
        const expected = generated
          .flatMap((family) => family.metric)
          .reduce((sum, m) => sum + seriesOf(m), 0);
        const labels = Math.max(
          0,
          ...generated.flatMap((family) => family.metric.map((m) => m.label.length)),
        );
        expect(countSeries(encodeDelimited(generated), PROTOBUF, 1e9, 1e9)).toEqual({
          series: expected,
          mostLabels: labels,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('counts packed native-histogram deltas and counts value by value', () => {
    const histogram = [0x6a, 4, 0x02, 0x04, 0x80, 0x01, 0x72, 16, ...new Array(16).fill(0)];
    const metric = [0x3a, histogram.length, ...histogram];
    const family = [0x22, metric.length, ...metric];
    const body = Uint8Array.from([family.length, ...family]);
    expect(countSeries(body, PROTOBUF, 100, 10)).toEqual({ series: 2 + 3 + 2, mostLabels: 0 });
  });

  it('never throws on malformed protobuf', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (body) => {
        const count = countSeries(body, PROTOBUF, 1000, 1000);
        expect(count.series).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });
});
