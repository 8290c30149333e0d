import { gunzipSync, gzipSync } from 'node:zlib';
import { create, toBinary } from '@bufbuild/protobuf';
import { sizeDelimitedEncode } from '@bufbuild/protobuf/wire';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors.js';
import { emptyHistogram, type MetricFamily } from '../model.js';
import { decodeDelimited, encodeDelimited } from './delimited.js';
import { type MetricFamily as GenMetricFamily, MetricFamilySchema, MetricType } from './gen/metrics_pb.js';

/** Bytes from hex, spaces ignored. */
function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** A delimited body of messages built with the generated code, an encoder independent of ours. */
function body(...families: GenMetricFamily[]): Uint8Array {
  return Buffer.concat(families.map((family) => sizeDelimitedEncode(MetricFamilySchema, family)));
}

function family(init: Parameters<typeof create<typeof MetricFamilySchema>>[1]): GenMetricFamily {
  return create(MetricFamilySchema, init);
}

/** Prefixes one message with its varint length. */
function frame(message: Uint8Array): Uint8Array {
  const prefix: number[] = [];
  let length = message.length;
  while (length > 0x7f) {
    prefix.push((length & 0x7f) | 0x80);
    length >>>= 7;
  }
  prefix.push(length);
  return Buffer.concat([Uint8Array.from(prefix), message]);
}

function decodeError(bytes: Uint8Array, options?: { maxMessageBytes?: number }): ProtocolError {
  try {
    decodeDelimited(bytes, options);
  } catch (err) {
    if (err instanceof ProtocolError) return err;
    throw new Error(`expected a ProtocolError, got ${String(err)}`);
  }
  throw new Error('expected decodeDelimited to fail');
}

function bitsOf(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value, true);
  return view.getBigUint64(0, true).toString(16);
}

const GAUGE_PM: MetricFamily = {
  name: 'pm',
  help: 'a gauge',
  type: 'GAUGE',
  metric: [{ label: [{ name: 'x', value: 'y' }], gauge: { value: 1.5 } }],
};

describe('decodeDelimited: formats notes §4.8', () => {
  it('P01: an empty body holds no families', () => {
    expect(decodeDelimited(new Uint8Array(0))).toEqual([]);
    expect(encodeDelimited([])).toEqual(new Uint8Array(0));
  });

  it('P02: one delimited gauge family', () => {
    const bytes = body(
      family({
        name: 'pm',
        help: 'a gauge',
        type: MetricType.GAUGE,
        metric: [{ label: [{ name: 'x', value: 'y' }], gauge: { value: 1.5 } }],
      }),
    );
    expect(decodeDelimited(bytes)).toEqual([GAUGE_PM]);
    expect(toHex(encodeDelimited([GAUGE_PM]))).toBe(toHex(bytes));
  });

  it('P03: two families back to back, in wire order', () => {
    const bytes = body(
      family({ name: 'b', type: MetricType.UNTYPED, metric: [{ untyped: { value: 2 } }] }),
      family({ name: 'a', type: MetricType.COUNTER, metric: [{ counter: { value: 1 } }] }),
    );
    const families = decodeDelimited(bytes);
    expect(families.map((f) => [f.name, f.type])).toEqual([
      ['b', 'UNTYPED'],
      ['a', 'COUNTER'],
    ]);
  });

  it('P04: a repeated family name is kept twice; the gateway decides', () => {
    const bytes = body(
      family({ name: 'pm9', type: MetricType.UNTYPED, metric: [{ untyped: { value: 1 } }] }),
      family({ name: 'pm9', type: MetricType.UNTYPED, metric: [{ untyped: { value: 2 } }] }),
    );
    expect(decodeDelimited(bytes).map((f) => f.metric[0]?.untyped?.value)).toEqual([1, 2]);
  });

  it('P05: a MetricFamily without its length prefix is refused', () => {
    const message = toBinary(
      MetricFamilySchema,
      family({ name: 'pm', type: MetricType.UNTYPED, metric: [{ untyped: { value: 1.5 } }] }),
    );
    expect(decodeError(message).code).toBe('protobuf_syntax');
  });

  it('P06: a prefix announcing more bytes than remain is unexpected EOF at the prefix', () => {
    const error = decodeError(hex('05 0a 02 70 6d'));
    expect(error).toMatchObject({
      code: 'protobuf_syntax',
      message: 'unexpected EOF',
      location: { offset: 0 },
    });
    const second = decodeError(Buffer.concat([encodeDelimited([GAUGE_PM]), hex('05 0a')]));
    expect(second.location.offset).toBe(encodeDelimited([GAUGE_PM]).length);
  });

  it('P07: a truncated length varint is an error (latest Go), not a clean end', () => {
    expect(decodeError(hex('80'))).toMatchObject({ code: 'protobuf_syntax', message: 'unexpected EOF' });
    expect(decodeError(hex('ff ff ff'))).toMatchObject({
      code: 'protobuf_syntax',
      message: 'unexpected EOF',
    });
  });

  it('P08: a histogram with only the no-op span {0, 0} stays a native histogram', () => {
    const bytes = body(
      family({
        name: 'h',
        type: MetricType.HISTOGRAM,
        metric: [{ histogram: { positiveSpan: [{ offset: 0, length: 0 }] } }],
      }),
    );
    const [decoded] = decodeDelimited(bytes);
    const histogram = decoded?.metric[0]?.histogram;
    expect(histogram?.positiveSpan).toEqual([{ offset: 0, length: 0 }]);
    expect(histogram?.schema).toBeUndefined();
    // The generated encoder leaves out the unset sample_count and sample_sum,
    // which our model always carries, so compare with Go's explicit zeros.
    const histogramFields = '08 00 11 0000000000000000 62 04 08 00 10 00';
    const metric = `3a ${toHex(frame(hex(histogramFields)))}`;
    expect(toHex(encodeDelimited(decodeDelimited(bytes)))).toBe(
      toHex(frame(hex(`0a 01 68 18 04 22 ${toHex(frame(hex(metric)))}`))),
    );
  });

  it('P09: positive_delta decodes packed and unpacked alike, and re-encodes unpacked as Go does', () => {
    const histogramWith = (deltas: string) =>
      frame(hex(`0a 01 68 18 04 22 ${toHex(frame(hex(`3a ${toHex(frame(hex(deltas)))}`)))}`));
    const unpacked = histogramWith('68 02 68 01');
    const packed = histogramWith('6a 02 02 01');
    const fromUnpacked = decodeDelimited(unpacked)[0]?.metric[0]?.histogram?.positiveDelta;
    const fromPacked = decodeDelimited(packed)[0]?.metric[0]?.histogram?.positiveDelta;
    expect(fromUnpacked).toEqual([1n, -1n]);
    expect(fromPacked).toEqual([1n, -1n]);
    expect(toHex(encodeDelimited(decodeDelimited(packed)))).toContain('68026801');
  });

  it('P09: negative_count decodes packed doubles too, and re-encodes them unpacked', () => {
    const packed = frame(
      hex(`22 ${toHex(frame(hex(`3a ${toHex(frame(hex('5a 10 000000000000f83f 000000000000f0bf')))}`)))}`),
    );
    const histogram = decodeDelimited(packed)[0]?.metric[0]?.histogram;
    expect(histogram?.negativeCount).toEqual([1.5, -1]);
    expect(toHex(encodeDelimited(decodeDelimited(packed)))).toContain('59000000000000f83f59000000000000f0bf');
  });

  it('P10: timestamp_ms decodes (the gateway, not the decoder, refuses it)', () => {
    const bytes = body(
      family({
        name: 't',
        type: MetricType.UNTYPED,
        metric: [{ untyped: { value: 1 }, timestampMs: 1000n }],
      }),
    );
    expect(decodeDelimited(bytes)[0]?.metric[0]?.timestampMs).toBe(1000n);
    expect(toHex(encodeDelimited(decodeDelimited(bytes)))).toBe(toHex(bytes));
  });

  it('P12: a gzip-compressed body decodes once decompressed', () => {
    const compressed = gzipSync(encodeDelimited([GAUGE_PM]));
    expect(decodeDelimited(gunzipSync(compressed))).toEqual([GAUGE_PM]);
  });

  it('P13: uint64 counts above 2^53 survive exactly and re-encode identically', () => {
    const max = 2n ** 64n - 1n;
    const bytes = body(
      family({
        name: 'big',
        type: MetricType.HISTOGRAM,
        metric: [
          {
            histogram: {
              sampleCount: max,
              sampleSum: 1,
              bucket: [{ cumulativeCount: 2n ** 53n + 1n, upperBound: 1 }],
              zeroCount: 2n ** 60n,
            },
          },
        ],
      }),
      family({
        name: 'sum',
        type: MetricType.SUMMARY,
        metric: [{ summary: { sampleCount: 2n ** 63n + 7n, sampleSum: 0 }, timestampMs: -(2n ** 63n) }],
      }),
    );
    const [histogram, summary] = decodeDelimited(bytes);
    expect(histogram?.metric[0]?.histogram).toMatchObject({
      sampleCount: max,
      zeroCount: 2n ** 60n,
      bucket: [{ cumulativeCount: 2n ** 53n + 1n, upperBound: 1 }],
    });
    expect(summary?.metric[0]?.summary?.sampleCount).toBe(2n ** 63n + 7n);
    expect(summary?.metric[0]?.timestampMs).toBe(-(2n ** 63n));
    expect(toHex(encodeDelimited(decodeDelimited(bytes)))).toBe(toHex(bytes));
  });
});

describe('decodeDelimited: every field of metrics.proto', () => {
  const timestamp = { seconds: 1_700_000_000n, nanos: 123_456_789 };
  const exemplar = { label: [{ name: 'trace_id', value: 'abc' }], value: 0.5, timestamp };

  it('keeps native histograms, float counts, exemplars, created timestamps and unit', () => {
    const bytes = body(
      family({
        name: 'kitchen_sink_seconds',
        help: 'Everything at once.',
        type: MetricType.GAUGE_HISTOGRAM,
        unit: 'seconds',
        metric: [
          {
            label: [{ name: 'a', value: 'b' }],
            timestampMs: 42n,
            histogram: {
              sampleCount: 10n,
              sampleCountFloat: 10.5,
              sampleSum: 3.25,
              bucket: [
                { cumulativeCount: 1n, cumulativeCountFloat: 1.5, upperBound: 0.5, exemplar },
                { cumulativeCount: 2n, upperBound: Number.POSITIVE_INFINITY },
              ],
              createdTimestamp: timestamp,
              schema: -4,
              zeroThreshold: 1e-128,
              zeroCount: 3n,
              zeroCountFloat: 3.5,
              negativeSpan: [{ offset: -2, length: 2 }],
              negativeDelta: [4n, -3n],
              negativeCount: [1.5, 0.25],
              positiveSpan: [
                { offset: 1, length: 1 },
                { offset: 3, length: 2 },
              ],
              positiveDelta: [-(2n ** 62n), 2n ** 62n, 0n],
              positiveCount: [Number.MAX_VALUE, Number.MIN_VALUE, -0],
              exemplars: [exemplar, { label: [], value: -1, timestamp: { seconds: -5n, nanos: 0 } }],
            },
          },
        ],
      }),
      family({
        name: 'created_total',
        type: MetricType.COUNTER,
        metric: [{ counter: { value: 7, exemplar, createdTimestamp: timestamp } }],
      }),
      family({
        name: 'created_summary',
        type: MetricType.SUMMARY,
        metric: [
          {
            summary: {
              sampleCount: 3n,
              sampleSum: 1.5,
              quantile: [
                { quantile: 0.5, value: 0.4 },
                { quantile: 0.99, value: Number.NaN },
              ],
              createdTimestamp: { seconds: 0n, nanos: 0 },
            },
          },
        ],
      }),
    );
    const decoded = decodeDelimited(bytes);
    const expected: MetricFamily[] = [
      {
        name: 'kitchen_sink_seconds',
        help: 'Everything at once.',
        type: 'GAUGE_HISTOGRAM',
        unit: 'seconds',
        metric: [
          {
            label: [{ name: 'a', value: 'b' }],
            timestampMs: 42n,
            histogram: {
              sampleCount: 10n,
              sampleCountFloat: 10.5,
              sampleSum: 3.25,
              bucket: [
                { cumulativeCount: 1n, cumulativeCountFloat: 1.5, upperBound: 0.5, exemplar },
                { cumulativeCount: 2n, upperBound: Number.POSITIVE_INFINITY },
              ],
              createdTimestamp: timestamp,
              schema: -4,
              zeroThreshold: 1e-128,
              zeroCount: 3n,
              zeroCountFloat: 3.5,
              negativeSpan: [{ offset: -2, length: 2 }],
              negativeDelta: [4n, -3n],
              negativeCount: [1.5, 0.25],
              positiveSpan: [
                { offset: 1, length: 1 },
                { offset: 3, length: 2 },
              ],
              positiveDelta: [-(2n ** 62n), 2n ** 62n, 0n],
              positiveCount: [Number.MAX_VALUE, Number.MIN_VALUE, -0],
              exemplars: [exemplar, { label: [], value: -1, timestamp: { seconds: -5n, nanos: 0 } }],
            },
          },
        ],
      },
      {
        name: 'created_total',
        type: 'COUNTER',
        metric: [{ label: [], counter: { value: 7, exemplar, createdTimestamp: timestamp } }],
      },
      {
        name: 'created_summary',
        type: 'SUMMARY',
        metric: [
          {
            label: [],
            summary: {
              sampleCount: 3n,
              sampleSum: 1.5,
              quantile: [
                { quantile: 0.5, value: 0.4 },
                { quantile: 0.99, value: Number.NaN },
              ],
              createdTimestamp: { seconds: 0n, nanos: 0 },
            },
          },
        ],
      },
    ];
    expect(decoded).toEqual(expected);
    expect(Object.is(decoded[0]?.metric[0]?.histogram?.positiveCount[2], -0)).toBe(true);
    expect(toHex(encodeDelimited(decoded))).toBe(toHex(bytes));
  });

  it('reads proto2 defaults: no type is COUNTER, no help is absent, empty help is kept', () => {
    const [bare, withEmptyHelp] = decodeDelimited(
      Buffer.concat([frame(hex('0a 01 61')), frame(hex('0a 01 62 12 00'))]),
    );
    expect(bare).toEqual({ name: 'a', type: 'COUNTER', metric: [] });
    expect(bare && 'help' in bare).toBe(false);
    expect(withEmptyHelp?.help).toBe('');
    expect(toHex(encodeDelimited([withEmptyHelp!]))).toBe(toHex(frame(hex('0a 01 62 12 00 18 00'))));
  });

  it('treats an unknown MetricType number as proto2 does: the field keeps its previous value', () => {
    expect(decodeDelimited(frame(hex('0a 01 61 18 09')))[0]?.type).toBe('COUNTER');
    expect(decodeDelimited(frame(hex('0a 01 61 18 01 18 09')))[0]?.type).toBe('GAUGE');
  });

  it('keeps a family without a name and metrics of any type: validation is the gateway’s job', () => {
    const [decoded] = decodeDelimited(frame(hex('18 01')));
    expect(decoded).toEqual({ name: '', type: 'GAUGE', metric: [] });
    const mixed = body(
      family({
        name: 'bad-name',
        type: MetricType.GAUGE,
        metric: [{ counter: { value: 1 }, gauge: { value: 2 } }],
      }),
    );
    expect(decodeDelimited(mixed)[0]?.metric[0]).toEqual({
      label: [],
      counter: { value: 1 },
      gauge: { value: 2 },
    });
  });

  it('merges a repeated singular message and lets the last scalar win, as proto2 does', () => {
    // metric { gauge { value: 1 } gauge { value: 2 } } and name set twice.
    const bytes = frame(
      hex('0a 01 61 0a 01 62 18 01 22 16 12 09 09 000000000000f03f 12 09 09 0000000000000040'),
    );
    const [decoded] = decodeDelimited(bytes);
    expect(decoded?.name).toBe('b');
    expect(decoded?.metric).toEqual([{ label: [], gauge: { value: 2 } }]);
  });

  it('skips unknown fields of every wire type, including nested groups', () => {
    const unknown = '48 96 01 51 0102030405060708 5a 03 616263 65 01020304 63 6b 08 01 6c 64';
    const [decoded] = decodeDelimited(frame(hex(`0a 01 61 ${unknown} 18 01`)));
    expect(decoded).toEqual({ name: 'a', type: 'GAUGE', metric: [] });
  });

  it('keeps NaN payloads and signed zeros of scalar doubles bit for bit', () => {
    // Built from bytes: a JavaScript array of doubles would itself quiet a
    // signalling NaN such as Prometheus' stale marker.
    const littleEndian = [
      '010000000000f87f',
      '020000000000f07f',
      '0000000000000080',
      '000000000000f07f',
      '000000000000f0ff',
    ];
    const metrics = littleEndian.map(
      (bits) => `22 ${toHex(frame(hex(`12 ${toHex(frame(hex(`09 ${bits}`)))}`)))}`,
    );
    const bytes = frame(hex(`0a 01 67 18 01 ${metrics.join('')}`));
    const decoded = decodeDelimited(bytes)[0]?.metric.map((m) => bitsOf(m.gauge?.value ?? 0));
    expect(decoded).toEqual([
      '7ff8000000000001',
      '7ff0000000000002',
      '8000000000000000',
      '7ff0000000000000',
      'fff0000000000000',
    ]);
    expect(toHex(encodeDelimited(decodeDelimited(bytes)))).toBe(toHex(bytes));
  });

  it('encodes a Timestamp as proto3 does: zero fields left out', () => {
    const encoded = encodeDelimited([
      {
        name: 'c',
        type: 'COUNTER',
        metric: [{ label: [], counter: { value: 0, createdTimestamp: { seconds: 0n, nanos: 0 } } }],
      },
    ]);
    const counter = `1a ${toHex(frame(hex('09 0000000000000000 1a 00')))}`;
    expect(toHex(encoded)).toBe(toHex(frame(hex(`0a 01 63 18 00 22 ${toHex(frame(hex(counter)))}`))));
  });

  it('writes timestamp_ms (6) before histogram (7), in field-number order as Go does', () => {
    const encoded = encodeDelimited([
      { name: 'h', type: 'HISTOGRAM', metric: [{ label: [], timestampMs: 5n, histogram: emptyHistogram() }] },
    ]);
    expect(toHex(encoded)).toContain('30053a0b');
  });
});

describe('decodeDelimited: bad input is a ProtocolError with an offset', () => {
  const cases: [string, string, Partial<ProtocolError>][] = [
    [
      'wire type 7',
      '02 0f 00',
      { message: "proto: can't skip unknown wire type 7", location: { offset: 1 } },
    ],
    [
      'wire type 6',
      '02 0e 00',
      { message: "proto: can't skip unknown wire type 6", location: { offset: 1 } },
    ],
    [
      'field number 0',
      '02 00 00',
      { message: 'proto: illegal tag 0 (wire type 0)', location: { offset: 1 } },
    ],
    [
      'a stray end group',
      '01 4c',
      { message: "proto: can't skip unknown wire type 4", location: { offset: 1 } },
    ],
    [
      'an end group for another field',
      '03 4b 54 00',
      { message: 'proto: mismatched end group', location: { offset: 2 } },
    ],
    ['an unterminated group', '02 4b 08', { message: 'unexpected EOF' }],
    [
      'a name sent as varint',
      '02 08 01',
      { message: 'proto: MetricFamily.name has wire type 0, want 2', location: { offset: 1 } },
    ],
    [
      'a metric sent as fixed64',
      '09 21 0000000000000000',
      { message: 'proto: MetricFamily.metric has wire type 1, want 2' },
    ],
    [
      'a sub-message longer than its parent',
      '06 0a 02 70 6d 22 05',
      { message: 'unexpected EOF', location: { offset: 6 } },
    ],
    [
      'a string past the end of its message',
      '04 0a 05 70 6d 78 79 7a',
      { message: 'unexpected EOF', location: { offset: 2 } },
    ],
    ['a truncated double', '0e 0a 02 70 6d 18 01 22 06 12 04 09 00 00 00', { message: 'unexpected EOF' }],
    [
      'a varint running past its message',
      '03 18 80 80 01',
      { message: 'unexpected EOF', location: { offset: 2 } },
    ],
    ['a varint running past the body', '02 18 80', { message: 'unexpected EOF' }],
    [
      'packed doubles not a multiple of 8',
      '0f 22 0d 3a 0b 72 09 0000000000000000 00',
      { message: 'unexpected EOF' },
    ],
    [
      'an 11-byte length prefix',
      'ff ff ff ff ff ff ff ff ff ff 01',
      { message: 'proto: invalid varint in message length', location: { offset: 0 } },
    ],
    [
      'an 11-byte varint field',
      '0e 18 ff ff ff ff ff ff ff ff ff ff 01 00 00',
      { message: 'proto: invalid varint' },
    ],
    [
      'a field key longer than 5 bytes',
      '07 88 80 80 80 80 00 01',
      { message: 'proto: field key overflows uint32', location: { offset: 1 } },
    ],
  ];
  it.each(cases)('%s', (_name, bytes, expected) => {
    const error = decodeError(hex(bytes));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ code: 'protobuf_syntax', ...expected });
    expect(error.location.offset).toBeTypeOf('number');
  });

  it('refuses invalid UTF-8 in names, help, label names and values', () => {
    expect(decodeError(hex('04 0a 02 ff fe'))).toMatchObject({
      code: 'invalid_utf8',
      message: 'proto: invalid UTF-8 in MetricFamily.name',
      location: { offset: 1 },
    });
    expect(decodeError(hex('05 12 03 e2 82 28')).message).toContain('MetricFamily.help');
    const labelValue = '0d 0a 01 61 22 08 0a 06 0a 01 6b 12 01 c0';
    expect(decodeError(hex(labelValue))).toMatchObject({ code: 'invalid_utf8', location: { offset: 11 } });
    // Long strings take the TextDecoder path; an overlong encoding is refused there too.
    const long = `${'61'.repeat(40)}c0af`;
    expect(decodeError(frame(hex(`0a 2a ${long}`))).code).toBe('invalid_utf8');
  });

  it('accepts valid multi-byte UTF-8 and a leading BOM as text', () => {
    const name = '\ufeffünïcödé 🚀';
    const encoded = encodeDelimited([{ name, type: 'UNTYPED', metric: [] }]);
    expect(decodeDelimited(encoded)[0]?.name).toBe(name);
  });

  it('refuses a length prefix above the limit before reading the message', () => {
    expect(decodeError(hex('ff ff ff ff 0f'))).toMatchObject({
      code: 'protobuf_too_large',
      location: { offset: 0 },
    });
    const five = frame(hex('0a 03 61 62 63'));
    expect(decodeError(five, { maxMessageBytes: 4 })).toMatchObject({
      code: 'protobuf_too_large',
      message: 'protobuf message of 5 bytes exceeds the limit of 4 bytes',
    });
    expect(decodeDelimited(five, { maxMessageBytes: 5 })).toHaveLength(1);
  });

  it('refuses groups nested past the limit without exhausting the stack', () => {
    const depth = 5000;
    const message = Buffer.concat([Buffer.alloc(depth, 0x4b), Buffer.alloc(depth, 0x4c)]);
    expect(decodeError(frame(message))).toMatchObject({
      code: 'protobuf_syntax',
      message: 'proto: groups nested too deeply',
    });
    const shallow = Buffer.concat([Buffer.alloc(50, 0x4b), Buffer.alloc(50, 0x4c)]);
    expect(decodeDelimited(frame(shallow))).toEqual([{ name: '', type: 'COUNTER', metric: [] }]);
  });

  it('returns nothing when a later message is bad: never a partial result', () => {
    const good = encodeDelimited([GAUGE_PM]);
    const error = decodeError(Buffer.concat([good, good, hex('02 0f 00')]));
    expect(error.location.offset).toBe(2 * good.length + 1);
  });
});
