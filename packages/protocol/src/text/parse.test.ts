import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isProtocolError, ProtocolError } from '../errors.js';
import { emptyHistogram, type Histogram, type LabelPair, type Metric, type MetricFamily } from '../model.js';
import type { NameValidation } from '../names.js';
import { parseText } from './parse.js';

// Builders for expected models.
const labels = (pairs: Record<string, string> = {}): LabelPair[] =>
  Object.entries(pairs).map(([name, value]) => ({ name, value }));
const untyped = (value: number, l?: Record<string, string>, timestampMs?: bigint): Metric => ({
  label: labels(l),
  untyped: { value },
  ...(timestampMs === undefined ? {} : { timestampMs }),
});
const histogram = (l: Record<string, string>, fields: Partial<Histogram>): Metric => ({
  label: labels(l),
  histogram: { ...emptyHistogram(), ...fields },
});

/** Parses under both validation schemes, which must agree. */
function parseBoth(body: string): MetricFamily[] {
  const legacy = parseText(body);
  expect(parseText(body, { validation: 'utf8' })).toEqual(legacy);
  return legacy;
}

function refusal(body: string | Uint8Array, validation: NameValidation = 'legacy'): ProtocolError {
  try {
    parseText(body, { validation });
  } catch (err) {
    if (err instanceof ProtocolError) return err;
    throw err;
  }
  throw new Error(`accepted: ${JSON.stringify(body)}`);
}

describe('parseText: accepted input', () => {
  it.each([
    ['an empty body', ''],
    ['blank lines only', '\n\n  \n\t\n'],
    ['comments only', '# a comment\n#\n# EOF\n  # indented comment\n'],
    ['a HELP and TYPE without samples', '# HELP m some help\n# TYPE m gauge\n'],
    ['a HELP or TYPE with only a name', '# HELP m\n# TYPE m\n'],
  ])('yields no families for %s', (_what, body) => {
    expect(parseBoth(body)).toEqual([]);
  });

  it('reads minimal samples, timestamps and empty braces, in first-seen order', () => {
    const body = 'zeta 1.234\nalpha -3e3 103948\nno_labels{} 3\n# HELP ghost dropped\n';
    expect(parseBoth(body)).toEqual([
      { name: 'zeta', type: 'UNTYPED', metric: [untyped(1.234)] },
      { name: 'alpha', type: 'UNTYPED', metric: [untyped(-3000, {}, 103948n)] },
      { name: 'no_labels', type: 'UNTYPED', metric: [untyped(3)] },
    ]);
  });

  it('reads counters and gauges with blanks everywhere, escapes, special values and a late HELP', () => {
    const body = [
      '# TYPE c counter',
      'c{k="v1",base="b"} NaN',
      'c {k="v2",base="q\\"b\\\\s\\nn"} 0.23 1234567890',
      '# HELP c two-line\\n help  with \\\\ and \\"',
      '',
      ' # HELP  g  \thelp with "raw" quote ',
      '  #    TYPE    g gauge',
      'g{k="v2"\t,base   =   "b2"\t\t} +Inf 54321',
      'g{ k = "v1" , }-Inf',
      '',
    ].join('\n');
    expect(parseBoth(body)).toEqual([
      {
        name: 'c',
        type: 'COUNTER',
        help: 'two-line\n help  with \\ and "',
        metric: [
          { label: labels({ k: 'v1', base: 'b' }), counter: { value: Number.NaN } },
          {
            label: labels({ k: 'v2', base: 'q"b\\s\nn' }),
            counter: { value: 0.23 },
            timestampMs: 1234567890n,
          },
        ],
      },
      {
        name: 'g',
        type: 'GAUGE',
        help: 'help with "raw" quote ',
        metric: [
          {
            label: labels({ k: 'v2', base: 'b2' }),
            gauge: { value: Number.POSITIVE_INFINITY },
            timestampMs: 54321n,
          },
          { label: labels({ k: 'v1' }), gauge: { value: Number.NEGATIVE_INFINITY } },
        ],
      },
    ]);
  });

  it('assembles an interleaved summary by label set, whatever the label order', () => {
    const body = [
      '# TYPE s summary',
      's{a="1",quantile="0.5"} 110',
      'decoy -1 -2',
      's{quantile="0.9",a="1"} 140 1',
      's_count{a="1"} 42',
      's_sum{a="1"} 4711 2',
      'fake_sum{a="1"} 2001',
      '# HELP s',
      's{a="2",b="x",quantile="-0.2"} 10',
      's_count{b="x",a="2"} 5.9',
      's{quantile=".3",b="x",a="2"} 20',
      's_sum{a="2",b="x"} 30 7',
      '',
    ].join('\n');
    expect(parseBoth(body)).toEqual([
      {
        name: 's',
        type: 'SUMMARY',
        metric: [
          {
            label: labels({ a: '1' }),
            summary: {
              sampleCount: 42n,
              sampleSum: 4711,
              quantile: [
                { quantile: 0.5, value: 110 },
                { quantile: 0.9, value: 140 },
              ],
            },
            timestampMs: 2n,
          },
          {
            label: labels({ a: '2', b: 'x' }),
            summary: {
              sampleCount: 5n,
              sampleSum: 30,
              quantile: [
                { quantile: -0.2, value: 10 },
                { quantile: 0.3, value: 20 },
              ],
            },
            timestampMs: 7n,
          },
        ],
      },
      { name: 'decoy', type: 'UNTYPED', metric: [untyped(-1, {}, -2n)] },
      { name: 'fake_sum', type: 'UNTYPED', metric: [untyped(2001, { a: '1' })] },
    ]);
  });

  it('assembles a histogram, keeping buckets in the order given and le as floats', () => {
    const body = [
      '# HELP h latency',
      '# TYPE h histogram',
      'h_bucket{le="1.0"} 2',
      'h_bucket{le="0.1"} 1',
      'h_bucket{le="+Inf"} 3',
      'h_sum 1.5',
      'h_count 3',
      '',
    ].join('\n');
    expect(parseBoth(body)).toEqual([
      {
        name: 'h',
        type: 'HISTOGRAM',
        help: 'latency',
        metric: [
          histogram(
            {},
            {
              sampleCount: 3n,
              sampleSum: 1.5,
              bucket: [
                { upperBound: 1, cumulativeCount: 2n },
                { upperBound: 0.1, cumulativeCount: 1n },
                { upperBound: Number.POSITIVE_INFINITY, cumulativeCount: 3n },
              ],
            },
          ),
        ],
      },
    ]);
  });

  it('switches a whole histogram to float counts when any count is not an integer', () => {
    const body = '# TYPE h histogram\nh_bucket{le="1"} 1.5\nh_bucket{le="+Inf"} 2\nh_count 2\nh_sum 3\n';
    expect(parseBoth(body)).toEqual([
      {
        name: 'h',
        type: 'HISTOGRAM',
        metric: [
          histogram(
            {},
            {
              sampleCount: 0n,
              sampleCountFloat: 2,
              sampleSum: 3,
              bucket: [
                { upperBound: 1, cumulativeCount: 0n, cumulativeCountFloat: 1.5 },
                { upperBound: Number.POSITIVE_INFINITY, cumulativeCount: 0n, cumulativeCountFloat: 2 },
              ],
            },
          ),
        ],
      },
    ]);
  });

  it.each(['gauge_histogram', 'gaugehistogram', 'GAUGE_HISTOGRAM', 'GaugeHistogram'])(
    'reads TYPE %s as a gauge histogram',
    (word) => {
      const [family] = parseBoth(`# TYPE gh ${word}\ngh_bucket{le="5"} 1\ngh_count 1\n`);
      expect(family).toEqual({
        name: 'gh',
        type: 'GAUGE_HISTOGRAM',
        metric: [histogram({}, { sampleCount: 1n, bucket: [{ upperBound: 5, cumulativeCount: 1n }] })],
      });
    },
  );

  it.each([
    ['counter', 'COUNTER'],
    ['GAUGE', 'GAUGE'],
    ['Summary', 'SUMMARY'],
    ['untyped', 'UNTYPED'],
    ['hIsToGrAm', 'HISTOGRAM'],
    ['gau\\ge', 'GAUGE'],
    ['\\c\\o\\u\\n\\t\\e\\r', 'COUNTER'],
    ['ſummary', 'SUMMARY'],
    ['gauge_hıstogram', 'GAUGE_HISTOGRAM'],
  ])('reads TYPE word %j as %s (any case, backslashes dropped, Go upper-casing)', (word, type) => {
    expect(parseBoth(`# TYPE t ${word}\n`)).toEqual([]);
    expect(parseBoth(`# TYPE t ${word}\nt_sum 1\nt_count 1\nt 1\n`).find((f) => f.name === 't')?.type).toBe(
      type,
    );
  });

  it('reads a TYPE word that only JavaScript would upper-case to a type as unknown', () => {
    expect(refusal('# TYPE t hiﬅogram\n').message).toBe(
      'text format parsing error in line 1: unknown metric type "hiﬅogram"',
    );
  });

  it('joins x_count/x_sum/x_bucket to x only when x was declared summary/histogram before', () => {
    const body = 'x_sum 1\n# TYPE x summary\nx_sum 5\nx_count 2\n# TYPE y histogram\ny_bucket{le="1"} 1\n';
    expect(parseBoth(body)).toEqual([
      // Once x_sum is a family of its own, later x_sum lines stay there.
      { name: 'x_sum', type: 'UNTYPED', metric: [untyped(1), untyped(5)] },
      {
        name: 'x',
        type: 'SUMMARY',
        metric: [{ label: [], summary: { sampleCount: 2n, sampleSum: 0, quantile: [] } }],
      },
      {
        name: 'y',
        type: 'HISTOGRAM',
        metric: [histogram({}, { bucket: [{ upperBound: 1, cumulativeCount: 1n }] })],
      },
    ]);
  });

  it('does not make counters suffix-aware: c_total is its own untyped family', () => {
    expect(parseBoth('# TYPE c counter\nc_total 1\n# EOF\n')).toEqual([
      { name: 'c_total', type: 'UNTYPED', metric: [untyped(1)] },
    ]);
  });

  it('keeps quantile and le as plain labels outside summaries and histograms', () => {
    expect(parseBoth('u{quantile="x",le="y"} 1\n')).toEqual([
      { name: 'u', type: 'UNTYPED', metric: [untyped(1, { quantile: 'x', le: 'y' })] },
    ]);
  });

  it('ignores a summary line whose quantile is NaN, and keeps an le-less bucket line as an empty histogram', () => {
    expect(parseBoth('# TYPE s summary\ns{quantile="NaN"} 1\n# TYPE h histogram\nh_bucket 1\n')).toEqual([
      {
        name: 's',
        type: 'SUMMARY',
        metric: [{ label: [], summary: { sampleCount: 0n, sampleSum: 0, quantile: [] } }],
      },
      { name: 'h', type: 'HISTOGRAM', metric: [histogram({}, {})] },
    ]);
  });

  it.each([
    ['-1', 18446744073709551615n],
    ['5.9', 5n],
    ['1e20', 9223372036854775808n],
    ['NaN', 9223372036854775808n],
  ])('converts a summary count of %s as Go’s uint64() does', (count, expected) => {
    const [family] = parseBoth(`# TYPE s summary\ns_count ${count}\n`);
    expect(family?.metric[0]?.summary?.sampleCount).toBe(expected);
  });

  it('stores histogram counts of 2^64 and above as float counts', () => {
    const [family] = parseBoth('# TYPE h histogram\nh_count 18446744073709551616\n');
    expect(family?.metric[0]?.histogram).toMatchObject({ sampleCount: 0n, sampleCountFloat: 2 ** 64 });
  });

  it('keeps duplicate series and repeated families apart as Go does (interleaved lines merge)', () => {
    expect(parseBoth('a 1\nb 2\na 1\n')).toEqual([
      { name: 'a', type: 'UNTYPED', metric: [untyped(1), untyped(1)] },
      { name: 'b', type: 'UNTYPED', metric: [untyped(2)] },
    ]);
  });

  it.each([
    ['the value glued to the closing brace', 'm{a="b"}1\n', untyped(1, { a: 'b' })],
    ['tabs between tokens', 'm\t{a="b"}\t1\t2\n', untyped(1, { a: 'b' }, 2n)],
    ['a negative and a plus-signed timestamp', 'm 1 -5\n', untyped(1, {}, -5n)],
    ['a plus-signed timestamp', 'm 1 +5\n', untyped(1, {}, 5n)],
    ['the int64 extremes as timestamps', 'm 1 9223372036854775807\n', untyped(1, {}, 9223372036854775807n)],
    ['a label value with every escape', 'm{a="\\\\\\"\\n"} 1\n', untyped(1, { a: '\\"\n' })],
    [
      'a label value with raw UTF-8 and control characters',
      'm{a="é\u0001\r"} 1\n',
      untyped(1, { a: 'é\u0001\r' }),
    ],
    ['an empty label value', 'm{a=""} 1\n', untyped(1, { a: '' })],
    ['names with colons and underscores', ':a_b:c{_x="1"} 1\n', untyped(1, { _x: '1' })],
    ['-0', 'm -0\n', untyped(-0)],
    ['a value underflowing to 0', 'm 1e-400\n', untyped(0)],
    ['a quoted legacy metric name', '"m" 1\n', untyped(1)],
    ['a quoted legacy metric name inside braces', '{"m",a="b"} 1\n', untyped(1, { a: 'b' })],
    ['an unquoted metric name inside braces', '{m} 1\n', untyped(1)],
    ['a quoted legacy label name', 'm{"a"="b"} 1\n', untyped(1, { a: 'b' })],
    ['quotes in the middle of a name', 'm"x"{a"b"="c"} 1\n', untyped(1, { ab: 'c' })],
  ])('accepts %s', (_what, body, metric) => {
    const families = parseBoth(body);
    expect(families).toHaveLength(1);
    expect(families[0]?.metric).toEqual([metric]);
  });

  it('accepts quoted UTF-8 names under utf8 validation, the name first or later in the braces', () => {
    const body = [
      '# HELP "my.metric" dotted \\"help\\"',
      '# TYPE "my.metric" gauge',
      '{"my.metric", "error.message"="Not Found", code="404"} 1',
      '{code="500","my.metric"} 2',
      '{"line\\nbreak \\"q\\" \\\\"} 3',
      '"outside.braces"{x="1"} 4',
      '',
    ].join('\n');
    expect(parseText(body, { validation: 'utf8' })).toEqual([
      {
        name: 'my.metric',
        type: 'GAUGE',
        help: 'dotted "help"',
        metric: [
          { label: labels({ 'error.message': 'Not Found', code: '404' }), gauge: { value: 1 } },
          { label: labels({ code: '500' }), gauge: { value: 2 } },
        ],
      },
      { name: 'line\nbreak "q" \\', type: 'UNTYPED', metric: [untyped(3)] },
      { name: 'outside.braces', type: 'UNTYPED', metric: [untyped(4, { x: '1' })] },
    ]);
  });

  it('sorts labels read before a quoted summary name into quantile and real labels', () => {
    const body = '# TYPE "s.x" summary\n{quantile="0.5",a="1","s.x"} 7\n{"s.x_count",a="1"} 2\n';
    expect(parseText(body, { validation: 'utf8' })).toEqual([
      {
        name: 's.x',
        type: 'SUMMARY',
        metric: [
          {
            label: labels({ a: '1' }),
            summary: { sampleCount: 2n, sampleSum: 0, quantile: [{ quantile: 0.5, value: 7 }] },
          },
        ],
      },
    ]);
  });

  it('accepts a body given as UTF-8 bytes', () => {
    expect(parseText(new TextEncoder().encode('m{a="é"} 1\n'))).toEqual([
      { name: 'm', type: 'UNTYPED', metric: [untyped(1, { a: 'é' })] },
    ]);
  });
});

interface Refusal {
  body: string | Uint8Array;
  message: string;
  code?: string;
  validation?: NameValidation;
}

/** Builds a byte body from text in which `\xNN`-style chars U+0080..U+00FF stand for raw bytes. */
function latin1Bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

// Messages verified against expfmt (Go pushgateway 1.5.1 where it has the rule, 1.11's parser otherwise).
const refusals: Refusal[] = [
  // Lines and input end.
  { body: 'm 1', message: 'line 1: unexpected end of input stream' },
  { body: '# comment without newline', message: 'line 1: unexpected end of input stream' },
  { body: '#', message: 'line 1: unexpected end of input stream' },
  { body: 'm{a="1"', message: 'line 1: unexpected end of input stream' },
  { body: 'm{a', message: 'line 1: unexpected end of input stream' },
  { body: 'm ', message: 'line 1: unexpected end of input stream' },
  { body: '# HELP m', message: 'line 1: unexpected end of input stream' },
  { body: 'a 1\nb 2', message: 'line 2: unexpected end of input stream' },
  { body: 'm3 1\r\n', message: 'line 1: expected float as value, got "1\\r"' },
  // Values.
  { body: 'blablabla\n', message: 'line 1: expected float as value, got ""' },
  { body: 'v 0x1F\n', message: 'line 1: expected float as value, got "0x1F"' },
  { body: 'm 0x1p-3\n', message: 'line 1: expected float as value, got "0x1p-3"' },
  { body: 'm 0b1\n', message: 'line 1: expected float as value, got "0b1"' },
  { body: 'm 0o1\n', message: 'line 1: expected float as value, got "0o1"' },
  { body: 'm 1_2\n', message: 'line 1: expected float as value, got "1_2"' },
  { body: 'm 1e400\n', message: 'line 1: expected float as value, got "1e400"' },
  { body: 'm +NaN\n', message: 'line 1: expected float as value, got "+NaN"' },
  { body: 'm Infinityx\n', message: 'line 1: expected float as value, got "Infinityx"' },
  { body: 'm .\n', message: 'line 1: expected float as value, got "."' },
  { body: 'm{a="x"}} 1\n', message: 'line 1: expected float as value, got "}"' },
  { body: 'm{label="bla"} blubb\n', message: 'line 1: expected float as value, got "blubb"' },
  // Timestamps and trailing text.
  { body: 'v8 1 # comment\n', message: 'line 1: expected integer as timestamp, got "#"' },
  { body: 'm 1 2.72\n', message: 'line 1: expected integer as timestamp, got "2.72"' },
  { body: 'm 1 1e3\n', message: 'line 1: expected integer as timestamp, got "1e3"' },
  {
    body: 'm 1 9223372036854775808\n',
    message: 'line 1: expected integer as timestamp, got "9223372036854775808"',
  },
  { body: 'm 1 \n', message: 'line 1: expected integer as timestamp, got ""' },
  { body: 'm 1\t\n', message: 'line 1: expected integer as timestamp, got ""' },
  { body: 'm 1 2 3\n', message: 'line 1: spurious string after timestamp: " 3"' },
  { body: 'm 1 2 \n', message: 'line 1: spurious string after timestamp: " "' },
  // HELP and TYPE.
  {
    body: 'x{a="1"} 1\n# TYPE x gauge\n',
    message: 'line 2: second TYPE line for metric name "x", or TYPE reported after samples',
  },
  {
    body: '# TYPE y gauge\n# TYPE y gauge\n',
    message: 'line 2: second TYPE line for metric name "y", or TYPE reported after samples',
  },
  {
    body: '# TYPE s3 summary\ns3_count 1\n# TYPE s3_count gauge\n',
    message: 'line 3: second TYPE line for metric name "s3", or TYPE reported after samples',
  },
  { body: '# HELP z a\n# HELP z b\n', message: 'line 2: second HELP line for metric name "z"' },
  { body: '# TYPE m bla\n', message: 'line 1: unknown metric type "bla"' },
  { body: '# TYPE m gauge extra\n', message: 'line 1: unknown metric type "gauge extra"' },
  { body: '# TYPE m gauge \n', message: 'line 1: unknown metric type "gauge "' },
  {
    body: '# TYPE met-ric gauge\n',
    message: 'line 1: invalid metric name in comment',
    code: 'invalid_metric_name',
  },
  {
    body: '# TYPE 1m gauge\n',
    message: 'line 1: invalid metric name in comment',
    code: 'invalid_metric_name',
  },
  { body: '# HELP m bad\\t escape\n', message: "line 1: invalid escape sequence '\\t'" },
  { body: '# HELP m trailing\\\n', message: "line 1: invalid escape sequence '\\\n'" },
  // Metric names.
  { body: '@m{label="bla"} 3.14 2\n', message: 'line 1: invalid metric name', code: 'invalid_metric_name' },
  { body: '{label="bla"} 3.14 2\n', message: 'line 1: invalid metric name', code: 'invalid_metric_name' },
  { body: '{}\n', message: 'line 1: invalid metric name', code: 'invalid_metric_name' },
  { body: 'a 1\n{} 1\n', message: 'line 2: invalid metric name', code: 'invalid_metric_name' },
  { body: '\ufeffm 1\n', message: 'line 1: invalid metric name', code: 'invalid_metric_name' },
  { body: '{"a.b"} 1\n', message: 'line 1: invalid metric name "a.b"', code: 'invalid_metric_name' },
  { body: '# TYPE "a.b" gauge\n', message: 'line 1: invalid metric name "a.b"', code: 'invalid_metric_name' },
  { body: '"" 1\n', message: 'line 1: invalid metric name', code: 'invalid_metric_name' },
  {
    body: '{""} 1\n',
    message: 'line 1: invalid label name for metric ""',
    code: 'invalid_label_name',
    validation: 'utf8',
  },
  {
    body: '# HELP "" x\n',
    message: 'line 1: invalid metric name ""',
    code: 'invalid_metric_name',
    validation: 'utf8',
  },
  {
    body: '{"a.b","c.d"} 1\n',
    message: 'line 1: multiple metric names for metric "a.b"',
    validation: 'utf8',
  },
  { body: '{m, a="1", n} 1\n', message: 'line 1: multiple metric names for metric "m"' },
  { body: '{"a" . "b"} 1\n', message: "line 1: unexpected end of metric name '.'" },
  { body: '{"a\\tb"} 1\n', message: "line 1: invalid escape sequence '\\t'" },
  { body: '{"a\nb"} 1\n', message: 'line 1: label name "a" contains unescaped new-line' },
  { body: '"a\nb" 1\n', message: 'line 1: metric name "a" contains unescaped new-line' },
  // Label names.
  {
    body: 'metric{@="bla"} 3.14\n',
    message: 'line 1: invalid label name for metric "metric"',
    code: 'invalid_label_name',
  },
  { body: 'm{1a="x"} 1\n', message: 'line 1: invalid label name for metric "m"', code: 'invalid_label_name' },
  { body: 'm{,} 1\n', message: 'line 1: invalid label name for metric "m"', code: 'invalid_label_name' },
  {
    body: 'm{a="1",,} 1\n',
    message: 'line 1: invalid label name for metric "m"',
    code: 'invalid_label_name',
  },
  { body: 'a 1\n{,} 1\n', message: 'line 2: invalid label name for metric "a"', code: 'invalid_label_name' },
  {
    body: 'm{__name__="bla"} 1\n',
    message: 'line 1: label name "__name__" is reserved',
    code: 'invalid_label_name',
  },
  { body: 'm{"a.b"="1"} 1\n', message: 'line 1: invalid label name "a.b"', code: 'invalid_label_name' },
  { body: 'm{label+="bla"} 1\n', message: "line 1: expected '=' after label name, found '+'" },
  { body: 'm{a-b="x"} 1\n', message: "line 1: expected '=' after label name, found '-'" },
  { body: 'm{"x"} 1\n', message: "line 1: expected '=' after label name, found '}'" },
  { body: 'y2{a="1",a="2"} 1\n', message: 'line 1: duplicate label names for metric "y2"' },
  { body: '{a="1",a="2","m"} 1\n', message: 'line 1: duplicate label names for metric ""' },
  { body: 'm{"m\nx"="1"} 1\n', message: 'line 1: label name "m" contains unescaped new-line' },
  // Label values.
  { body: 'm{label=bla} 1\n', message: "line 1: expected '\"' at start of label value, found 'b'" },
  { body: 'm{label="bla"+} 1\n', message: 'line 1: unexpected end of label value "bla"' },
  { body: 'm{a="1" b="2"} 1\n', message: 'line 1: unexpected end of label value "1"' },
  { body: '\nm{label="\\t"} 1\n', message: "line 2: invalid escape sequence '\\t'" },
  { body: 'm{label="new\nline"} 1\n', message: 'line 1: label value "new" contains unescaped new-line' },
  { body: 'm{a="\\"} 1\n', message: 'line 1: label value "\\"} 1" contains unescaped new-line' },
  // Summaries and histograms.
  {
    body: '# TYPE s summary\ns{quantile="abc"} 1\n',
    message: 'line 2: expected float as value for \'quantile\' label, got "abc"',
  },
  {
    body: '# TYPE s summary\ns{quantile="0x1p-3"} 1\n',
    message: 'line 2: expected float as value for \'quantile\' label, got "0x1p-3"',
  },
  {
    body: '# TYPE h histogram\nh_bucket{le="bla"} 1\n',
    message: 'line 2: expected float as value for \'le\' label, got "bla"',
  },
  {
    body: '# TYPE h gaugehistogram\nh_bucket{le="0x1p-3"} 1\n',
    message: 'line 2: expected float as value for \'le\' label, got "0x1p-3"',
  },
  {
    body: '# TYPE h histogram\nh_bucket{le="1"} -1\n',
    message: 'line 2: negative bucket population for histogram "h"',
  },
  {
    body: '# TYPE h histogram\nh_bucket{le="1"} -1.5\n',
    message: 'line 2: negative bucket population for histogram "h"',
  },
  { body: '# TYPE h histogram\nh_count -1\n', message: 'line 2: negative count for histogram "h"' },
  { body: '# TYPE h gauge_histogram\nh_count -0.5\n', message: 'line 2: negative count for histogram "h"' },
  // Invalid UTF-8, where Go reports it.
  {
    body: latin1Bytes('u{a="\xff"} 1\n'),
    message: 'line 1: invalid label value "\\xff"',
    code: 'invalid_utf8',
  },
  {
    body: latin1Bytes('m{a="\xe2\x82"} 1\n'),
    message: 'line 1: invalid label value "\\xe2\\x82"',
    code: 'invalid_utf8',
  },
  { body: latin1Bytes('m \xff\n'), message: 'line 1: expected float as value, got "\\xff"' },
  { body: latin1Bytes('m{a=\xff} 1\n'), message: "line 1: expected '\"' at start of label value, found 'ÿ'" },
  { body: latin1Bytes('m{a\xff="1"} 1\n'), message: "line 1: expected '=' after label name, found 'ÿ'" },
  { body: latin1Bytes('m{"x\\\xc3\xa9"="1"} 1\n'), message: "line 1: invalid escape sequence '\\Ã'" },
  { body: latin1Bytes('{m\xff} 1\n'), message: "line 1: unexpected end of metric name 'ÿ'" },
  {
    body: latin1Bytes('{"\xff"} 1\n'),
    message: 'line 1: invalid metric name "\\xff"',
    code: 'invalid_metric_name',
    validation: 'utf8',
  },
  {
    body: latin1Bytes('m{"\xff"="1"} 1\n'),
    message: 'line 1: invalid label name "\\xff"',
    code: 'invalid_label_name',
    validation: 'utf8',
  },
  // Invalid UTF-8 that Go lets through: refused here, after the rest parsed.
  {
    body: latin1Bytes('m 1\n# \xff comment\n'),
    message: 'line 2: invalid UTF-8 in comment or HELP text',
    code: 'invalid_utf8',
  },
  {
    body: latin1Bytes('# HELP m \xff\nm 1\n'),
    message: 'line 1: invalid UTF-8 in comment or HELP text',
    code: 'invalid_utf8',
  },
  {
    body: latin1Bytes('# TYPE "\xff"\n'),
    message: 'line 1: invalid UTF-8 in comment or HELP text',
    code: 'invalid_utf8',
  },
  { body: latin1Bytes('# \xff\nm 1 x\n'), message: 'line 2: expected integer as timestamp, got "x"' },
  { body: 'm 1\n# \ud800\n', message: 'line 2: invalid UTF-8 in comment or HELP text', code: 'invalid_utf8' },
  {
    body: 'm{a="\ud800"} 1\n',
    message: 'line 1: invalid label value "\\xed\\xa0\\x80"',
    code: 'invalid_utf8',
  },
];

describe('parseText: refused input', () => {
  it.each(refusals)('refuses $body with "$message"', ({ body, message, code, validation }) => {
    const err = refusal(body, validation);
    expect(err.message).toBe(`text format parsing error in ${message}`);
    expect(err.code).toBe(code ?? 'text_syntax');
    expect(err.location.line).toBe(Number(/^line (\d+)/.exec(message)?.[1]));
  });

  it('finds a duplicate among many labels, and many distinct labels cost linear time', () => {
    const names = Array.from({ length: 40 }, (_, i) => `l${i}`);
    const line = (extra: string[]) => `m{${[...names, ...extra].map((n) => `${n}="v"`).join(',')}} 1\n`;
    expect(refusal(line(['l3'])).message).toBe(
      'text format parsing error in line 1: duplicate label names for metric "m"',
    );
    expect(refusal(line(['l39'])).message).toBe(
      'text format parsing error in line 1: duplicate label names for metric "m"',
    );
    const many = Array.from({ length: 50_000 }, (_, i) => `l${i}="v"`).join(',');
    const started = performance.now();
    expect(parseText(`m{${many}} 1\n`)[0]?.metric[0]?.label).toHaveLength(50_000);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses non-legacy names under legacy validation only', () => {
    expect(refusal('m{"a.b"="1"} 1\n').code).toBe('invalid_label_name');
    expect(parseText('m{"a.b"="1"} 1\n', { validation: 'utf8' })[0]?.metric[0]?.label).toEqual(
      labels({ 'a.b': '1' }),
    );
  });
});

/** Tokens of the format, so that random bodies get past the first character often. */
const token = fc.constantFrom(
  'm',
  'h_bucket',
  's_count',
  '"a.b"',
  '{',
  '}',
  ',',
  '=',
  '"v"',
  '"\\n"',
  '"\\x"',
  'le="1"',
  'quantile="0.5"',
  ' ',
  '\t',
  '\n',
  '# ',
  'HELP ',
  'TYPE ',
  'histogram',
  'summary',
  'gauge_histogram',
  '1',
  '-1.5',
  'NaN',
  '+Inf',
  '0x1',
  '1e400',
  '9223372036854775808',
  '\\',
  '\ud800',
  'é',
);

function expectOnlyProtocolErrors(body: string | Uint8Array, validation: NameValidation): void {
  try {
    parseText(body, { validation });
  } catch (err) {
    expect(isProtocolError(err)).toBe(true);
    const { line } = (err as ProtocolError).location;
    expect(line).toBeGreaterThan(0);
    expect((err as ProtocolError).message.startsWith(`text format parsing error in line ${line}: `)).toBe(
      true,
    );
  }
}

describe('parseText: robustness', () => {
  const validation = fc.constantFrom<NameValidation>('legacy', 'utf8');

  it('throws nothing but ProtocolError for arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), validation, expectOnlyProtocolErrors), {
      numRuns: 500,
    });
  });

  it('throws nothing but ProtocolError for arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array(), validation, expectOnlyProtocolErrors), { numRuns: 500 });
  });

  it('throws nothing but ProtocolError for arbitrary token soups', () => {
    fc.assert(
      fc.property(
        fc.array(token, { maxLength: 40 }).map((t) => t.join('')),
        validation,
        expectOnlyProtocolErrors,
      ),
      { numRuns: 2000 },
    );
  });
});
