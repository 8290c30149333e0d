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

const CHAR_PLUS = 0x2b;
const CHAR_MINUS = 0x2d;
const CHAR_DOT = 0x2e;
const CHAR_0 = 0x30;
const CHAR_9 = 0x39;
const CHAR_LOWER_E = 0x65;
const CHAR_UPPER_E = 0x45;

/** Integers of up to this many digits are exact in a double and are summed directly. */
const EXACT_INTEGER_DIGITS = 15;
/** 10^0 .. 10^15, all exact doubles. */
const POWERS_OF_TEN: readonly number[] = Array.from({ length: EXACT_INTEGER_DIGITS + 1 }, (_, k) => 10 ** k);

const TWO_POW_63 = 2 ** 63;
const TWO_POW_64 = 2 ** 64;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_HIGH_BIT = 2n ** 63n;

function isDigit(c: number): boolean {
  return c >= CHAR_0 && c <= CHAR_9;
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
    // Fast path for short plain decimals (`42`, `0.25`, `1234.568`): with at
    // most 15 digits they form an exact integer, and dividing that by an exact
    // power of ten is one correctly rounded operation (strtod's fast path).
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
    if (j === end && digits > 0 && digits <= EXACT_INTEGER_DIGITS) {
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
  if (Number.isInteger(value) && value >= 0 && value < TWO_POW_64) return BigInt(value);
  return undefined;
}
