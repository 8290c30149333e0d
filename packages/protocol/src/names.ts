/**
 * Metric and label name rules of Prometheus, under the two validation schemes
 * the Pushgateway knows: `legacy` (the classic ASCII grammar, the default) and
 * `utf8` (`--push.enable-utf8-names`: any non-empty UTF-8 string).
 *
 * The legacy checks run for every label of every push, so they are plain
 * char-code loops rather than regular expressions.
 */

/** Which names are acceptable: the classic ASCII grammar or any UTF-8 string. */
export type NameValidation = 'legacy' | 'utf8';

const CHAR_0 = 0x30;
const CHAR_9 = 0x39;
const CHAR_COLON = 0x3a;
const CHAR_A = 0x41;
const CHAR_Z = 0x5a;
const CHAR_UNDERSCORE = 0x5f;
const CHAR_LOWER_A = 0x61;
const CHAR_LOWER_Z = 0x7a;

function isAsciiLetterOrUnderscore(c: number): boolean {
  return (c >= CHAR_LOWER_A && c <= CHAR_LOWER_Z) || (c >= CHAR_A && c <= CHAR_Z) || c === CHAR_UNDERSCORE;
}

function isAsciiDigit(c: number): boolean {
  return c >= CHAR_0 && c <= CHAR_9;
}

/**
 * Whether `s` is well-formed UTF-16, i.e. encodes to valid UTF-8: no lone
 * surrogate code units. (`String.prototype.isWellFormed` is not in our ES
 * target's typings.)
 */
export function isWellFormedUnicode(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c >= 0xdc00) return false;
    const next = s.charCodeAt(i + 1);
    if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
    i++;
  }
  return true;
}

/**
 * Whether `name` is a valid metric name: legacy `^[a-zA-Z_:][a-zA-Z0-9_:]*$`,
 * or under `utf8` any non-empty string that is valid UTF-8.
 */
export function isValidMetricName(name: string, validation: NameValidation): boolean {
  if (name.length === 0) return false;
  if (validation === 'utf8') return isWellFormedUnicode(name);
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (isAsciiLetterOrUnderscore(c) || c === CHAR_COLON || (i > 0 && isAsciiDigit(c))) continue;
    return false;
  }
  return true;
}

/**
 * Whether `name` is a valid label name: legacy `^[a-zA-Z_][a-zA-Z0-9_]*$`, or
 * under `utf8` any non-empty string that is valid UTF-8. Reserved names
 * (see {@link isReservedLabelName}) are valid here; callers that forbid them
 * check separately.
 */
export function isValidLabelName(name: string, validation: NameValidation): boolean {
  if (name.length === 0) return false;
  if (validation === 'utf8') return isWellFormedUnicode(name);
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (isAsciiLetterOrUnderscore(c) || (i > 0 && isAsciiDigit(c))) continue;
    return false;
  }
  return true;
}

/** Whether `name` starts with `__`, the prefix Prometheus reserves for internal labels. */
export function isReservedLabelName(name: string): boolean {
  return name.charCodeAt(0) === CHAR_UNDERSCORE && name.charCodeAt(1) === CHAR_UNDERSCORE;
}

/**
 * Escapes `name` with the `values` scheme so that {@link unescapeValuesName}
 * restores it: `U__` prefix, `_` doubled, ASCII letters and digits kept, every
 * other code point written as `_<lower-case hex>_` (`foo.bar` → `U__foo_2e_bar`).
 * Unlike Go's escaper it also escapes legacy-valid names and `:`, so the
 * result is always `[A-Za-z0-9_]+`. Code points from U+100000 up need six hex
 * digits, which Go's unescaper refuses; callers check the round trip.
 */
export function escapeValuesName(name: string): string {
  let out = 'U__';
  for (const char of name) {
    const c = char.codePointAt(0) ?? 0;
    if (c === CHAR_UNDERSCORE) out += '__';
    else if (isAsciiLetterOrUnderscore(c) || isAsciiDigit(c)) out += char;
    else out += `_${c.toString(16)}_`;
  }
  return out;
}

/** The largest number of hex digits Go's unescaper accepts in one `_<hex>_` escape. */
const MAX_ESCAPE_HEX_DIGITS = 5;

/**
 * Undoes the `values` escaping scheme (`U__` prefix, `__` for `_`, `_<hex>_`
 * for a code point), which the Pushgateway applies to URL label names under
 * `--push.enable-utf8-names`: `U__foo_2e_bar` → `foo.bar`.
 *
 * Mirrors Go's `model.UnescapeName(name, ValueEncodingEscaping)` exactly: a
 * name without the `U__` prefix, or with any malformed escape (dangling `_`,
 * a non-hex digit, more than five hex digits — Go's limit, although its own
 * escaper writes six for U+100000 and above — or a surrogate), is returned
 * unchanged.
 */
export function unescapeValuesName(name: string): string {
  if (!name.startsWith('U__')) return name;
  let out = '';
  let i = 3;
  while (i < name.length) {
    const c = name.charCodeAt(i);
    if (c !== CHAR_UNDERSCORE) {
      out += name[i];
      i++;
      continue;
    }
    i++;
    if (i >= name.length) return name;
    if (name.charCodeAt(i) === CHAR_UNDERSCORE) {
      out += '_';
      i++;
      continue;
    }
    let codePoint = 0;
    let digits = 0;
    for (;;) {
      if (i >= name.length) return name;
      const d = name.charCodeAt(i);
      if (d === CHAR_UNDERSCORE) break;
      const value = hexDigitValue(d);
      if (value < 0 || digits === MAX_ESCAPE_HEX_DIGITS) return name;
      codePoint = codePoint * 16 + value;
      digits++;
      i++;
    }
    // Five hex digits stay below U+10FFFF, so only surrogates can be invalid.
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) return name;
    out += String.fromCodePoint(codePoint);
    i++;
  }
  return out;
}

/**
 * The value of a hex digit, or -1. Go lower-cases with `c | 0x20`, which also
 * maps the control characters U+0010–U+0019 onto `0`–`9`; kept for parity.
 */
function hexDigitValue(c: number): number {
  const lower = c | 0x20;
  if (lower >= CHAR_0 && lower <= CHAR_9) return lower - CHAR_0;
  if (lower >= CHAR_LOWER_A && lower <= 0x66) return lower - CHAR_LOWER_A + 10;
  return -1;
}
