/**
 * Go's `%q` for the names and values the store quotes in its messages
 * (`strconv.Quote`): printable characters as they are, `"` and `\`
 * backslashed, `\n`-style escapes, `\xNN` for other control bytes and for
 * bytes of invalid UTF-8, `\uNNNN` / `\UNNNNNNNN` for other non-printable
 * characters. A lone surrogate U+DC80–U+DCFF stands for one byte of invalid
 * UTF-8 (as the text parser delivers it); any other lone surrogate prints as
 * the bytes of its (invalid) UTF-8 encoding.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    if (unit >= 0x20 && unit < 0x7f) {
      out += unit === 0x22 || unit === 0x5c ? `\\${s[i]}` : s[i];
      continue;
    }
    const codePoint = s.codePointAt(i) ?? unit;
    if (codePoint > 0xffff) {
      i++;
      out += escapeCodePoint(codePoint);
    } else if (unit >= 0xdc80 && unit <= 0xdcff) {
      out += `\\x${hex(unit - 0xdc00, 2)}`;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += `\\x${hex(0xe0 | (unit >> 12), 2)}\\x${hex(0x80 | ((unit >> 6) & 0x3f), 2)}\\x${hex(0x80 | (unit & 0x3f), 2)}`;
    } else {
      out += escapeCodePoint(codePoint);
    }
  }
  return `${out}"`;
}

const SHORT_ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x07, '\\a'],
  [0x08, '\\b'],
  [0x09, '\\t'],
  [0x0a, '\\n'],
  [0x0b, '\\v'],
  [0x0c, '\\f'],
  [0x0d, '\\r'],
]);

/** Go's `unicode.IsPrint` above Latin-1: letters, marks, numbers, punctuation, symbols. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

function escapeCodePoint(codePoint: number): string {
  const short = SHORT_ESCAPES.get(codePoint);
  if (short !== undefined) return short;
  if (codePoint < 0x20 || codePoint === 0x7f) return `\\x${hex(codePoint, 2)}`;
  if (isPrintable(codePoint)) return String.fromCodePoint(codePoint);
  return codePoint < 0x10000 ? `\\u${hex(codePoint, 4)}` : `\\U${hex(codePoint, 8)}`;
}

function isPrintable(codePoint: number): boolean {
  if (codePoint < 0x100) return codePoint >= 0xa1 && codePoint !== 0xad;
  return PRINTABLE.test(String.fromCodePoint(codePoint));
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}
