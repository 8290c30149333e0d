import { describe, expect, it } from 'vitest';
import { formatGoDuration, parseGoDuration } from './go-duration.js';

const NS = 1n;
const MS = 1_000_000n;
const S = 1000n * MS;
const M = 60n * S;
const H = 60n * M;

describe('parseGoDuration', () => {
  it('reads Go duration syntax', () => {
    const cases: [string, bigint][] = [
      ['5m', 5n * M],
      ['1h30m', H + 30n * M],
      ['1.5h', H + 30n * M],
      ['300ms', 300n * MS],
      ['2h45m10.5s', 2n * H + 45n * M + 10n * S + 500n * MS],
      ['1µs', 1000n * NS],
      ['1μs', 1000n * NS],
      ['1us', 1000n * NS],
      ['7ns', 7n * NS],
      ['0', 0n],
      ['-5m', -5n * M],
      ['+5m', 5n * M],
      ['.5s', 500n * MS],
      ['5.s', 5n * S],
    ];
    for (const [text, nanoseconds] of cases)
      expect({ text, ...parseGoDuration(text) }).toEqual({ text, nanoseconds });
  });

  it('refuses anything else with Go’s messages', () => {
    const cases: [string, string][] = [
      ['abc', 'time: invalid duration "abc"'],
      ['', 'time: invalid duration ""'],
      ['5', 'time: missing unit in duration "5"'],
      ['5x', 'time: unknown unit "x" in duration "5x"'],
      ['.s', 'time: invalid duration ".s"'],
      ['1m5', 'time: missing unit in duration "1m5"'],
      ['9999999999h', 'time: invalid duration "9999999999h"'],
      ['5 m', 'time: unknown unit " m" in duration "5 m"'],
      ['1\u00e9s', 'time: unknown unit "\\xc3\\xa9s" in duration "1\\xc3\\xa9s"'],
    ];
    for (const [text, error] of cases) expect({ text, ...parseGoDuration(text) }).toEqual({ text, error });
  });
});

describe('formatGoDuration', () => {
  it('prints like Go’s Duration.String', () => {
    const cases: [bigint, string][] = [
      [0n, '0s'],
      [5n * M, '5m0s'],
      [H + 30n * M, '1h30m0s'],
      [1500n * MS, '1.5s'],
      [300n * MS, '300ms'],
      [1500n * NS, '1.5µs'],
      [7n * NS, '7ns'],
      [-2n * H, '-2h0m0s'],
      [100n * H + 1n, '100h0m0.000000001s'],
    ];
    for (const [nanoseconds, text] of cases) expect(formatGoDuration(nanoseconds)).toBe(text);
  });
});
