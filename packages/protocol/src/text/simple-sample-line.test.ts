import fc from 'fast-check';
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

  /** What a read found, comparable across readers. */
  function outcome(line: SimpleSampleLine, next: number): unknown {
    if (next === NOT_SIMPLE) return NOT_SIMPLE;
    return { next, name: line.name, labels: labelsOf(line), value: line.value, ts: line.timestampMs };
  }

  it('reads each line of a body as a fresh reader does, whatever the lines before it repeat', () => {
    // Tokens that are prefixes of one another, values with escapes, LF or
    // non-ASCII, and broken lines, so that repeats match partly or not at all.
    const name = fc.constantFrom('m', 'mm', 'm_sum', 'metric', 'metric_x', 'a:b');
    const labelName = fc.constantFrom('a', 'ab', 'abcd', 'abcde', 'le', 'instance');
    const labelValue = fc.constantFrom('', 'x', 'xy', 'xyzw', 'xyzwv', 'é', '\\', 'x y', '0.5', 'x\n');
    const label = fc.tuple(labelName, labelValue).map(([n, v]) => `${n}="${v}"`);
    const line = fc
      .tuple(
        name,
        fc.option(fc.array(label, { maxLength: 4 }), { nil: undefined }),
        fc.constantFrom(' 1', ' -2.5', ' 3 1000', '\t7', ' x', '', '{', ' 1 2 3'),
      )
      .map(([n, labels, tail]) => `${n}${labels === undefined ? '' : `{${labels.join(',')}}`}${tail}\n`);
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), (lines) => {
        const bytes = new TextEncoder().encode(lines.join(''));
        const view = viewOf(bytes);
        const reused = new SimpleSampleLine();
        let start = 0;
        while (start < bytes.length) {
          const fresh = new SimpleSampleLine();
          const expected = outcome(fresh, fresh.read(bytes, view, start));
          expect(outcome(reused, reused.read(bytes, view, start))).toEqual(expected);
          start = bytes.indexOf(0x0a, start) + 1;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('does not take a token of another body for a repeat', () => {
    const line = new SimpleSampleLine();
    const first = new TextEncoder().encode('m{a="x"} 1\n');
    const second = new TextEncoder().encode('n{b="y"} 2\n');
    line.read(first, viewOf(first), 0);
    expect(line.read(second, viewOf(second), 0)).toBe(second.length);
    expect(line.name).toBe('n');
    expect(labelsOf(line)).toEqual([['b', 'y']]);
  });

  it("reads a token that extends the previous line's one in full", () => {
    const line = new SimpleSampleLine();
    const bytes = new TextEncoder().encode('m{a="x"} 1\nmm{ab="xy"} 2\nm{a="x"}3\n');
    const view = viewOf(bytes);
    let next = line.read(bytes, view, 0);
    next = line.read(bytes, view, next);
    expect(line.name).toBe('mm');
    expect(labelsOf(line)).toEqual([['ab', 'xy']]);
    expect(line.read(bytes, view, next)).toBe(bytes.length);
    expect(line.name).toBe('m');
    expect(labelsOf(line)).toEqual([['a', 'x']]);
    expect(line.value).toBe(3);
  });
});
