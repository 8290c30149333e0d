import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DECLINED, writeShortestPlain } from './shortest-float.js';

const buffer = new Uint8Array(64);
const decoder = new TextDecoder();

/** What writeShortestPlain writes for `value`, or undefined when it declines. */
function written(value: number): string | undefined {
  buffer.fill(0x7e);
  const end = writeShortestPlain(buffer, 3, value);
  return end === DECLINED ? undefined : decoder.decode(buffer.subarray(3, end));
}

/** Whether `value` is one writeShortestPlain takes: plain form, not an integer. */
function inScope(value: number): boolean {
  const magnitude = Math.abs(value);
  return magnitude >= 1e-4 && magnitude < 1e6 && !Number.isInteger(value);
}

/** Doubles of random bits with binary exponents covering [1e-4, 1e6), from a fixed seed. */
function* randomDoubles(count: number): Generator<number> {
  let state = 0x9e3779b9;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const bits = new DataView(new ArrayBuffer(8));
  for (let n = 0; n < count; n++) {
    bits.setUint32(0, next(), true);
    bits.setUint32(4, (((1023 - 14 + (next() % 34)) << 20) | (next() & 0xfffff)) >>> 0, true);
    yield bits.getFloat64(0, true);
  }
}

/** Compares with String() over `values`, returning the mismatches and how many were declined. */
function compare(values: Iterable<number>): { wrong: string[]; declined: number; tried: number } {
  const wrong: string[] = [];
  let declined = 0;
  let tried = 0;
  for (const value of values) {
    if (!inScope(value)) continue;
    tried++;
    const text = written(value);
    if (text === undefined) declined++;
    else if (text !== String(value)) wrong.push(`${String(value)} written as ${text}`);
  }
  return { wrong, declined, tried };
}

describe('writeShortestPlain', () => {
  it('writes random doubles exactly as String() does, declining hardly any', () => {
    const { wrong, declined, tried } = compare(randomDoubles(300_000));
    expect(wrong).toEqual([]);
    expect(tried).toBeGreaterThan(200_000);
    expect(declined).toBeLessThan(tried / 10_000);
  });

  it('writes short decimals, their neighbours and their negatives as String() does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99_999_999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(-1, 0, 1),
        fc.boolean(),
        (digits, places, nudge, negative) => {
          let value = digits / 10 ** places;
          if (nudge !== 0) value = nudge > 0 ? nextUp(value) : nextDown(value);
          if (negative) value = -value;
          expect(compare([value]).wrong).toEqual([]);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it.each([
    [0.1, '0.1'],
    [0.30000000000000004, '0.30000000000000004'],
    [-0.005, '-0.005'],
    [0.0001, '0.0001'],
    [0.00012345678901234567, '0.00012345678901234567'],
    [999999.9999999999, '999999.9999999999'],
    [1234.5678901234567, '1234.5678901234567'],
    [39595.615000000005, '39595.615000000005'],
  ])('writes %s as %s', (value, text) => {
    expect(written(value)).toBe(text);
  });

  it('declines powers of two, where the rounding interval is lopsided', () => {
    expect(written(0.5)).toBeUndefined();
    expect(written(0.125)).toBeUndefined();
    expect(written(2 ** -13)).toBeUndefined();
  });

  it('writes nothing past the text it returns the end of', () => {
    buffer.fill(0x7e);
    const end = writeShortestPlain(buffer, 0, 1.25e-4 + 1e-19);
    expect(end).not.toBe(DECLINED);
    expect(buffer[end]).toBe(0x7e);
  });
});

const bits = new DataView(new ArrayBuffer(8));

/** The next double above positive `value`. */
function nextUp(value: number): number {
  bits.setFloat64(0, value);
  bits.setBigUint64(0, bits.getBigUint64(0) + 1n);
  return bits.getFloat64(0);
}

/** The next double below positive `value`. */
function nextDown(value: number): number {
  bits.setFloat64(0, value);
  bits.setBigUint64(0, bits.getBigUint64(0) - 1n);
  return bits.getFloat64(0);
}
