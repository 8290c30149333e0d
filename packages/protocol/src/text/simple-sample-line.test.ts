import { describe, expect, it } from 'vitest';
import { viewOf } from './byte-strings.js';
import { NOT_SIMPLE, SimpleSampleLine } from './simple-sample-line.js';

/** Reads the first line of `text` (as UTF-8, or as raw bytes when given bytes). */
function read(body: string | Uint8Array): { next: number; line: SimpleSampleLine } {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const line = new SimpleSampleLine();
  return { next: line.read(bytes, viewOf(bytes), 0), line };
}

function labelsOf(line: SimpleSampleLine): [string, string][] {
  return line.labelNames.slice(0, line.labelCount).map((name, i) => [name, line.labelValues[i]!]);
}

describe('SimpleSampleLine.read', () => {
  it('reads a plain line and returns the index past its LF', () => {
    const { next, line } = read('http_requests_total{method="post",code="200"} 1027 1395066363000\nnext 1\n');
    expect(next).toBe('http_requests_total{method="post",code="200"} 1027 1395066363000\n'.length);
    expect(line.name).toBe('http_requests_total');
    expect(labelsOf(line)).toEqual([
      ['method', 'post'],
      ['code', '200'],
    ]);
    expect(line.value).toBe(1027);
    expect(line.timestampMs).toBe(1395066363000n);
  });

  it.each([
    ['no labels', 'm 1\n', 'm', [], 1],
    ['empty braces', 'm{} -2.5\n', 'm', [], -2.5],
    ['a trailing comma', 'm{a="x",} 3\n', 'm', [['a', 'x']], 3],
    ['a value glued to the brace', 'm{a="x"}4\n', 'm', [['a', 'x']], 4],
    ['tabs and several blanks', 'm\t \t5\n', 'm', [], 5],
    ['an empty label value', 'm{a=""} 6\n', 'm', [['a', '']], 6],
    ['UTF-8 in a value', 'm{a="日本é"} 7\n', 'm', [['a', '日本é']], 7],
    ['a colon in the name', 'a:b_c{le="+Inf"} 8\n', 'a:b_c', [['le', '+Inf']], 8],
    ['a 17-digit value', 'm 0.30000000000000004\n', 'm', [], 0.30000000000000004],
    ['an exponent', 'm 1.5e-7\n', 'm', [], 1.5e-7],
    ['special values', 'm -Inf\n', 'm', [], Number.NEGATIVE_INFINITY],
  ])('reads %s', (_, text, name, labels, value) => {
    const { next, line } = read(text);
    expect(next).toBe(new TextEncoder().encode(text).length);
    expect(line.name).toBe(name);
    expect(labelsOf(line)).toEqual(labels);
    expect(line.value).toBe(value);
    expect(line.timestampMs).toBeUndefined();
  });

  it('reads NaN as a value', () => {
    expect(Number.isNaN(read('m NaN\n').line.value)).toBe(true);
  });

  it('forgets the labels of the previous line', () => {
    const line = new SimpleSampleLine();
    const bytes = new TextEncoder().encode('m{a="1",b="2"} 1\nm{c="3"} 2\n');
    const view = viewOf(bytes);
    const next = line.read(bytes, view, 0);
    expect(line.read(bytes, view, next)).toBe(bytes.length);
    expect(labelsOf(line)).toEqual([['c', '3']]);
  });

  it.each([
    ['a comment', '# HELP m x\n'],
    ['a leading blank', ' m 1\n'],
    ['a quoted name', '"m" 1\n'],
    ['a name starting with a digit', '1m 1\n'],
    ['a line starting with a brace', '{m} 1\n'],
    ['a blank before the brace', 'm {a="x"} 1\n'],
    ['a blank inside the braces', 'm{ a="x"} 1\n'],
    ['a blank before the equals sign', 'm{a ="x"} 1\n'],
    ['a blank after a value', 'm{a="x" } 1\n'],
    ['a quoted label name', 'm{"a"="x"} 1\n'],
    ['an escape in a value', 'm{a="x\\\\y"} 1\n'],
    ['an unquoted value', 'm{a=x} 1\n'],
    ['a missing final LF', 'm 1'],
    ['a missing value', 'm \n'],
    ['a name glued to a value', 'm+1\n'],
    ['a carriage return', 'm 1\r\n'],
    ['a hex value', 'm 0x1\n'],
    ['an overflowing value', 'm 1e400\n'],
    ['a timestamp with a fraction', 'm 1 1.5\n'],
    ['a timestamp out of range', 'm 1 9223372036854775808\n'],
    ['an empty timestamp', 'm 1 \n'],
    ['text after the timestamp', 'm 1 2 3\n'],
    ['a blank after the timestamp', 'm 1 2 \n'],
  ])('leaves %s to the state machine', (_, text) => {
    expect(read(text).next).toBe(NOT_SIMPLE);
  });

  it('leaves invalid UTF-8 in a value or a value token to the state machine', () => {
    expect(
      read(Uint8Array.from([0x6d, 0x7b, 0x61, 0x3d, 0x22, 0xff, 0x22, 0x7d, 0x20, 0x31, 0x0a])).next,
    ).toBe(NOT_SIMPLE);
    expect(read(Uint8Array.from([0x6d, 0x20, 0xc3, 0xa9, 0x0a])).next).toBe(NOT_SIMPLE);
  });
});
