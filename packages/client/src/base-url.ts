import type { BasicAuth } from './basic-auth.js';
import { PushgatewayError } from './pushgateway-error.js';

/** Where the gateway lives: every push URL is `origin + pathPrefix + /metrics/job/...`. */
export interface GatewayBase {
  /** `http://host:port`, no trailing slash. */
  readonly origin: string;
  /** The path the gateway is mounted under (`/pushgateway`), or `''`; never ends with `/`. */
  readonly pathPrefix: string;
  /** Credentials found in the URL's userinfo, which `fetch` refuses to send itself. */
  readonly credentials: BasicAuth | undefined;
}

/**
 * Parses the gateway base URL the way the Go and Python clients do: a missing
 * scheme means `http://`, trailing slashes are dropped, and any path is kept as
 * a prefix. Throws {@link PushgatewayError} `invalid_options` for a URL that is
 * unparsable, not http(s), or carries a query or fragment (which would end up
 * in the middle of the push path).
 */
export function parseBaseUrl(url: string): GatewayBase {
  const refuse = (message: string): PushgatewayError =>
    new PushgatewayError({
      code: 'invalid_options',
      message: `invalid gateway URL ${JSON.stringify(url)}: ${message}`,
      issues: [{ path: 'url', message }],
    });
  let parsed: URL;
  try {
    parsed = new URL(url.includes('://') ? url : `http://${url}`);
  } catch {
    throw refuse('not a URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw refuse(`scheme must be http or https, not ${parsed.protocol.slice(0, -1)}`);
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw refuse('must not have a query or fragment');
  }
  const credentials =
    parsed.username === '' && parsed.password === ''
      ? undefined
      : { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
  return { origin: parsed.origin, pathPrefix: parsed.pathname.replace(/\/+$/, ''), credentials };
}
