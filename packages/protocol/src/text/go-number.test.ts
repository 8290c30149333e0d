import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  exactUint64,
  goFloatToUint64,
  parseGoFloat,
  parseGoFloatAscii,
  parseGoInt64,
  parseGoInt64Ascii,
} from './go-number.js';

describe('parseGoFloat (expfmt parseFloat = strconv.ParseFloat without p, P, _)', () => {
  it.each([
    ['1', 1],
    ['-3e3', -3000],
    ['1.5e-7', 1.5e-7],
    ['1E3', 1000],
    ['+5', 5],
    ['.5', 0.5],
    ['5.', 5],
    ['0001', 1],
    ['08', 8],
    ['-0', -0],
    ['1.e5', 1e5],
    ['-.5e-3', -0.0005],
    ['1e+05', 1e5],
    ['1e-400', 0],
    ['0e99999', 0],
    ['9007199254740993', 9007199254740992],
    ['123456789012345678901234567890', 1.2345678901234568e29],
    ['1.7976931348623157e308', 1.7976931348623157e308],
    ['NaN', Number.NaN],
    ['nan', Number.NaN],
    ['Nan', Number.NaN],
    ['+Inf', Number.POSITIVE_INFINITY],
    ['-Inf', Number.NEGATIVE_INFINITY],
    ['inf', Number.POSITIVE_INFINITY],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['+infinity', Number.POSITIVE_INFINITY],
    ['-INFINITY', Number.NEGATIVE_INFINITY],
  ])('accepts %s', (text, value) => {
    expect(parseGoFloat(text)).toBe(value);
  });

  it.each([
    '',
    '+',
    '-',
    '.',
    'e5',
    '1e',
    '1e+',
    '1..2',
    '1.2.3',
    '+NaN',
    '-NaN',
    '-nan',
    'nana',
    'in',
    'infin',
    'Infinityx',
    'inf_',
    '0x1F',
    '0x1p-3',
    '0x1P-3',
    '0X1',
    '0b1',
    '0o1',
    '1_000',
    '1p3',
    '1e400',
    '-1e400',
    '1.7976931348623159e308',
    ' 1',
    '1 ',
    '1\r',
    '١',
    'Infinity\u0000',
  ])('refuses %j', (text) => {
    expect(parseGoFloat(text)).toBeUndefined();
  });

  it('parses a slice of a longer string in place', () => {
    expect(parseGoFloat('m 42 7', 2, 4)).toBe(42);
    expect(parseGoFloat('m 4x 7', 2, 4)).toBeUndefined();
  });

  it('agrees with Number() on every plain decimal', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        for (const text of [String(value), value.toExponential(), value.toFixed(3)]) {
          if (text.includes('Infinity')) continue;
          expect(parseGoFloat(text)).toBe(Number(text));
        }
      }),
    );
  });
});

describe('parseGoFloat: plain decimals beyond 15 digits (exact mantissa below 2^53)', () => {
  it.each([
    '9007199254740991',
    '9007199254740992',
    '9007199254740993',
    '0.9007199254740993',
    '900719925474099.1',
    '1234567890.123456',
    '0.0000000000000000000001',
    '0.00000000000000000000001',
    '1.0000000000000000000001',
    '00000000000000000000000001.5',
  ])('agrees with Number() on %s', (text) => {
    expect(parseGoFloat(text)).toBe(Number(text));
    expect(parseGoFloat(`-${text}`)).toBe(-Number(text));
  });

  it('agrees with Number() on random digit strings around the fast-path limits', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{1,20}$/),
        fc.option(fc.stringMatching(/^[0-9]{0,25}$/), { nil: undefined }),
        (integer, fraction) => {
          const text = fraction === undefined ? integer : `${integer}.${fraction}`;
          expect(parseGoFloat(text)).toBe(Number(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

/** Number-like tokens of every syntax, as bytes of an exposition would hold them. */
const numberToken = fc.oneof(
  fc.double().map(String),
  fc.double().map((v) => v.toExponential()),
  fc.stringMatching(/^[+-]?[0-9]{0,20}(\.[0-9]{0,20})?([eE][+-]?[0-9]{1,4})?$/),
  fc.constantFrom('NaN', '+Inf', '-inf', 'Infinity', 'nan', '+NaN', '0x1F', '1_0', '', '.', '-', 'é', '1é'),
  fc.string({ maxLength: 8 }),
);

describe('parseGoFloatAscii and parseGoInt64Ascii', () => {
  it('read a byte range exactly as parseGoFloat and parseGoInt64 read the same text', () => {
    fc.assert(
      fc.property(numberToken, (token) => {
        const bytes = new TextEncoder().encode(` ${token} `);
        const end = bytes.length - 1;
        expect(parseGoFloatAscii(bytes, 1, end)).toBe(parseGoFloat(token));
        expect(parseGoInt64Ascii(bytes, 1, end)).toBe(parseGoInt64(token));
      }),
      { numRuns: 3000 },
    );
  });

  it('read integers of every length', () => {
    for (const text of ['0', '7', '123456789012345', '1234567890123456', '9223372036854775807', '-12']) {
      const bytes = new TextEncoder().encode(text);
      expect(parseGoInt64Ascii(bytes, 0, bytes.length)).toBe(BigInt(text));
      expect(parseGoFloatAscii(bytes, 0, bytes.length)).toBe(Number(text));
    }
  });
});

describe('parseGoInt64 (strconv.ParseInt(s, 10, 64))', () => {
  it.each([
    ['0', 0n],
    ['1', 1n],
    ['-2', -2n],
    ['+3', 3n],
    ['007', 7n],
    ['9223372036854775807', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n],
  ])('accepts %s', (text, value) => {
    expect(parseGoInt64(text)).toBe(value);
  });

  it.each([
    '',
    '+',
    '-',
    '1.5',
    '1e3',
    '1_000',
    '0x10',
    ' 1',
    '9223372036854775808',
    '-9223372036854775809',
    '#',
  ])('refuses %j', (text) => {
    expect(parseGoInt64(text)).toBeUndefined();
  });
});

describe('goFloatToUint64 (Go uint64(float64) on amd64)', () => {
  // Each row verified with go1.19.8 linux/amd64 (the Pushgateway 1.5.1 build).
  it.each([
    [0, 0n],
    [-0, 0n],
    [1.5, 1n],
    [12345678, 12345678n],
    [-0.5, 0n],
    [-1, 18446744073709551615n],
    [-1.5, 18446744073709551615n],
    [9.3e18, 9300000000000000000n],
    [-9.3e18, 9223372036854775808n],
    [1e20, 9223372036854775808n],
    [-1e20, 9223372036854775808n],
    [1.8446744073709552e19, 9223372036854775808n],
    [Number.NaN, 9223372036854775808n],
    [Number.POSITIVE_INFINITY, 9223372036854775808n],
    [Number.NEGATIVE_INFINITY, 9223372036854775808n],
  ])('converts %s to %s', (value, expected) => {
    expect(goFloatToUint64(value)).toBe(expected);
  });
});

describe('exactUint64 (histogram counts: integer iff float64(uint64(v)) == v)', () => {
  it.each([
    [0, 0n],
    [-0, 0n],
    [2, 2n],
    [2 ** 63, 2n ** 63n],
    [2 ** 64 - 2048, 18446744073709549568n],
  ])('keeps %s as the integer %s', (value, expected) => {
    expect(exactUint64(value)).toBe(expected);
  });

  it.each([1.5, -1, 2 ** 64, Number.NaN, Number.POSITIVE_INFINITY])(
    'falls back to a float count for %s',
    (value) => {
      expect(exactUint64(value)).toBeUndefined();
    },
  );
});
