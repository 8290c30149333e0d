/**
 * Request paths as Go's net/http sees them: percent-decoded before routing
 * (so `%2F` splits segments), cleaned by ServeMux (`//`, `/./`, `/../` are
 * redirected), and escaped again for `Location` headers.
 *
 * A decoded path is a string whose bytes that are not valid UTF-8 are kept
 * as lone surrogates U+DC80–U+DCFF, one per byte (the convention of
 * @pushgate/protocol's grouping-key decoder), so no byte is lost.
 */
import { posix } from 'node:path';

/** The outcome of {@link decodeRequestPath}: the decoded path, or why it is malformed. */
export type DecodedPath = { readonly path: string } | { readonly error: string };

/**
 * Percent-decodes a raw request path as Go's `url.PathUnescape` does: every
 * `%` must start a two-digit hex escape; `+` stays `+`.
 */
export function decodeRequestPath(raw: string): DecodedPath {
  if (!/[%\x80-\xff]/.test(raw)) return { path: raw };
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code === 0x25) {
      const hex = raw.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex))
        return { error: `invalid URL escape ${JSON.stringify(raw.slice(i, i + 3))}` };
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      // Node reads the request line as Latin-1: each character is one byte.
      bytes.push(code & 0xff);
    }
  }
  return { path: decodeUtf8KeepingBytes(Uint8Array.from(bytes)) };
}

/**
 * Go ServeMux's `cleanPath`: a leading `/` ensured, `.` and `..` segments and
 * repeated slashes resolved, a trailing slash kept.
 */
export function cleanPath(path: string): string {
  return posix.normalize(path.startsWith('/') ? path : `/${path}`);
}

/** Characters Go leaves unescaped in a URL path (RFC 3986 unreserved, plus `$&+,/:;=@`). */
const GO_PATH_SAFE = /[A-Za-z0-9\-_.~$&+,/:;=@]/;

/**
 * Escapes a decoded path for a `Location` header exactly as Go's
 * `url.URL.EscapedPath` does for a path without a raw form.
 */
export function escapeGoPath(path: string): string {
  return escapeExcept(path, GO_PATH_SAFE);
}

/** Characters kept as they are in a routing path: RFC 3986 `pchar` minus `%`. */
const ROUTING_SAFE = /[A-Za-z0-9\-_.~!$&'()*+,;=:@/]/;

/**
 * A decoded path re-encoded for the router: every character outside RFC
 * 3986's `pchar` set (and every `%`) percent-escaped, so the path survives
 * koa's URL handling unchanged, while `/` stays the only segment separator
 * and literal route segments still match.
 */
export function toRoutingPath(decodedPath: string): string {
  return escapeExcept(decodedPath, ROUTING_SAFE);
}

/** The decoded path of a routing path made by {@link toRoutingPath}. */
export function fromRoutingPath(routingPath: string): string {
  const decoded = decodeRequestPath(routingPath);
  return 'path' in decoded ? decoded.path : routingPath;
}

function escapeExcept(path: string, safe: RegExp): string {
  let escaped = '';
  for (let i = 0; i < path.length; i++) {
    const char = path[i] ?? '';
    if (safe.test(char)) {
      escaped += char;
      continue;
    }
    const code = path.charCodeAt(i);
    if (code >= 0xdc80 && code <= 0xdcff) {
      escaped += percent(code - 0xdc00);
      continue;
    }
    const codePoint = path.codePointAt(i) ?? code;
    const whole = String.fromCodePoint(codePoint);
    for (const byte of Buffer.from(whole, 'utf8')) escaped += percent(byte);
    i += whole.length - 1;
  }
  return escaped;
}

function percent(byte: number): string {
  return `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * UTF-8 bytes as a string; each byte that does not start a valid sequence
 * becomes a lone surrogate U+DC80–U+DCFF carrying it.
 */
function decodeUtf8KeepingBytes(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    let text = '';
    let i = 0;
    while (i < bytes.length) {
      const length = validSequenceLength(bytes, i);
      if (length === 0) {
        text += String.fromCharCode(0xdc00 + (bytes[i] ?? 0));
        i++;
      } else {
        text += strictUtf8.decode(bytes.subarray(i, i + length));
        i += length;
      }
    }
    return text;
  }
}

/** Length of the valid UTF-8 sequence at `i` (Go's `utf8.DecodeRune` rules), 0 if invalid. */
function validSequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] ?? 0;
  const continuation = (offset: number, low = 0x80, high = 0xbf): boolean => {
    const byte = bytes[i + offset];
    return byte !== undefined && byte >= low && byte <= high;
  };
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return continuation(1) ? 2 : 0;
  if (lead === 0xe0) return continuation(1, 0xa0) && continuation(2) ? 3 : 0;
  if (lead === 0xed) return continuation(1, 0x80, 0x9f) && continuation(2) ? 3 : 0;
  if (lead >= 0xe1 && lead <= 0xef) return continuation(1) && continuation(2) ? 3 : 0;
  if (lead === 0xf0) return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0;
  if (lead >= 0xf1 && lead <= 0xf3) return continuation(1) && continuation(2) && continuation(3) ? 4 : 0;
  if (lead === 0xf4) return continuation(1, 0x80, 0x8f) && continuation(2) && continuation(3) ? 4 : 0;
  return 0;
}

/**
 * The `Location` of a redirect to `decodedPath` keeping the query, as Go
 * builds it: the path escaped, `?query` appended when there is one, and the
 * whole cleaned once more by `http.Redirect`.
 */
export function goRedirectLocation(decodedPath: string, rawQuery: string): string {
  const url = rawQuery === '' ? escapeGoPath(decodedPath) : `${escapeGoPath(decodedPath)}?${rawQuery}`;
  return cleanPath(url);
}
