/**
 * How the text parser sees bytes. Go's expfmt reads the body byte by byte and
 * only notices invalid UTF-8 where it validates (label values, names); its
 * error messages then quote the raw bytes (`"\xff"`). To parse a JavaScript
 * string yet keep those bytes, invalid UTF-8 is decoded losslessly: every byte
 * that does not start a valid sequence becomes a lone low surrogate
 * U+DC80..U+DCFF carrying it (the "surrogateescape" idea). Valid UTF-8 never
 * decodes to a lone surrogate, so the mapping is unambiguous, and a string is
 * valid UTF-8 exactly when it is well-formed UTF-16.
 */

const ESCAPED_BYTE_BASE = 0xdc00;
const ESCAPED_BYTE_MIN = 0xdc80;
const ESCAPED_BYTE_MAX = 0xdcff;

/** A body decoded for the parser. */
export interface DecodedBody {
  text: string;
  /** Whether the bytes were valid UTF-8 (then `text` holds no lone surrogate). */
  valid: boolean;
}

// `ignoreBOM: true` keeps a leading BOM in the text: Go does not strip it
// either (and then refuses the first line).
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The raw byte a lone surrogate from {@link decodeUtf8Lossless} stands for, if it is one. */
export function escapedByteOf(unit: number): number | undefined {
  return unit >= ESCAPED_BYTE_MIN && unit <= ESCAPED_BYTE_MAX ? unit - ESCAPED_BYTE_BASE : undefined;
}

/**
 * Decodes `bytes` as UTF-8, mapping each byte Go's `utf8.DecodeRune` would
 * reject (bad lead byte, bad or missing continuation, overlong form, surrogate,
 * above U+10FFFF) to a lone surrogate, one per byte, as Go reports them.
 */
export function decodeUtf8Lossless(bytes: Uint8Array): DecodedBody {
  try {
    return { text: strictDecoder.decode(bytes), valid: true };
  } catch {
    return { text: decodeEscapingInvalid(bytes), valid: false };
  }
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 if Go would reject its first byte. */
function validSequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i] ?? 0;
  if (b0 < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => {
    const b = bytes[i + k];
    return b !== undefined && b >= lo && b <= hi;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (b0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b0 >= 0xe1 && b0 <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xf1 && b0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

function decodeEscapingInvalid(bytes: Uint8Array): string {
  const units: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i] ?? 0;
    const length = validSequenceLength(bytes, i);
    if (length === 0) {
      units.push(ESCAPED_BYTE_BASE + b0);
      i++;
      continue;
    }
    let codePoint = length === 1 ? b0 : b0 & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) codePoint = (codePoint << 6) | ((bytes[i + k] ?? 0) & 0x3f);
    if (codePoint >= 0x10000) {
      codePoint -= 0x10000;
      units.push(0xd800 + (codePoint >> 10), 0xdc00 + (codePoint & 0x3ff));
    } else {
      units.push(codePoint);
    }
    i += length;
  }
  const CHUNK = 8192;
  let text = '';
  for (let start = 0; start < units.length; start += CHUNK) {
    text += String.fromCharCode(...units.slice(start, start + CHUNK));
  }
  return text;
}

/**
 * The byte Go's parser holds as `currentByte` when it stands at the character
 * at `index` of `text`: the first byte of that character's UTF-8 encoding (or
 * the escaped raw byte itself).
 */
export function firstUtf8Byte(text: string, index: number): number {
  const unit = text.charCodeAt(index);
  if (unit < 0x80) return unit;
  if (unit < 0x800) return 0xc0 | (unit >> 6);
  if (unit >= 0xd800 && unit <= 0xdfff) {
    const escaped = escapedByteOf(unit);
    if (escaped !== undefined) return escaped;
    const next = text.charCodeAt(index + 1);
    if (unit < 0xdc00 && next >= 0xdc00 && next <= 0xdfff) {
      const codePoint = ((unit - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
      return 0xf0 | (codePoint >> 18);
    }
    // A lone surrogate typed into a JavaScript string: Go would see its
    // three-byte (invalid) encoding, which starts with 0xed.
    return 0xed;
  }
  return 0xe0 | (unit >> 12);
}

type WellFormedCheck = { isWellFormed?: () => boolean };

/** Whether `text` has no lone surrogate, i.e. encodes to (or came from) valid UTF-8. */
export function isWellFormedText(text: string): boolean {
  const native = (text as unknown as WellFormedCheck).isWellFormed;
  if (native !== undefined) return native.call(text);
  return firstLoneSurrogate(text) === -1;
}

/** Index of the first lone surrogate in `text`, or -1. */
export function firstLoneSurrogate(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (unit < 0xdc00 && next >= 0xdc00 && next <= 0xdfff) {
      i++;
      continue;
    }
    return i;
  }
  return -1;
}
