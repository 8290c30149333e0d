import { describe, expect, it } from 'vitest';
import { emptyHistogram, type MetricFamily } from '../model.js';
import { encodeProtoCompactText, encodeProtoText } from './proto-text.js';

const timestamp = { seconds: 1_700_000_000n, nanos: 5 };

const families: MetricFamily[] = [
  {
    name: 'h',
    help: 'tab\there, quote " backslash \\ cr\r nul\u0000 del\u007f é',
    type: 'GAUGE_HISTOGRAM',
    unit: 'seconds',
    metric: [
      {
        label: [{ name: 'a', value: '' }],
        timestampMs: -3n,
        histogram: {
          ...emptyHistogram(),
          sampleCount: 2n ** 64n - 1n,
          sampleCountFloat: 2.5,
          sampleSum: -0,
          bucket: [{ cumulativeCount: 1n, cumulativeCountFloat: 1e21, upperBound: Number.POSITIVE_INFINITY }],
          createdTimestamp: { seconds: 0n, nanos: 0 },
          schema: -4,
          zeroThreshold: 1e-7,
          zeroCount: 0n,
          zeroCountFloat: Number.NaN,
          negativeSpan: [{ offset: -2, length: 1 }],
          negativeDelta: [-1n],
          negativeCount: [Number.NEGATIVE_INFINITY],
          positiveSpan: [{ offset: 0, length: 0 }],
          positiveDelta: [2n],
          positiveCount: [1234567],
          exemplars: [{ label: [], value: 0.5, timestamp }],
        },
      },
    ],
  },
  {
    name: 'c',
    type: 'COUNTER',
    metric: [
      {
        label: [],
        counter: {
          value: 1,
          exemplar: { label: [{ name: 't', value: 'x' }], value: 1 },
          createdTimestamp: timestamp,
        },
      },
      { label: [], gauge: { value: 0.0001 }, untyped: { value: 1e-5 } },
    ],
  },
  {
    name: 's',
    type: 'SUMMARY',
    metric: [
      { label: [], summary: { sampleCount: 0n, sampleSum: 0, quantile: [{ quantile: 0.5, value: 100000 }] } },
    ],
  },
];

describe('encodeProtoText', () => {
  it('writes the legacy golang/protobuf text layout, fields in declaration order', () => {
    expect(encodeProtoText(families)).toBe(
      [
        'name: "h"',
        'help: "tab\\there, quote \\" backslash \\\\ cr\\r nul\\000 del\\177 \\303\\251"',
        'type: GAUGE_HISTOGRAM',
        'metric: <',
        '  label: <',
        '    name: "a"',
        '    value: ""',
        '  >',
        '  histogram: <',
        '    sample_count: 18446744073709551615',
        '    sample_count_float: 2.5',
        '    sample_sum: -0',
        '    bucket: <',
        '      cumulative_count: 1',
        '      cumulative_count_float: 1e+21',
        '      upper_bound: inf',
        '    >',
        '    created_timestamp: <',
        '    >',
        '    schema: -4',
        '    zero_threshold: 1e-07',
        '    zero_count: 0',
        '    zero_count_float: nan',
        '    negative_span: <',
        '      offset: -2',
        '      length: 1',
        '    >',
        '    negative_delta: -1',
        '    negative_count: -inf',
        '    positive_span: <',
        '      offset: 0',
        '      length: 0',
        '    >',
        '    positive_delta: 2',
        '    positive_count: 1.234567e+06',
        '    exemplars: <',
        '      value: 0.5',
        '      timestamp: <',
        '        seconds: 1700000000',
        '        nanos: 5',
        '      >',
        '    >',
        '  >',
        '  timestamp_ms: -3',
        '>',
        'unit: "seconds"',
        '',
        'name: "c"',
        'type: COUNTER',
        'metric: <',
        '  counter: <',
        '    value: 1',
        '    exemplar: <',
        '      label: <',
        '        name: "t"',
        '        value: "x"',
        '      >',
        '      value: 1',
        '    >',
        '    created_timestamp: <',
        '      seconds: 1700000000',
        '      nanos: 5',
        '    >',
        '  >',
        '>',
        'metric: <',
        '  gauge: <',
        '    value: 0.0001',
        '  >',
        '  untyped: <',
        '    value: 1e-05',
        '  >',
        '>',
        '',
        'name: "s"',
        'type: SUMMARY',
        'metric: <',
        '  summary: <',
        '    sample_count: 0',
        '    sample_sum: 0',
        '    quantile: <',
        '      quantile: 0.5',
        '      value: 100000',
        '    >',
        '  >',
        '>',
        '',
        '',
      ].join('\n'),
    );
  });

  it('writes nothing for no families', () => {
    expect(encodeProtoText([])).toBe('');
    expect(encodeProtoCompactText([])).toBe('');
  });
});

describe('encodeProtoCompactText', () => {
  it('writes one family per line, every field followed by a space', () => {
    expect(encodeProtoCompactText(families.slice(1))).toBe(
      'name:"c" type:COUNTER metric:<counter:<value:1 exemplar:<label:<name:"t" value:"x" > value:1 > ' +
        'created_timestamp:<seconds:1700000000 nanos:5 > > > metric:<gauge:<value:0.0001 > untyped:<value:1e-05 > > \n' +
        'name:"s" type:SUMMARY metric:<summary:<sample_count:0 sample_sum:0 quantile:<quantile:0.5 value:100000 > > > \n',
    );
  });

  it('writes an empty message as <>', () => {
    const family: MetricFamily = {
      name: 'e',
      type: 'COUNTER',
      metric: [{ label: [], counter: { value: 0, createdTimestamp: { seconds: 0n, nanos: 0 } } }],
    };
    expect(encodeProtoCompactText([family])).toBe(
      'name:"e" type:COUNTER metric:<counter:<value:0 created_timestamp:<> > > \n',
    );
  });
});
