/**
 * Go's `%q` and `%c` renderings, so that parse errors quote offending input
 * byte for byte as expfmt's messages do (`got "1\r"`, `found '+'`,
 * `invalid label value "\xff"`).
 *
 * Input text reaches the parser as a JavaScript string in which each byte of
 * invalid UTF-8 is a lone low surrogate U+DC80..U+DCFF carrying that byte (see
 * `decodeUtf8Lossless`); those render as `\xNN` exactly where Go would.
 */

import { escapedByteOf } from './utf8-lossless.js';

const HEX = '0123456789abcdef';

/** Unicode's printable categories as Go's `unicode.IsPrint` defines them (space aside). */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's `strconv.IsPrint`. */
function isPrint(codePoint: number): boolean {
  if (codePoint < 0x100) {
    if (codePoint >= 0x20 && codePoint < 0x7f) return true;
    return codePoint >= 0xa1 && codePoint !== 0xad;
  }
  return PRINTABLE.test(String.fromCodePoint(codePoint));
}

function hex2(byte: number): string {
  return `${HEX[byte >> 4]}${HEX[byte & 0xf]}`;
}

function hexPadded(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

/** strconv's `appendEscapedRune` for a valid code point inside a `quote`-delimited literal. */
function escapeCodePoint(codePoint: number, quote: string): string {
  const char = String.fromCodePoint(codePoint);
  if (char === quote || char === '\\') return `\\${char}`;
  if (isPrint(codePoint)) return char;
  switch (codePoint) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
  }
  if (codePoint < 0x20 || codePoint === 0x7f) return `\\x${hex2(codePoint)}`;
  if (codePoint < 0x10000) return `\\u${hexPadded(codePoint, 4)}`;
  return `\\U${hexPadded(codePoint, 8)}`;
}

/** Whether `s` needs no escaping at all inside a Go double-quoted literal. */
function isPlainAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

/**
 * Go's `strconv.Quote(s)` (what `%q` prints for a string). Lone surrogates
 * stand for bytes of invalid UTF-8 and print as `\xNN`; a lone surrogate that
 * is not an escaped byte prints as the three bytes Go would see (`\xed\xa0\x80`).
 */
export function goQuote(s: string): string {
  if (isPlainAscii(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (unit < 0xdc00 && next >= 0xdc00 && next <= 0xdfff) {
        out += escapeCodePoint(((unit - 0xd800) << 10) + (next - 0xdc00) + 0x10000, '"');
        i++;
        continue;
      }
      const byte = escapedByteOf(unit);
      if (byte !== undefined) {
        out += `\\x${hex2(byte)}`;
      } else {
        out += `\\x${hex2(0xe0 | (unit >> 12))}\\x${hex2(0x80 | ((unit >> 6) & 0x3f))}\\x${hex2(0x80 | (unit & 0x3f))}`;
      }
      continue;
    }
    out += escapeCodePoint(unit, '"');
  }
  return `${out}"`;
}

/**
 * Go's `%q` applied to a single byte (expfmt's `currentByte`): the byte read as
 * a rune and quoted as a character literal, e.g. `'+'`, `'\n'`, `'Ã'` for 0xc3.
 */
export function goQuoteByte(byte: number): string {
  return `'${escapeCodePoint(byte, "'")}'`;
}

/** Go's `%c` applied to a single byte: the byte read as a rune (0xc3 prints as `Ã`). */
export function goByteAsRune(byte: number): string {
  return String.fromCharCode(byte);
}
