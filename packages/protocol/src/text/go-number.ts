/**
 * The number syntax of the text format as Go's expfmt reads it: sample values
 * and `le`/`quantile` through `strconv.ParseFloat` (after refusing `p`, `P`
 * and `_`), timestamps through `strconv.ParseInt(s, 10, 64)`, and the float to
 * uint64 conversion applied to summary counts.
 *
 * JavaScript's `Number()` accepts things Go refuses (`0x1F`, `''`, `' 1 '`,
 * `Infinity` only in one spelling), so the grammar is checked here first and
 * `Number()` only does the correctly rounded conversion of a plain decimal.
 */

import { asciiSlice } from './byte-strings.js';
import { longDecimalValue } from './long-decimal.js';
import { bigintOf } from './small-bigints.js';

const CHAR_PLUS = 0x2b;
const CHAR_MINUS = 0x2d;
const CHAR_DOT = 0x2e;
const CHAR_0 = 0x30;
const CHAR_9 = 0x39;
const CHAR_LOWER_E = 0x65;
const CHAR_UPPER_E = 0x45;

/** Integers of up to this many digits are exact in a double and are summed directly. */
const EXACT_INTEGER_DIGITS = 15;
/** Below this, every integer is exact in a double. */
const TWO_POW_53 = 2 ** 53;
/** 10^22 is the largest power of ten that is an exact double. */
const MAX_EXACT_POWER_OF_TEN = 22;
/** 10^0 .. 10^22, all exact doubles. */
const POWERS_OF_TEN: readonly number[] = Array.from(
  { length: MAX_EXACT_POWER_OF_TEN + 1 },
  (_, k) => 10 ** k,
);

const TWO_POW_63 = 2 ** 63;
const TWO_POW_64 = 2 ** 64;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_HIGH_BIT = 2n ** 63n;

function isDigit(c: number): boolean {
  return c >= CHAR_0 && c <= CHAR_9;
}

/**
 * Whether the decimal with digits `mantissa` (as accumulated digit by digit)
 * and `fractionDigits` digits after the point is `mantissa / 10^fractionDigits`
 * computed exactly once: true when both are exact doubles, so that the one
 * division rounds correctly (Clinger's fast path, as in strtod and Go). The
 * accumulated mantissa is below 2^53 exactly when the true one is, since
 * every partial sum is exact until one reaches 2^53.
 */
function isExactDecimal(mantissa: number, fractionDigits: number): boolean {
  return mantissa < TWO_POW_53 && fractionDigits <= MAX_EXACT_POWER_OF_TEN;
}

/**
 * Whether `s[start, end)` is a decimal float as `strconv.ParseFloat` reads it
 * without a base prefix: digits with at most one `.` (at least one digit in
 * all) and an optional `e`/`E` exponent with optional sign and at least one digit.
 */
function isDecimalFloat(s: string, start: number, end: number): boolean {
  let i = start;
  let digits = 0;
  let sawDot = false;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) {
      digits++;
    } else if (c === CHAR_DOT && !sawDot) {
      sawDot = true;
    } else {
      break;
    }
  }
  if (digits === 0) return false;
  if (i === end) return true;
  const e = s.charCodeAt(i);
  if (e !== CHAR_LOWER_E && e !== CHAR_UPPER_E) return false;
  i++;
  const sign = s.charCodeAt(i);
  if (sign === CHAR_PLUS || sign === CHAR_MINUS) i++;
  if (i === end) return false;
  for (; i < end; i++) {
    if (!isDigit(s.charCodeAt(i))) return false;
  }
  return true;
}

/** `s[start, end)` lower-cased equals `word` (ASCII only; `word` is lower case). */
function equalsIgnoreAsciiCase(s: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) {
    if ((s.charCodeAt(start + i) | 0x20) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Parses `s[start, end)` as expfmt's `parseFloat` does, returning `undefined`
 * where Go returns an error: decimal floats (`1`, `-3e3`, `.5`, `5.`, `+5`,
 * `0001`), `NaN` and `[+-]Inf`/`[+-]Infinity` in any case; no hex, octal,
 * binary, digit separators, or signed NaN; overflow to infinity is an error,
 * underflow silently gives zero.
 */
export function parseGoFloat(s: string, start = 0, end: number = s.length): number | undefined {
  if (start >= end) return undefined;
  let i = start;
  let c = s.charCodeAt(i);
  const signed = c === CHAR_MINUS || c === CHAR_PLUS;
  if (signed) {
    i++;
    if (i === end) return undefined;
    c = s.charCodeAt(i);
  }
  if (isDigit(c) || c === CHAR_DOT) {
    // Fast path for plain decimals (`42`, `0.25`, `1234.5678901234`): see
    // isExactDecimal.
    let mantissa = 0;
    let digits = 0;
    let fractionDigits = 0;
    let sawDot = false;
    let j = i;
    for (; j < end; j++) {
      const d = s.charCodeAt(j);
      if (isDigit(d)) {
        mantissa = mantissa * 10 + (d - CHAR_0);
        digits++;
        if (sawDot) fractionDigits++;
      } else if (d === CHAR_DOT && !sawDot) {
        sawDot = true;
      } else {
        break;
      }
    }
    if (j === end && digits > 0 && isExactDecimal(mantissa, fractionDigits)) {
      const value = fractionDigits === 0 ? mantissa : mantissa / POWERS_OF_TEN[fractionDigits]!;
      return s.charCodeAt(start) === CHAR_MINUS ? -value : value;
    }
  }
  if (isDecimalFloat(s, i, end)) {
    const value = Number(s.slice(start, end));
    return Number.isFinite(value) ? value : undefined;
  }
  if (equalsIgnoreAsciiCase(s, i, end, 'inf') || equalsIgnoreAsciiCase(s, i, end, 'infinity')) {
    return s.charCodeAt(start) === CHAR_MINUS ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (!signed && equalsIgnoreAsciiCase(s, i, end, 'nan')) return Number.NaN;
  return undefined;
}

/**
 * Plain decimals shorter than this can neither overflow nor underflow (they
 * lie between 1e-299 and 1e299), so Go's ParseFloat and `Number()` agree on them.
 */
const SAFE_PLAIN_DECIMAL_LENGTH = 300;

/**
 * {@link parseGoFloat} of the bytes `bytes[start, end)`: plain decimals are
 * converted from the bytes directly when exact (see isExactDecimal), by
 * `Number()` when longer, anything else as the string of the bytes
 * (`undefined` for a byte outside ASCII, which no float has).
 */
export function parseGoFloatAscii(bytes: Uint8Array, start: number, end: number): number | undefined {
  let i = start;
  const first = bytes[i];
  if (first === CHAR_MINUS || first === CHAR_PLUS) i++;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  let sawDot = false;
  for (; i < end; i++) {
    const d = bytes[i]!;
    if (isDigit(d)) {
      mantissa = mantissa * 10 + (d - CHAR_0);
      digits++;
      if (sawDot) fractionDigits++;
    } else if (d === CHAR_DOT && !sawDot) {
      sawDot = true;
    } else {
      break;
    }
  }
  if (i === end && digits > 0) {
    if (isExactDecimal(mantissa, fractionDigits)) {
      const value = fractionDigits === 0 ? mantissa : mantissa / POWERS_OF_TEN[fractionDigits]!;
      return first === CHAR_MINUS ? -value : value;
    }
    // More digits (most doubles print with 17): converted exactly from the
    // bytes where that is certain, else by Number(), which rounds correctly
    // as Go does.
    const digitsStart = first === CHAR_MINUS || first === CHAR_PLUS ? start + 1 : start;
    const long = longDecimalValue(bytes, digitsStart, end);
    if (long !== undefined) return first === CHAR_MINUS ? -long : long;
    if (end - start < SAFE_PLAIN_DECIMAL_LENGTH) return Number(asciiSlice(bytes, start, end));
  }
  for (let j = start; j < end; j++) {
    if (bytes[j]! > 0x7f) return undefined;
  }
  return parseGoFloat(asciiSlice(bytes, start, end));
}

/**
 * {@link parseGoInt64} of the bytes `bytes[start, end)`, with plain digit
 * strings of up to 15 digits converted directly.
 */
export function parseGoInt64Ascii(bytes: Uint8Array, start: number, end: number): bigint | undefined {
  if (end - start <= EXACT_INTEGER_DIGITS && start < end) {
    let value = 0;
    let i = start;
    for (; i < end; i++) {
      const d = bytes[i]!;
      if (!isDigit(d)) break;
      value = value * 10 + (d - CHAR_0);
    }
    if (i === end) return bigintOf(value);
  }
  for (let j = start; j < end; j++) {
    if (bytes[j]! > 0x7f) return undefined;
  }
  return parseGoInt64(asciiSlice(bytes, start, end));
}

/**
 * Parses `s` as `strconv.ParseInt(s, 10, 64)`: an optional sign and decimal
 * digits (leading zeros allowed) within the int64 range; `undefined` otherwise.
 */
export function parseGoInt64(s: string): bigint | undefined {
  let i = 0;
  const first = s.charCodeAt(0);
  if (first === CHAR_PLUS || first === CHAR_MINUS) i = 1;
  if (i === s.length) return undefined;
  for (let j = i; j < s.length; j++) {
    if (!isDigit(s.charCodeAt(j))) return undefined;
  }
  const value = BigInt(s);
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

/**
 * Go's `uint64(value)` for a float64 on amd64 (the Pushgateway's platform),
 * which expfmt applies unchecked to summary `_count` values: truncation toward
 * zero, negative values wrap around (two's complement of the int64), and
 * anything Go cannot represent (NaN, ±Inf, >= 2^64, < -2^63) becomes 2^63.
 */
export function goFloatToUint64(value: number): bigint {
  // Small counts, the usual case, skip the general conversion.
  if (value >= 0 && value < TWO_POW_53) return bigintOf(Math.trunc(value));
  if (value < TWO_POW_63) {
    if (value <= -TWO_POW_63) return UINT64_HIGH_BIT;
    return BigInt.asUintN(64, BigInt(Math.trunc(value)));
  }
  // NaN also lands here: Go's `value < 2^63` test is false for it.
  const high = value - TWO_POW_63;
  if (high < TWO_POW_63) return BigInt(Math.trunc(high)) | UINT64_HIGH_BIT;
  return UINT64_HIGH_BIT;
}

/**
 * The count a histogram line stores as an integer: `value` when it is a whole
 * number that survives Go's `float64(uint64(value)) == value` round trip,
 * i.e. in [0, 2^64); `undefined` when expfmt falls back to a float count.
 */
export function exactUint64(value: number): bigint | undefined {
  if (Number.isInteger(value) && value >= 0 && value < TWO_POW_64) return bigintOf(value);
  return undefined;
}
