import { type GatewayBase, parseBaseUrl } from './base-url.js';
import { basicAuthorization } from './basic-auth.js';
import { type PushgatewayOptions, type ResolvedOptions, resolveOptions } from './client-options.js';
import { invalidOptionsError } from './option-issues.js';
import {
  type DeleteParams,
  type PushParams,
  type ResolvedParams,
  resolveDeleteParams,
  resolvePushParams,
} from './push-params.js';
import { contentTypeOf, encodeRequestBody } from './request-body.js';
import { type PushResponse, sendRequest } from './send-request.js';
import { formatTtlHeader, TTL_HEADER } from './ttl.js';

/**
 * A client for one Pushgateway (Pushgate or the Go original).
 *
 * Every method resolves with the gateway's 2xx answer or rejects with a
 * {@link PushgatewayError}; nothing else is thrown. Methods are safe to call
 * concurrently; the instance keeps no per-call state and never mutates the
 * caller's options or headers.
 *
 * @example
 * ```ts
 * const gw = new Pushgateway('http://localhost:9091', { timeout: 5000 });
 * await gw.push({ job: 'backup', grouping: { db: 'mysql' }, metrics: registry });
 * ```
 */
export class Pushgateway {
  readonly #base: GatewayBase;
  readonly #options: ResolvedOptions;
  readonly #authorization: string | undefined;

  /**
   * @param url Base URL of the gateway, e.g. `http://localhost:9091` or
   *   `https://host/pushgateway` (the path is kept as a prefix). A missing
   *   scheme means `http://`; credentials in the URL become basic auth.
   * @throws {PushgatewayError} `invalid_options` for a bad URL or options.
   */
  constructor(url: string, options: PushgatewayOptions = {}) {
    if (typeof url !== 'string') {
      throw invalidOptionsError('gateway URL', [{ path: 'url', message: 'must be a string' }]);
    }
    this.#base = parseBaseUrl(url);
    this.#options = resolveOptions(options);
    const { credentials } = this.#base;
    const { basicAuth, bearerToken } = this.#options;
    if (credentials !== undefined && (basicAuth !== undefined || bearerToken !== undefined)) {
      throw invalidOptionsError('Pushgateway options', [
        { path: 'url', message: 'credentials in the URL conflict with the basicAuth or bearerToken option' },
      ]);
    }
    const basic = credentials ?? basicAuth;
    this.#authorization =
      basic !== undefined
        ? basicAuthorization(basic)
        : bearerToken !== undefined
          ? `Bearer ${bearerToken}`
          : undefined;
  }

  /**
   * PUT: replaces the whole group with `metrics` (an empty text body empties
   * it). Resolves with status 200 (applied) or 202 (queued).
   */
  push(params: PushParams): Promise<PushResponse> {
    return this.#send('PUT', () => resolvePushParams(params));
  }

  /**
   * POST: replaces, within the group, the families named in `metrics`; other
   * families of the group stay.
   */
  pushAdd(params: PushParams): Promise<PushResponse> {
    return this.#send('POST', () => resolvePushParams(params));
  }

  /** DELETE: removes the group (exactly this grouping key). Deleting a missing group succeeds. */
  delete(params: DeleteParams): Promise<PushResponse> {
    return this.#send('DELETE', () => resolveDeleteParams(params));
  }

  // Parameters are resolved inside the async function so that invalid ones reject rather than throw.
  async #send(method: 'PUT' | 'POST' | 'DELETE', resolve: () => ResolvedParams): Promise<PushResponse> {
    const { groupingPath, signal, push } = resolve();
    const options = this.#options;
    const url = `${this.#base.origin}${this.#base.pathPrefix}${groupingPath}`;
    const headers = new Headers(options.headers);
    if (this.#authorization !== undefined) headers.set('Authorization', this.#authorization);
    // The body encoding belongs to the client: a caller's Content-Encoding would misdescribe it.
    headers.delete('Content-Encoding');
    let body: Uint8Array | undefined;
    if (push === undefined) {
      // DELETE has no body, but strict proxies and gateways still expect a Content-Type.
      headers.set('Content-Type', contentTypeOf(options.format));
    } else {
      const encoded = await encodeRequestBody(push.metrics, options.format, options.compression);
      body = encoded.bytes;
      headers.set('Content-Type', encoded.contentType);
      if (encoded.contentEncoding !== undefined) headers.set('Content-Encoding', encoded.contentEncoding);
      if (push.ttl !== undefined) headers.set(TTL_HEADER, formatTtlHeader(push.ttl));
    }
    return sendRequest(
      { method, url, headers, body },
      { fetch: options.fetch, timeoutMs: options.timeoutMs, retries: options.retries, signal },
    );
  }
}
