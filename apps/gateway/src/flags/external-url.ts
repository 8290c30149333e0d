/**
 * `--web.external-url`, read as Go's `url.Parse` reads it (kingpin's URL
 * flag): an absolute URL, or a relative reference, whose path gives the
 * default route prefix.
 */

/** The outcome of {@link parseExternalUrl}: the URL's (decoded) path, or Go's error message. */
export type ExternalUrlParse = { readonly path: string } | { readonly error: string };

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * The path of an external URL. Absolute URLs (`http://example.com/foo/`) and
 * relative references (`foo/bar`, `/pg`) are accepted as Go accepts them; a
 * leading colon is Go's `missing protocol scheme` error, and bad
 * percent-escapes or control characters are refused too.
 */
export function parseExternalUrl(text: string): ExternalUrlParse {
  const prefix = `invalid URL: parse ${JSON.stringify(text)}: `;
  if ([...text].some(isControlCharacter))
    return { error: `${prefix}net/url: invalid control character in URL` };
  if (text.startsWith(':')) return { error: `${prefix}missing protocol scheme` };
  let rawPath: string;
  if (SCHEME.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { error: `${prefix}invalid URL` };
    }
    // Without `//` Go reads the rest as opaque data (`mailto:x`), not a path.
    rawPath = text.includes('//') ? url.pathname : '';
  } else {
    rawPath = text.split(/[?#]/, 1)[0] ?? '';
  }
  try {
    return { path: decodeURIComponent(rawPath) };
  } catch {
    return { error: `${prefix}invalid URL escape` };
  }
}

/** ASCII control characters (U+0000–U+001F and DEL), which Go refuses in URLs. */
function isControlCharacter(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}
