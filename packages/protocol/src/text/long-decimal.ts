/**
 * Plain decimals of 16 and 17 significant digits, the way most doubles are
 * written (`1234.5678901234567`), converted from their bytes without making
 * a string for `Number()`, which costs more than the conversion itself.
 *
 * The digits m (below 10^17) are held exactly as the sum of two doubles, and
 * m / 10^k is computed as a quotient q plus a correction c (double-double
 * arithmetic, Dekker's exact product), far more precisely than one double.
 * Rounding q + c to the nearest double is then only in doubt when c lies
 * within a hair of half-way between two doubles (ties included), or when q
 * is a power of two, where the spacing of doubles changes; there the caller
 * falls back to `Number()`. Elsewhere the result is the correctly rounded
 * value, as Go's ParseFloat and `Number()` give it.
 */

import { POWERS_OF_TEN, productError } from './exact-product.js';

const CHAR_0 = 0x30;
const CHAR_DOT = 0x2e;

/** More significant digits than this are left to `Number()`. */
const MAX_DIGITS = 17;
/** Digits gathered into the high part before the rest go into the low part. */
const HIGH_DIGITS = 9;
/** How close to a rounding boundary, in units of the last place, counts as in doubt. */
const DOUBT_MARGIN = 1e-6;

const scratch = new DataView(new ArrayBuffer(8));

/**
 * The value of the unsigned plain decimal `bytes[start, end)` (digits with
 * at most one `.`, already checked), correctly rounded, when it has at most
 * 17 significant digits and at most 22 after the point and the rounding is
 * certain; `undefined` otherwise, for the caller to convert another way.
 */
export function longDecimalValue(bytes: Uint8Array, start: number, end: number): number | undefined {
  let high = 0;
  let low = 0;
  let lowDigits = 0;
  let significant = 0;
  let fractionDigits = 0;
  let sawDot = false;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c === CHAR_DOT) {
      sawDot = true;
      continue;
    }
    if (sawDot) fractionDigits++;
    const digit = c - CHAR_0;
    if (significant === 0 && digit === 0) continue;
    if (++significant > MAX_DIGITS) return undefined;
    if (significant <= HIGH_DIGITS) {
      high = high * 10 + digit;
    } else {
      low = low * 10 + digit;
      lowDigits++;
    }
  }
  if (fractionDigits >= POWERS_OF_TEN.length) return undefined;

  // m = high * 10^lowDigits + low, exactly s + t. high * 10^lowDigits is
  // exact: high * 5^lowDigits < 10^9 * 5^8 < 2^53.
  const shifted = high * POWERS_OF_TEN[lowDigits]!;
  const s = shifted + low;
  const lowPart = s - shifted;
  const t = shifted - (s - lowPart) + (low - lowPart);

  // m / 10^k = q + c: q the rounded quotient, c the exact remainder over 10^k.
  let q = s;
  let c = t;
  if (fractionDigits > 0) {
    const divisor = POWERS_OF_TEN[fractionDigits]!;
    q = s / divisor;
    const product = q * divisor;
    // s - product is exact (they are within a factor of two of each other).
    c = (s - product - productError(q, divisor, product) + t) / divisor;
  }

  scratch.setFloat64(0, q, true);
  const highWord = scratch.getUint32(4, true);
  const lowWord = scratch.getUint32(0, true);
  const exponent = highWord >>> 20;
  // A power of two has a narrower gap below it; tiny values are left alone too.
  if (((highWord & 0xfffff) === 0 && lowWord === 0) || exponent <= 52) return undefined;
  scratch.setUint32(4, (exponent - 52) << 20, true);
  scratch.setUint32(0, 0, true);
  const ulp = scratch.getFloat64(0, true);

  const places = c / ulp;
  const distance = places < 0 ? -places : places;
  if (distance > 1.5 - DOUBT_MARGIN || Math.abs(distance - 0.5) < DOUBT_MARGIN) return undefined;
  if (distance < 0.5) return q;
  return places < 0 ? q - ulp : q + ulp;
}
