/**
 * The front of the Go pushgateway's request handling, net/http's ServeMux:
 * the path is percent-decoded (a malformed escape is a 400), non-canonical
 * paths (`//`, `/./`, `/../`) are redirected with 301 to their clean form for
 * every method, and requests are split between two routers — the JSON API
 * (`<api>/v1/...`, where the bare `<api>/v1` redirects to `<api>/v1/`) and
 * everything else.
 *
 * Before handing over, `ctx.state.goPath` is set to the decoded path and
 * `ctx.path` to its routing form (see `toRoutingPath`), which the routers match.
 */

import type { GatewayMiddleware } from '../http/gateway-state.js';
import { cleanPath, decodeRequestPath, goRedirectLocation, toRoutingPath } from '../http/go-path.js';
import { sendGoRedirect, sendText } from '../http/responses.js';
import { sendNotFound } from './go-router.js';

export interface GoMuxOptions {
  /** The API subtree with its trailing slash, e.g. `/api/v1/` or `/pg/api/v1/`. */
  readonly apiSubtree: string;
  /** Handles requests below `apiSubtree`. */
  readonly api: GatewayMiddleware;
  /** Handles every other request. */
  readonly main: GatewayMiddleware;
}

/** Creates the mux middleware; it answers or delegates every request. */
export function goMux(options: GoMuxOptions): GatewayMiddleware {
  const apiRoot = options.apiSubtree.slice(0, -1);
  return async (ctx, next) => {
    const raw = ctx.path;
    if (!raw.startsWith('/')) {
      sendNotFound(ctx);
      return;
    }
    const decoded = decodeRequestPath(raw);
    if ('error' in decoded) {
      // What Go's HTTP server answers for a request line it cannot parse.
      ctx.set('Connection', 'close');
      sendText(ctx, 400, '400 Bad Request');
      return;
    }
    const clean = cleanPath(decoded.path);
    if (clean !== decoded.path) {
      sendGoRedirect(ctx, 301, goRedirectLocation(clean, ctx.querystring));
      return;
    }
    if (clean === apiRoot) {
      sendGoRedirect(ctx, 301, goRedirectLocation(options.apiSubtree, ctx.querystring));
      return;
    }
    ctx.state.goPath = clean;
    ctx.path = toRoutingPath(clean);
    const router = clean.startsWith(options.apiSubtree) ? options.api : options.main;
    await router(ctx, next);
  };
}
