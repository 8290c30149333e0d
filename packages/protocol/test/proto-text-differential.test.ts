/**
 * Differential check of the protobuf text encoders against the real Go
 * Pushgateway 1.5.1: random families are pushed as delimited protobuf, then scraped
 * as delimited protobuf, `encoding=text` and `encoding=compact-text`. Our
 * encoders applied to the decoded delimited scrape must reproduce Go's two
 * text scrapes for every pushed family. Only fields known to Go's
 * client_model 0.3.0 are generated (no unit, created timestamps or native
 * exemplars, which it would print as unknown bytes).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROTOBUF_DELIMITED_CONTENT_TYPE, scrapeContentType } from '../src/content-type.js';
import type { Exemplar, Histogram, LabelPair, Metric, MetricFamily } from '../src/model.js';
import { decodeDelimited, encodeDelimited } from '../src/protobuf/delimited.js';
import { encodeProtoCompactText, encodeProtoText } from '../src/protobuf/proto-text.js';
import { type GoPushgateway, startGoPushgateway } from './support/go-pushgateway.js';

let go: GoPushgateway;

beforeAll(async () => {
  go = await startGoPushgateway();
});

afterAll(async () => {
  await go?.stop();
});

const text = fc.string({ unit: 'binary', maxLength: 8 });
const double = fc.double();
const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const labelName = fc
  .stringMatching(/^[a-z][a-z0-9_]{0,5}$/)
  .filter((name) => name !== 'job' && name !== 'instance');
// Distinct names: the gateway refuses a metric with a label name twice.
const labels: fc.Arbitrary<LabelPair[]> = fc
  .uniqueArray(labelName, { maxLength: 2 })
  .chain((names) =>
    fc.tuple(...names.map(() => text)).map((values) => names.map((name, i) => ({ name, value: values[i]! }))),
  );
const exemplar: fc.Arbitrary<Exemplar> = fc.record(
  {
    label: labels,
    value: double,
    timestamp: fc.record({ seconds: int64, nanos: fc.integer({ min: 0, max: 999_999_999 }) }),
  },
  { requiredKeys: ['label', 'value'] },
);
const histogram: fc.Arbitrary<Histogram> = fc.record(
  {
    sampleCount: uint64,
    sampleCountFloat: double,
    sampleSum: double,
    bucket: fc.array(
      fc.record(
        { cumulativeCount: uint64, cumulativeCountFloat: double, upperBound: double, exemplar },
        { requiredKeys: ['cumulativeCount', 'upperBound'] },
      ),
      { maxLength: 2 },
    ),
    schema: fc.integer({ min: -4, max: 8 }),
    zeroThreshold: double,
    zeroCount: uint64,
    zeroCountFloat: double,
    negativeSpan: fc.array(fc.record({ offset: fc.integer(), length: fc.nat() }), { maxLength: 2 }),
    negativeDelta: fc.array(int64, { maxLength: 2 }),
    negativeCount: fc.array(double, { maxLength: 2 }),
    positiveSpan: fc.array(fc.record({ offset: fc.integer(), length: fc.nat() }), { maxLength: 2 }),
    positiveDelta: fc.array(int64, { maxLength: 2 }),
    positiveCount: fc.array(double, { maxLength: 2 }),
    exemplars: fc.constant([]),
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
/** One metric whose value matches the family type, as the gateway's consistency check demands. */
const typedMetric: fc.Arbitrary<[MetricFamily['type'], Metric]> = fc.oneof(
  fc.tuple(fc.constant('GAUGE' as const), fc.record({ label: labels, gauge: fc.record({ value: double }) })),
  fc.tuple(
    fc.constant('UNTYPED' as const),
    fc.record({ label: labels, untyped: fc.record({ value: double }) }),
  ),
  fc.tuple(
    fc.constant('COUNTER' as const),
    fc.record({
      label: labels,
      counter: fc.record({ value: double, exemplar }, { requiredKeys: ['value'] }),
    }),
  ),
  fc.tuple(
    fc.constant('SUMMARY' as const),
    fc.record({
      label: labels,
      summary: fc.record({
        sampleCount: uint64,
        sampleSum: double,
        quantile: fc.array(fc.record({ quantile: double, value: double }), { maxLength: 2 }),
      }),
    }),
  ),
  fc.tuple(
    fc.constantFrom('HISTOGRAM' as const, 'GAUGE_HISTOGRAM' as const),
    fc.record({ label: labels, histogram }),
  ),
);
const family = fc.record({ typed: typedMetric, help: text }, { requiredKeys: ['typed'] });

it('encodeProtoText and encodeProtoCompactText reproduce the Go scrapes of random pushes', async () => {
  let round = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(family, { minLength: 1, maxLength: 4 }), async (generated) => {
      round++;
      const pushed: MetricFamily[] = generated.map(({ typed: [type, metric], help }, i) => ({
        name: `dt_${round}_${i}`,
        ...(help === undefined ? {} : { help }),
        type,
        metric: [metric],
      }));
      const push = await go.send(
        'PUT',
        `/metrics/job/dt${round}`,
        { 'Content-Type': PROTOBUF_DELIMITED_CONTENT_TYPE },
        encodeDelimited(pushed),
      );
      expect(push.status, push.body.toString()).toBe(200);

      const scrape = (format: 'protobuf-delimited' | 'protobuf-text' | 'protobuf-compact-text') =>
        go.send('GET', '/metrics', { Accept: scrapeContentType(format) }).then((reply) => reply.body);
      const served = decodeDelimited(await scrape('protobuf-delimited'));
      const ours = served.filter((f) => f.name.startsWith(`dt_${round}_`));
      expect(ours).toHaveLength(pushed.length);

      // A leading line break lets every family, the first one included, be
      // found as a whole by the line break before it.
      const goText = `\n${(await scrape('protobuf-text')).toString('latin1')}`;
      const goCompact = `\n${(await scrape('protobuf-compact-text')).toString('latin1')}`;
      for (const servedFamily of ours) {
        expect(goText).toContain(`\n${encodeProtoText([servedFamily])}`);
        expect(goCompact).toContain(`\n${encodeProtoCompactText([servedFamily])}`);
      }
      await go.send('DELETE', `/metrics/job/dt${round}`, {});
    }),
    { numRuns: 25 },
  );
}, 60_000);
