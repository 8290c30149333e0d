import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { longDecimalValue } from './long-decimal.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** longDecimalValue of a whole string. */
function convert(text: string): number | undefined {
  const bytes = encode(text);
  return longDecimalValue(bytes, 0, bytes.length);
}

/** Converts as the parser does: the fast conversion, or Number() where it declines. */
function converted(text: string): number {
  return convert(text) ?? Number(text);
}

/** A plain decimal of `digits` (no leading zero unless it is "0") with the point after `point` of them. */
function withPoint(digits: string, point: number): string {
  if (point >= digits.length) return digits;
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** A deterministic stream of doubles spread over the plain range, for a large sample. */
function* sampleDoubles(count: number): Generator<number> {
  let state = 0x2545f491;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  for (let n = 0; n < count; n++) yield (next() + next() / 2 ** 32) * 10 ** Math.floor(next() * 12 - 5);
}

describe('longDecimalValue', () => {
  it('converts what doubles print as exactly as Number() does, declining hardly any', () => {
    const wrong: string[] = [];
    let declined = 0;
    let tried = 0;
    for (const value of sampleDoubles(200_000)) {
      const text = String(value);
      if (text.includes('e')) continue;
      tried++;
      const fast = convert(text);
      if (fast === undefined) declined++;
      else if (fast !== value) wrong.push(text);
    }
    expect(wrong).toEqual([]);
    expect(tried).toBeGreaterThan(150_000);
    expect(declined).toBeLessThan(tried / 1000);
  });

  it('converts any 16 or 17 digits with the point anywhere, exactly as Number() does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 15, maxLength: 16 }),
        fc.integer({ min: -5, max: 18 }),
        (lead, rest, point) => {
          const text = withPoint(`${lead}${rest.join('')}`, point);
          expect(converted(text)).toBe(Number(text));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('converts digit strings full of 9s and 0s, near the edges of binades, as Number() does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(0, 9, 4, 5), { minLength: 15, maxLength: 16 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: -3, max: 17 }),
        (rest, lead, point) => {
          const text = withPoint(`${lead}${rest.join('')}`, point);
          expect(converted(text)).toBe(Number(text));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it.each([
    // Exactly half-way between two doubles: ties to even, left to Number().
    ['9007199254740993'],
    ['9007199254740995'],
    ['4503599627370496.5'],
    ['4503599627370497.5'],
    ['2251799813685248.25'],
    // Powers of two and their neighbours.
    ['9007199254740992'],
    ['18014398509481984'],
    ['1125899906842624.0'],
    ['0.1000000000000000055511151231257827'],
    ['0.30000000000000004'],
    ['1234.5678901234567'],
    ['99999999999999999'],
    ['0.0000012345678901234567'],
  ])('converts %s as Number() does', (text) => {
    expect(converted(text)).toBe(Number(text));
  });

  it('declines ties and more digits than it can hold exactly', () => {
    expect(convert('9007199254740993')).toBeUndefined();
    expect(convert('4503599627370496.5')).toBeUndefined();
    expect(convert('123456789012345678')).toBeUndefined();
    expect(convert('0.00000000000000000000001234567890123456')).toBeUndefined();
  });

  it('converts without declining the usual 17-digit values', () => {
    expect(convert('1234.5678901234567')).toBe(1234.5678901234567);
    expect(convert('0.30000000000000004')).toBe(0.30000000000000004);
    expect(convert('39595.615000000005')).toBe(39595.615000000005);
  });
});
