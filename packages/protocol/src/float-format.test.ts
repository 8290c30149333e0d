import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFloat, formatGoFloat } from './float-format.js';
import { parseGoFloat } from './text/go-number.js';

function fromBits(bits: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(bits));
  return view.getFloat64(0);
}

describe('formatFloat', () => {
  // Outputs verified on the Go pushgateway 1.5.1 (behaviour notes §4.5, §15.8).
  it.each([
    [1, '1'],
    [0, '0'],
    [-0, '0'],
    [-1, '-1'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
    [12345678, '1.2345678e+07'],
    [123456, '123456'],
    [1234567, '1.234567e+06'],
    [1e6, '1e+06'],
    [999999, '999999'],
    [100000, '100000'],
    [1e20, '1e+20'],
    [1e21, '1e+21'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [3.0e-5, '3e-05'],
    [1.5e-7, '1.5e-07'],
    [0.05, '0.05'],
    [123456789012, '1.23456789012e+11'],
    [0.000123, '0.000123'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [1e100, '1e+100'],
    [1795792300.0702415, '1.7957923000702415e+09'],
    [-2.5, '-2.5'],
    [-1e-7, '-1e-07'],
  ])('formats %s as %s', (value, text) => {
    expect(formatFloat(value)).toBe(text);
  });

  // Random doubles formatted by Go's strconv.FormatFloat(v, 'g', -1, 64) and fmt.Sprint (go1.19).
  it.each([
    ['12663951391086054483', '-1.0590551977833753e-78'],
    ['9832119173398632219', '-5.664803348173744e-268'],
    ['5571782338101878760', '3.1177914365038574e+64'],
    ['1926012586526624009', '6.4034611399797715e-180'],
    ['7497468244883513247', '1.6172705659179921e+193'],
    ['12756335378660268676', '-1.67014958479621e-72'],
    ['15185141594316539992', '-3.623410418339401e+90'],
    ['4649865726061932816', '756.530226107252'],
    ['4740233356459538388', '8.285222164567819e+08'],
    ['4618878777885833861', '6.388453729085659'],
    ['4829879582068849088', '8.15547644380984e+14'],
    ['4595289988854818947', '0.1699187614024745'],
    ['4944187717496038639', '3.457165934398023e+22'],
    ['4547007122018943789', '0.0001'],
    ['4547007122018943788', '9.999999999999999e-05'],
    ['4532020583610935537', '1e-05'],
    ['1', '5e-324'],
    ['9218868437227405311', '1.7976931348623157e+308'],
  ])('formats the double with bits %s as Go does (%s)', (bits, text) => {
    expect(formatFloat(fromBits(bits))).toBe(text);
    expect(formatGoFloat(fromBits(bits))).toBe(text);
  });

  it('round-trips every finite double through Go’s float syntax', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = formatFloat(value);
        expect(parseGoFloat(text)).toBe(value === 0 ? 0 : value);
      }),
    );
  });

  it('uses the exponent form exactly outside [1e-4, 1e6), with a signed exponent of two or more digits', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        fc.pre(value !== 0);
        const text = formatFloat(value);
        const magnitude = Math.abs(value);
        if (magnitude >= 1e-4 && magnitude < 1e6) {
          expect(text).toMatch(/^-?\d+(\.\d*[1-9])?$/);
        } else {
          expect(text).toMatch(/^-?\d(\.\d*[1-9])?e[+-]\d{2,3}$/);
        }
      }),
    );
  });
});

describe('formatGoFloat', () => {
  it('keeps negative zero, as fmt.Sprint does', () => {
    expect(formatGoFloat(-0)).toBe('-0');
    expect(formatGoFloat(0)).toBe('0');
  });

  it('agrees with formatFloat on everything but negative zero', () => {
    fc.assert(
      fc.property(fc.double(), (value) => {
        fc.pre(!Object.is(value, -0));
        expect(formatGoFloat(value)).toBe(formatFloat(value));
      }),
    );
  });
});
