/**
 * Base64url (RFC 4648 §5) as the Pushgateway uses it for `@base64` path
 * segments. Decoding reproduces Go's
 * `base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))` byte for
 * byte, including its error offsets; encoding writes the unpadded form.
 * Portable: no `Buffer`, so it runs in browsers too.
 */

import { ProtocolError } from './errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Sextet value of each ASCII code, or -1 when the character is not in the alphabet. */
const SEXTET_OF_ASCII: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

const CHAR_LF = 0x0a;
const CHAR_CR = 0x0d;
const CHAR_EQUALS = 0x3d;

function illegalByte(offset: number): ProtocolError {
  return new ProtocolError('invalid_base64', `illegal base64 data at input byte ${offset}`);
}

/** The outcome of decoding base64 the way Go does: the bytes and, on failure, the error. */
export interface Base64UrlDecoding {
  /**
   * The decoded bytes; after an error, those of the complete groups of four
   * characters before the failing one (what Go returns with its error).
   */
  readonly bytes: Uint8Array;
  readonly error?: ProtocolError;
}

/**
 * Decodes base64url the way the Go pushgateway does
 * (`RawURLEncoding.DecodeString(strings.TrimRight(s, "="))`): every trailing
 * `=` is stripped, then the rest is decoded unpadded. CR and LF are skipped;
 * a final group of a single character, `=` elsewhere and characters outside
 * the URL-safe alphabet are errors. Unused trailing bits are ignored.
 *
 * Errors are returned, not thrown: a {@link ProtocolError} with code
 * `invalid_base64` and message `illegal base64 data at input byte N`, with
 * Go's N (an offset into the input after stripping, equal to the byte offset
 * since everything before the offending character is ASCII).
 */
export function decodeBase64UrlPartially(s: string): Base64UrlDecoding {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === CHAR_EQUALS) end--;

  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let written = 0;
  let si = 0;
  for (;;) {
    // One quantum of up to four sextets, following Go's decodeQuantum.
    let acc = 0;
    let sextets = 0;
    while (sextets < 4) {
      if (si === end) break;
      const c = s.charCodeAt(si);
      si++;
      const sextet = c < 128 ? (SEXTET_OF_ASCII[c] ?? -1) : -1;
      if (sextet >= 0) {
        acc = (acc << 6) | sextet;
        sextets++;
        continue;
      }
      if (c === CHAR_LF || c === CHAR_CR) continue;
      return { bytes: out.slice(0, written), error: illegalByte(si - 1) };
    }
    switch (sextets) {
      case 4:
        out[written++] = acc >>> 16;
        out[written++] = (acc >>> 8) & 0xff;
        out[written++] = acc & 0xff;
        continue;
      case 3:
        out[written++] = acc >>> 10;
        out[written++] = (acc >>> 2) & 0xff;
        break;
      case 2:
        out[written++] = acc >>> 4;
        break;
      case 1:
        // A lone final character: Go reports the offset of the last input
        // character, even when that is a skipped CR or LF.
        return { bytes: out.slice(0, written), error: illegalByte(si - 1) };
    }
    return { bytes: out.slice(0, written) };
  }
}

/**
 * Decodes base64url with Go's exact semantics (see
 * {@link decodeBase64UrlPartially}).
 *
 * @throws {ProtocolError} code `invalid_base64`,
 *   `illegal base64 data at input byte N`.
 */
export function decodeBase64Url(s: string): Uint8Array {
  const { bytes, error } = decodeBase64UrlPartially(s);
  if (error !== undefined) throw error;
  return bytes;
}

/** Encodes bytes as unpadded base64url (`-` and `_`, no `=`), the form Go's `RawURLEncoding` writes. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] ?? 0) << 16;
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]!;
  } else if (rest === 2) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]!;
  }
  return out;
}
