/**
 * The `Authorization: Basic` header read as Go's `Request.BasicAuth` reads
 * it, so that the same clients are accepted and refused: the scheme word
 * in any case followed by exactly one space, standard base64 with padding
 * (line breaks ignored, nothing else tolerated), and a colon between user
 * and password (the first colon; the password may contain more).
 */

export interface BasicCredentials {
  readonly user: string;
  readonly password: string;
}

const SCHEME = 'basic ';
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The credentials of an `Authorization` header value, or `undefined` when
 * there is no header or it is not well-formed basic auth. Credentials that
 * are not UTF-8 are not well-formed here (no configured user or bcrypt
 * password could match their bytes once decoded).
 */
export function parseBasicAuth(header: string | undefined): BasicCredentials | undefined {
  if (header === undefined || header.length < SCHEME.length) return undefined;
  if (header.slice(0, SCHEME.length).toLowerCase() !== SCHEME) return undefined;
  const encoded = header.slice(SCHEME.length).replace(/[\r\n]/g, '');
  if (!STANDARD_BASE64.test(encoded)) return undefined;
  let decoded: string;
  try {
    decoded = strictUtf8.decode(Buffer.from(encoded, 'base64'));
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
