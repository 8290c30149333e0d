import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors.js';
import { formatFloat } from '../float-format.js';
import { emptyHistogram, type Histogram, type Metric, type MetricFamily, type MetricType } from '../model.js';
import { escapeHelp, escapeLabelValue } from './escape.js';
import { escapeNameUnderscores } from './exposed-name.js';
import { parseText } from './parse.js';
import { compareMetrics, sortMetricFamilies, writeFamilyHeader, writeMetric, writeText } from './write.js';

const gauge = (value: number, label: Record<string, string> = {}, timestampMs?: bigint): Metric => ({
  label: Object.entries(label).map(([name, value]) => ({ name, value })),
  gauge: { value },
  ...(timestampMs === undefined ? {} : { timestampMs }),
});
const histogramMetric = (fields: Partial<Histogram>, label: Record<string, string> = {}): Metric => ({
  label: Object.entries(label).map(([name, value]) => ({ name, value })),
  histogram: { ...emptyHistogram(), ...fields },
});

describe('writeFamilyHeader', () => {
  it('writes HELP only when the family has one, escaping backslash and line feed but not quotes', () => {
    expect(writeFamilyHeader({ name: 'm', type: 'GAUGE', metric: [] })).toBe('# TYPE m gauge\n');
    expect(writeFamilyHeader({ name: 'm', type: 'GAUGE', help: '', metric: [] })).toBe(
      '# HELP m \n# TYPE m gauge\n',
    );
    expect(
      writeFamilyHeader({
        name: 'v_j',
        type: 'UNTYPED',
        help: 'help with \\ backslash and \n newline and "quote"',
        metric: [],
      }),
    ).toBe('# HELP v_j help with \\\\ backslash and \\n newline and "quote"\n# TYPE v_j untyped\n');
  });

  it.each<[MetricType, string]>([
    ['COUNTER', 'counter'],
    ['GAUGE', 'gauge'],
    ['SUMMARY', 'summary'],
    ['UNTYPED', 'untyped'],
    ['HISTOGRAM', 'histogram'],
    ['GAUGE_HISTOGRAM', 'histogram'],
  ])('writes type %s as %s', (type, word) => {
    expect(writeFamilyHeader({ name: 'x', type, metric: [] })).toBe(`# TYPE x ${word}\n`);
  });
});

describe('writeMetric', () => {
  it('writes counters, gauges and untyped values with Go float text and timestamps', () => {
    expect(
      writeMetric({ name: 'c', type: 'COUNTER', metric: [] }, { label: [], counter: { value: 12345678 } }),
    ).toBe('c 1.2345678e+07\n');
    expect(writeMetric({ name: 'g', type: 'GAUGE', metric: [] }, gauge(-0, { a: '1' }, -5n))).toBe(
      'g{a="1"} 0 -5\n',
    );
    expect(
      writeMetric({ name: 'u', type: 'UNTYPED', metric: [] }, { label: [], untyped: { value: Number.NaN } }),
    ).toBe('u NaN\n');
  });

  it('escapes label values (backslash, line feed, double quote) and keeps label order', () => {
    const metric = gauge(1, { z: 'a\\b', a: 'line\nbreak "q"' });
    expect(writeMetric({ name: 'g', type: 'GAUGE', metric: [] }, metric)).toBe(
      'g{z="a\\\\b",a="line\\nbreak \\"q\\""} 1\n',
    );
  });

  it('writes a summary: quantiles with the quantile label last, then _sum and _count as floats', () => {
    const metric: Metric = {
      label: [{ name: 'job', value: 'j' }],
      summary: {
        sampleCount: 12345678n,
        sampleSum: 0.5,
        quantile: [
          { quantile: 0.5, value: 1 },
          { quantile: 0.99, value: 1e6 },
        ],
      },
    };
    expect(writeMetric({ name: 's', type: 'SUMMARY', metric: [] }, metric)).toBe(
      [
        's{job="j",quantile="0.5"} 1',
        's{job="j",quantile="0.99"} 1e+06',
        's_sum{job="j"} 0.5',
        's_count{job="j"} 1.2345678e+07',
        '',
      ].join('\n'),
    );
  });

  it('writes histogram buckets in stored order and adds a +Inf bucket holding the count', () => {
    // The transcript of behaviour notes §15.8.
    const metric = histogramMetric(
      {
        sampleCount: 2n,
        sampleSum: 12345678,
        bucket: [
          { upperBound: 1e6, cumulativeCount: 1n },
          { upperBound: 0.000001, cumulativeCount: 0n },
        ],
      },
      { instance: '', job: 'fmt' },
    );
    expect(writeMetric({ name: 'hb', type: 'HISTOGRAM', metric: [] }, metric)).toBe(
      [
        'hb_bucket{instance="",job="fmt",le="1e+06"} 1',
        'hb_bucket{instance="",job="fmt",le="1e-06"} 0',
        'hb_bucket{instance="",job="fmt",le="+Inf"} 2',
        'hb_sum{instance="",job="fmt"} 1.2345678e+07',
        'hb_count{instance="",job="fmt"} 2',
        '',
      ].join('\n'),
    );
  });

  it('does not add a +Inf bucket when one is stored, wherever it is', () => {
    const metric = histogramMetric({
      sampleCount: 3n,
      bucket: [
        { upperBound: Number.POSITIVE_INFINITY, cumulativeCount: 3n },
        { upperBound: 1, cumulativeCount: 1n },
      ],
    });
    expect(writeMetric({ name: 'h', type: 'GAUGE_HISTOGRAM', metric: [] }, metric)).toBe(
      'h_bucket{le="+Inf"} 3\nh_bucket{le="1"} 1\nh_sum 0\nh_count 3\n',
    );
  });

  it('writes float counts where set and non-zero, integer counts otherwise', () => {
    const metric = histogramMetric({
      sampleCount: 9n,
      sampleCountFloat: 2.5,
      bucket: [
        { upperBound: 1, cumulativeCount: 7n, cumulativeCountFloat: 1.5 },
        { upperBound: 2, cumulativeCount: 4n, cumulativeCountFloat: 0 },
      ],
    });
    expect(writeMetric({ name: 'h', type: 'HISTOGRAM', metric: [] }, metric)).toBe(
      'h_bucket{le="1"} 1.5\nh_bucket{le="2"} 4\nh_bucket{le="+Inf"} 2.5\nh_sum 0\nh_count 2.5\n',
    );
  });

  it('renders counts above 2^53 as Go’s float64 conversion does', () => {
    const metric = histogramMetric({ sampleCount: 18446744073709551615n });
    expect(writeMetric({ name: 'h', type: 'HISTOGRAM', metric: [] }, metric)).toContain(
      'h_count 1.8446744073709552e+19\n',
    );
  });

  it.each([
    ['a metric name', { name: 'my.metric', label: 'a', value: 'x' }, 'my_metric{a="x"} 1\n'],
    [
      'a leading digit and non-ASCII (one _ per code point)',
      { name: '1é😀x', label: 'a', value: 'x' },
      '___x{a="x"} 1\n',
    ],
    ['a label name', { name: 'm', label: 'la.b', value: 'x' }, 'm{la_b="x"} 1\n'],
    [
      'a label name with a colon (kept, as Go judges it as a metric name)',
      { name: 'm', label: 'a:b', value: 'x' },
      'm{a:b="x"} 1\n',
    ],
    ['an empty label name (quoted)', { name: 'm', label: '', value: 'x' }, 'm{""="x"} 1\n'],
    ['a __name__ label value', { name: 'm', label: '__name__', value: 'a.b' }, 'm{__name__="a_b"} 1\n'],
  ])('escapes non-legacy names with underscores in %s', (_what, { name, label, value }, line) => {
    const family: MetricFamily = { name, type: 'GAUGE', metric: [] };
    expect(writeMetric(family, { label: [{ name: label, value }], gauge: { value: 1 } })).toBe(line);
  });

  it('escapes the family name in the header too', () => {
    expect(writeFamilyHeader({ name: 'a.b', help: 'h', type: 'GAUGE', metric: [] })).toBe(
      '# HELP a_b h\n# TYPE a_b gauge\n',
    );
  });

  it.each<[MetricType, string]>([
    ['COUNTER', 'counter'],
    ['GAUGE', 'gauge'],
    ['UNTYPED', 'untyped'],
    ['SUMMARY', 'summary'],
    ['HISTOGRAM', 'histogram'],
  ])('refuses a %s metric without its value, as Go does', (type, word) => {
    const family: MetricFamily = { name: 'x', type, metric: [] };
    const wrong: Metric =
      type === 'GAUGE' ? { label: [], counter: { value: 1 } } : { label: [], gauge: { value: 1 } };
    expect(() => writeMetric(family, wrong)).toThrow(
      new ProtocolError('text_syntax', `expected ${word} in metric x`),
    );
  });
});

describe('writeText', () => {
  it('is each family’s header followed by its metrics, in the given order', () => {
    const families: MetricFamily[] = [
      { name: 'b', type: 'GAUGE', help: 'B', metric: [gauge(2), gauge(1, { x: 'y' })] },
      { name: 'a', type: 'UNTYPED', metric: [{ label: [], untyped: { value: 3 } }] },
    ];
    expect(writeText(families)).toBe('# HELP b B\n# TYPE b gauge\nb 2\nb{x="y"} 1\n# TYPE a untyped\na 3\n');
    expect(writeText(families)).toBe(
      families.map((f) => writeFamilyHeader(f) + f.metric.map((m) => writeMetric(f, m)).join('')).join(''),
    );
  });

  it('skips families Go refuses to encode: no metrics or no name', () => {
    expect(
      writeText([
        { name: 'empty', type: 'GAUGE', metric: [] },
        { name: '', type: 'GAUGE', metric: [gauge(1)] },
      ]),
    ).toBe('');
  });
});

describe('compareMetrics and sortMetricFamilies (Go NormalizeMetricFamilies order)', () => {
  it('orders by label count, then values position by position, then timestamp (none last)', () => {
    const metrics = [
      gauge(1, { a: 'b', c: 'd' }),
      gauge(2, { z: 'b' }),
      gauge(3, { a: 'a' }),
      gauge(4),
      gauge(5, { a: 'a' }, 7n),
      gauge(6, { a: 'a' }, -7n),
      gauge(7, { a: 'a', c: 'c' }),
    ];
    metrics.sort(compareMetrics);
    expect(metrics.map((m) => m.gauge?.value)).toEqual([4, 6, 5, 3, 2, 7, 1]);
  });

  it('compares label values by UTF-8 bytes, not UTF-16 units', () => {
    const astral = gauge(1, { a: '\u{10000}' });
    const high = gauge(2, { a: '\uffff' });
    expect(compareMetrics(high, astral)).toBeLessThan(0);
    expect(compareMetrics(astral, high)).toBeGreaterThan(0);
    expect(compareMetrics(gauge(1, { a: 'ab' }), gauge(2, { a: 'b' }))).toBeLessThan(0);
    expect(compareMetrics(gauge(1, { a: 'a' }), gauge(2, { a: 'a' }))).toBe(0);
  });

  it('sorts families by name byte-wise and their metrics, in place', () => {
    const families: MetricFamily[] = [
      { name: 'b', type: 'GAUGE', metric: [gauge(1, { x: '2' }), gauge(2, { x: '1' })] },
      { name: 'B', type: 'GAUGE', metric: [gauge(3)] },
      { name: 'a_b', type: 'GAUGE', metric: [gauge(4)] },
      { name: 'a', type: 'GAUGE', metric: [gauge(5)] },
    ];
    sortMetricFamilies(families);
    expect(families.map((f) => f.name)).toEqual(['B', 'a', 'a_b', 'b']);
    expect(families[3]?.metric.map((m) => m.gauge?.value)).toEqual([2, 1]);
  });
});

// Round trip: whatever the writer produces, the parser reads back to the same model.

const nameArb = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
const labelNameArb = fc
  .stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,5}$/)
  .filter((n) => n !== 'le' && n !== 'quantile');
const labelsArb = fc.uniqueArray(fc.tuple(labelNameArb, fc.string({ unit: 'grapheme', maxLength: 6 })), {
  selector: ([name]) => name,
  maxLength: 3,
});
// The writer prints -0 as 0, which is what reads back.
const valueArb = fc.double().map((v) => (Object.is(v, -0) ? 0 : v));
const boundArb = fc.double({ noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v));
const countArb = fc.bigInt({ min: 0n, max: 2n ** 53n });
const floatCountArb = fc.double({ min: 0.001, max: 1e12, noNaN: true }).filter((v) => !Number.isInteger(v));
const timestampArb = fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { nil: undefined });

const histogramArb: fc.Arbitrary<Histogram> = fc
  .oneof(
    fc.record({
      sampleCount: countArb,
      sampleSum: valueArb,
      bucket: fc.array(fc.record({ upperBound: boundArb, cumulativeCount: countArb }), { maxLength: 3 }),
      inf: countArb,
    }),
    fc.record({
      sampleCountFloat: floatCountArb,
      sampleSum: valueArb,
      bucket: fc.array(fc.record({ upperBound: boundArb, cumulativeCountFloat: floatCountArb }), {
        maxLength: 3,
      }),
      inf: floatCountArb,
    }),
  )
  .map((h) => {
    const bucket = h.bucket
      .filter((b) => b.upperBound !== Number.POSITIVE_INFINITY)
      .map((b) => ('cumulativeCount' in b ? b : { ...b, cumulativeCount: 0n }));
    const inf =
      typeof h.inf === 'bigint'
        ? { upperBound: Number.POSITIVE_INFINITY, cumulativeCount: h.inf }
        : { upperBound: Number.POSITIVE_INFINITY, cumulativeCount: 0n, cumulativeCountFloat: h.inf };
    const counts =
      'sampleCount' in h
        ? { sampleCount: h.sampleCount }
        : { sampleCount: 0n, sampleCountFloat: h.sampleCountFloat };
    return { ...emptyHistogram(), ...counts, sampleSum: h.sampleSum, bucket: [...bucket, inf] };
  });

function metricArb(type: MetricType): fc.Arbitrary<Metric> {
  const value = (() => {
    switch (type) {
      case 'COUNTER':
        return valueArb.map((v) => ({ counter: { value: v } }));
      case 'GAUGE':
        return valueArb.map((v) => ({ gauge: { value: v } }));
      case 'UNTYPED':
        return valueArb.map((v) => ({ untyped: { value: v } }));
      case 'SUMMARY':
        return fc
          .record({
            sampleCount: countArb,
            sampleSum: valueArb,
            quantile: fc.array(fc.record({ quantile: boundArb, value: valueArb }), { maxLength: 3 }),
          })
          .map((summary) => ({ summary }));
      default:
        return histogramArb.map((histogram) => ({ histogram }));
    }
  })();
  return fc
    .record({ label: labelsArb, value, timestampMs: timestampArb })
    .map(({ label, value, timestampMs }) => ({
      label: label.map(([name, v]) => ({ name, value: v })),
      ...value,
      ...(timestampMs === undefined ? {} : { timestampMs }),
    }));
}

const familyArb: fc.Arbitrary<MetricFamily> = fc
  .record({
    type: fc.constantFrom<MetricType>('COUNTER', 'GAUGE', 'UNTYPED', 'SUMMARY', 'HISTOGRAM'),
    // Go's parser skips the blanks before HELP text, so text starting with one cannot come back.
    help: fc.option(
      fc.string({ unit: 'grapheme', maxLength: 10 }).filter((h) => /^[^ \t]/.test(h)),
      { nil: undefined },
    ),
  })
  .chain(({ type, help }) =>
    fc
      .uniqueArray(metricArb(type), {
        minLength: 1,
        maxLength: 3,
        // Summary and histogram lines join up by label set, so label sets must differ.
        selector: (m) => JSON.stringify(m.label),
      })
      .map((metric) => ({ type, metric, ...(help === undefined ? {} : { help }) })),
  )
  .chain((family) => nameArb.map((name) => ({ name, ...family })));

describe('writeText ∘ parseText', () => {
  it('reads back every model the writer writes', () => {
    fc.assert(
      fc.property(fc.uniqueArray(familyArb, { selector: (f) => f.name, maxLength: 4 }), (families) => {
        expect(parseText(writeText(families))).toEqual(families);
      }),
      { numRuns: 300 },
    );
  });
});

const typeWords: Record<MetricType, string> = {
  COUNTER: 'counter',
  GAUGE: 'gauge',
  SUMMARY: 'summary',
  UNTYPED: 'untyped',
  HISTOGRAM: 'histogram',
  GAUGE_HISTOGRAM: 'histogram',
};
const plainToken = (name: string) => (name === '' ? '""' : escapeNameUnderscores(name));

/**
 * Go's sample lines written the plain way, one template string per line: the
 * reference for the writer's byte-level output.
 */
function plainSamples(family: MetricFamily, metric: Metric): string {
  const name = escapeNameUnderscores(family.name);
  const labels = metric.label.map(({ name: n, value }) =>
    n === '__name__'
      ? `__name__="${escapeLabelValue(escapeNameUnderscores(value))}"`
      : `${plainToken(n)}="${escapeLabelValue(value)}"`,
  );
  const timestamp = metric.timestampMs === undefined ? '' : ` ${metric.timestampMs}`;
  const line = (suffix: string, value: number, extra?: string) => {
    const all = extra === undefined ? labels : [...labels, extra];
    return `${name}${suffix}${all.length > 0 ? `{${all.join(',')}}` : ''} ${formatFloat(value)}${timestamp}\n`;
  };
  const { counter, gauge: g, untyped, summary, histogram } = metric;
  let out = '';
  if (counter !== undefined) out += line('', counter.value);
  if (g !== undefined) out += line('', g.value);
  if (untyped !== undefined) out += line('', untyped.value);
  if (summary !== undefined) {
    for (const q of summary.quantile) out += line('', q.value, `quantile="${formatFloat(q.quantile)}"`);
    out += line('_sum', summary.sampleSum) + line('_count', Number(summary.sampleCount));
  }
  if (histogram !== undefined) {
    // Go: the float count unless it is 0 (NaN counts as set).
    const count = (float: number | undefined, integer: bigint) =>
      float === undefined || float === 0 ? Number(integer) : float;
    for (const b of histogram.bucket) {
      out += line(
        '_bucket',
        count(b.cumulativeCountFloat, b.cumulativeCount),
        `le="${formatFloat(b.upperBound)}"`,
      );
    }
    const total = count(histogram.sampleCountFloat, histogram.sampleCount);
    if (!histogram.bucket.some((b) => b.upperBound === Number.POSITIVE_INFINITY)) {
      out += line('_bucket', total, 'le="+Inf"');
    }
    out += line('_sum', histogram.sampleSum) + line('_count', total);
  }
  return out;
}

/** The plain writer's whole exposition. */
function plainWriteText(families: MetricFamily[]): string {
  let out = '';
  for (const family of families) {
    if (family.metric.length === 0 || family.name === '') continue;
    if (family.help !== undefined) out += `# HELP ${plainToken(family.name)} ${escapeHelp(family.help)}\n`;
    out += `# TYPE ${plainToken(family.name)} ${typeWords[family.type]}\n`;
    for (const metric of family.metric) out += plainSamples(family, metric);
  }
  return out;
}

// Any names and values, including names Go escapes, `__name__`, the empty
// name, non-ASCII text and lone surrogates.
const anyText = fc.oneof(fc.string({ maxLength: 5 }), fc.string({ unit: 'binary', maxLength: 5 }), nameArb);
const anyLabelName = fc.oneof(labelNameArb, anyText, fc.constant('__name__'));
const anyLabels = fc
  .uniqueArray(fc.tuple(anyLabelName, anyText), { selector: ([name]) => name, maxLength: 4 })
  .map((pairs) => pairs.map(([name, value]) => ({ name, value })));
const anyNumber = fc.oneof(fc.double(), fc.integer({ min: -2e6, max: 2e6 }));
const anyHistogram = fc
  .record({
    sampleCount: countArb,
    sampleCountFloat: fc.option(anyNumber, { nil: undefined }),
    sampleSum: anyNumber,
    bucket: fc.array(
      fc.record({
        upperBound: fc.oneof(anyNumber, fc.constant(Number.POSITIVE_INFINITY)),
        cumulativeCount: countArb,
        cumulativeCountFloat: fc.option(anyNumber, { nil: undefined }),
      }),
      { maxLength: 4 },
    ),
  })
  .map(({ sampleCountFloat, bucket, ...h }) => ({
    ...emptyHistogram(),
    ...h,
    ...(sampleCountFloat === undefined ? {} : { sampleCountFloat }),
    bucket: bucket.map(({ cumulativeCountFloat, ...b }) => ({
      ...b,
      ...(cumulativeCountFloat === undefined ? {} : { cumulativeCountFloat }),
    })),
  }));
const anyFamily: fc.Arbitrary<MetricFamily> = fc
  .constantFrom<MetricType>('COUNTER', 'GAUGE', 'UNTYPED', 'SUMMARY', 'HISTOGRAM', 'GAUGE_HISTOGRAM')
  .chain((type) =>
    fc.record({
      name: anyText,
      type: fc.constant(type),
      help: fc.option(anyText, { nil: undefined }),
      metric: fc.array(
        fc
          .record({ label: anyLabels, value: anyNumber, timestampMs: timestampArb, histogram: anyHistogram })
          .chain(({ label, value, timestampMs, histogram }) =>
            fc
              .array(fc.record({ quantile: anyNumber, value: anyNumber }), { maxLength: 3 })
              .map((quantile): Metric => {
                const base = { label, ...(timestampMs === undefined ? {} : { timestampMs }) };
                switch (type) {
                  case 'COUNTER':
                    return { ...base, counter: { value } };
                  case 'GAUGE':
                    return { ...base, gauge: { value } };
                  case 'UNTYPED':
                    return { ...base, untyped: { value } };
                  case 'SUMMARY':
                    return {
                      ...base,
                      summary: { sampleCount: histogram.sampleCount, sampleSum: value, quantile },
                    };
                  default:
                    return { ...base, histogram };
                }
              }),
          ),
        { maxLength: 4 },
      ),
    }),
  )
  .map(({ help, ...family }) => ({ ...family, ...(help === undefined ? {} : { help }) }));

describe('writeText against the plain writer', () => {
  it('writes byte for byte what one template string per line gives', () => {
    fc.assert(
      fc.property(fc.array(anyFamily, { maxLength: 4 }), (families) => {
        expect(writeText(families)).toBe(plainWriteText(families));
        for (const family of families) {
          for (const metric of family.metric)
            expect(writeMetric(family, metric)).toBe(plainSamples(family, metric));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('writes a large exposition, and again after a refused metric', () => {
    const family: MetricFamily = {
      name: 'h',
      type: 'HISTOGRAM',
      metric: Array.from({ length: 3000 }, (_, i) =>
        histogramMetric(
          { sampleCount: BigInt(i), sampleSum: i / 7, bucket: [{ upperBound: 0.5, cumulativeCount: 1n }] },
          { instance: `wörker-${i}`, job: 'batch' },
        ),
      ),
    };
    expect(writeText([family])).toBe(plainWriteText([family]));
    expect(() => writeMetric({ name: 'c', type: 'COUNTER', metric: [] }, gauge(1))).toThrow(ProtocolError);
    expect(writeText([family])).toBe(plainWriteText([family]));
  });
});
