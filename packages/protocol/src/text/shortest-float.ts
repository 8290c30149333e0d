/**
 * The shortest round-tripping digits of a double, written straight into the
 * writer's buffer: what `String(value)` gives for a plain-form value, without
 * the runtime call and string it costs (most of the writer's time on sample
 * values, which are mostly distinct 16-17 digit doubles).
 *
 * The value scaled by 10^k into [10^16, 10^17) is computed exactly, as the
 * sum of two doubles (Dekker's exact product), and split into exact integer
 * parts; the half-width of its rounding interval scales exactly too. The
 * shortest digits are the fewest leading digits d such that a multiple of
 * 10^(17-d) lies inside the interval, the one nearest the value. Anything
 * that would need a closer look (a candidate on or near the edge of the
 * interval, two candidates equally near, a power of two, where the interval
 * is lopsided) is declined, and the caller uses `String(value)`.
 */

/** What {@link writeShortestPlain} returns when it leaves the value to `String()`. */
export const DECLINED = -1;

import { POWERS_OF_TEN, productError } from './exact-product.js';

const CHAR_0 = 0x30;
const DOT = 0x2e;
const MINUS = 0x2d;

const DIGITS = 17;
const LOG10_2 = Math.log10(2);
const LOW_SPLIT = 1e8;
const LOW_SPLIT_DIGITS = 8;
/** 10^0 .. 10^8 as int32, for integer remainders. */
const INT_POWERS_OF_TEN = Int32Array.from({ length: LOW_SPLIT_DIGITS + 1 }, (_, k) => 10 ** k);
/** Scaled distances this close to the interval's edge, or to each other, are in doubt. */
const DOUBT_MARGIN = 1e-6;

const scratch = new DataView(new ArrayBuffer(8));
/** The 17 digits of the scaled value, then of the chosen rounding. */
const digits = new Uint8Array(DIGITS);

/** The scaled value as exact parts: high * 10^8 + low + fraction, high of 9 digits. */
let high = 0;
let low = 0;
let fraction = 0;
/** Half the width of the rounding interval, scaled likewise. */
let halfWidth = 0;
/** Set when some candidate was too near an edge to judge. */
let doubtful = false;

/**
 * Distance from the scaled value down to the nearest multiple of 10^`power`
 * (`power` at most 16), or Infinity when it is clearly larger than the
 * half-width; exact wherever it could be small. (`high`, `low` and the
 * divisors are int32, so `%` is integer arithmetic.)
 */
function distanceDown(power: number): number {
  if (power <= LOW_SPLIT_DIGITS) return (low % INT_POWERS_OF_TEN[power]!) + fraction;
  return high % INT_POWERS_OF_TEN[power - LOW_SPLIT_DIGITS]! === 0
    ? low + fraction
    : Number.POSITIVE_INFINITY;
}

/** Distance from the scaled value up to the nearest multiple of 10^`power` above it, as {@link distanceDown}. */
function distanceUp(power: number): number {
  if (power <= LOW_SPLIT_DIGITS) {
    const step = INT_POWERS_OF_TEN[power]!;
    return step - (low % step) - fraction;
  }
  const highStep = INT_POWERS_OF_TEN[power - LOW_SPLIT_DIGITS]!;
  return highStep - (high % highStep) === 1 ? LOW_SPLIT - low - fraction : Number.POSITIVE_INFINITY;
}

/** Whether a multiple of 10^`power` lies strictly inside the rounding interval (flags doubt). */
function hasMultipleInside(power: number): boolean {
  const down = distanceDown(power);
  const up = distanceUp(power);
  const nearest = Math.min(down, up);
  if (Math.abs(nearest - halfWidth) <= DOUBT_MARGIN) doubtful = true;
  return nearest < halfWidth;
}

/**
 * Writes the shortest digits of `value` in plain form (`123.45`,
 * `-0.00012345`) at `buffer[at]`, returning the index past them, or
 * {@link DECLINED} having written nothing that counts. `value` must be
 * finite, not an integer, and of magnitude in [1e-4, 1e6), where Go and
 * JavaScript both use the plain form; the buffer needs 24 bytes of room.
 */
export function writeShortestPlain(buffer: Uint8Array, at: number, value: number): number {
  const x = value < 0 ? -value : value;
  scratch.setFloat64(0, x, true);
  const highWord = scratch.getUint32(4, true);
  if ((highWord & 0xfffff) === 0 && scratch.getUint32(0, true) === 0) return DECLINED;
  const exponent = highWord >>> 20;
  // The decimal exponent from the binary one, one too small at most.
  let k = 16 - Math.floor((exponent - 1023) * LOG10_2);
  if (k < 0 || k > 22) return DECLINED;
  let scaled = x * POWERS_OF_TEN[k]!;
  if (scaled >= 1e17 && k > 0) k--;
  else if (scaled < 1e16 && k < 22) k++;
  const power = POWERS_OF_TEN[k]!;
  scaled = x * power;
  if (scaled < 1e16 || scaled >= 1e17) return DECLINED;

  // Exact error of the product (Dekker): x * power = scaled + error.
  const error = productError(x, power, scaled);

  // `scaled` is an integer (above 2^53); split it and fold in the error.
  const wholeError = Math.floor(error);
  fraction = error - wholeError;
  let upper = Math.floor(scaled / LOW_SPLIT);
  let lower = scaled - upper * LOW_SPLIT + wholeError;
  while (lower < 0) {
    lower += LOW_SPLIT;
    upper--;
  }
  while (lower >= LOW_SPLIT) {
    lower -= LOW_SPLIT;
    upper++;
  }
  if (upper < 1e8 || upper >= 1e9) return DECLINED;
  high = upper | 0;
  low = lower | 0;

  scratch.setUint32(4, (exponent - 53) << 20, true);
  scratch.setUint32(0, 0, true);
  halfWidth = scratch.getFloat64(0, true) * power;

  // The fewest digits with a candidate inside: more digits never lose one.
  // Most doubles need 17 or 16; fewer are searched for by halving.
  doubtful = false;
  let fewest = 1;
  let most = DIGITS;
  if (!hasMultipleInside(1)) fewest = DIGITS;
  else if (!hasMultipleInside(2)) fewest = most = DIGITS - 1;
  else most = DIGITS - 2;
  while (fewest < most) {
    const middle = (fewest + most) >> 1;
    if (hasMultipleInside(DIGITS - middle)) most = middle;
    else fewest = middle + 1;
  }
  const count = fewest;
  const down = distanceDown(DIGITS - count);
  const up = distanceUp(DIGITS - count);
  const nearest = Math.min(down, up);
  if (doubtful || Math.abs(nearest - halfWidth) <= DOUBT_MARGIN || nearest >= halfWidth) return DECLINED;
  if (Math.abs(down - up) <= DOUBT_MARGIN) return DECLINED;

  let rest = high;
  for (let i = 8; i >= 0; i--) {
    const next = (rest / 10) | 0;
    digits[i] = rest - next * 10;
    rest = next;
  }
  rest = low;
  for (let i = 16; i >= 9; i--) {
    const next = (rest / 10) | 0;
    digits[i] = rest - next * 10;
    rest = next;
  }
  if (up < down) {
    let i = count - 1;
    while (i >= 0 && digits[i] === 9) digits[i--] = 0;
    if (i < 0) return DECLINED;
    digits[i]!++;
  }
  // Minimal digits end in a non-zero one; the value is not an integer.
  const integerDigits = DIGITS - k;
  if (digits[count - 1] === 0 || integerDigits >= count) return DECLINED;

  let out = at;
  if (value < 0) buffer[out++] = MINUS;
  if (integerDigits > 0) {
    for (let i = 0; i < integerDigits; i++) buffer[out++] = CHAR_0 + digits[i]!;
    buffer[out++] = DOT;
    for (let i = integerDigits; i < count; i++) buffer[out++] = CHAR_0 + digits[i]!;
  } else {
    buffer[out++] = CHAR_0;
    buffer[out++] = DOT;
    for (let i = integerDigits; i < 0; i++) buffer[out++] = CHAR_0;
    for (let i = 0; i < count; i++) buffer[out++] = CHAR_0 + digits[i]!;
  }
  return out;
}
