/**
 * Routing with the semantics of julienschmidt/httprouter, the router behind
 * the Go pushgateway, on top of a @koa/router route table:
 *
 * - a route of the request's method matches: it runs;
 * - otherwise, when some route of that method exists and the path is not
 *   `/`: the same path with the trailing slash toggled, then the path matched
 *   case-insensitively, are tried, and a match is redirected to (301 for
 *   GET, 307 for any other method, so bodies are re-sent);
 * - otherwise `OPTIONS` is answered 200 and any other method 405, both with
 *   an `Allow` header listing the path's methods, `OPTIONS` included, sorted —
 *   when the path has routes at all;
 * - otherwise 404 `404 page not found`.
 *
 * Unlike httprouter (deliberately, see docs/compatibility.md), every GET
 * route also answers HEAD, which @koa/router provides. `Allow` stays as Go
 * writes it, without HEAD, which a GET implies (RFC 9110).
 *
 * The router must be created with `{ sensitive: true, strict: true }` (case
 * and trailing slash significant, as in httprouter) and match `ctx.path`,
 * which the mux sets to the routing form of the decoded path.
 */
import type { Layer, Router } from '@koa/router';
import { compile, match, parse } from 'path-to-regexp';
import type { GatewayContext, GatewayMiddleware, GatewayState } from '../http/gateway-state.js';
import { fromRoutingPath, goRedirectLocation } from '../http/go-path.js';
import { sendEmpty, sendGoError, sendGoRedirect } from '../http/responses.js';

interface IndexedRoute {
  readonly methods: readonly string[];
  /** The pattern's literal text up to its first parameter (the whole pattern if it has none). */
  readonly literalPrefix: string;
  /** Matches the route's pattern ignoring case; gives the parameters as written. */
  readonly matchIgnoringCase: (
    path: string,
  ) => false | { params: Partial<Record<string, string | string[]>> };
  /** Builds a path from the pattern (with its own case) and parameters. */
  readonly build: (params: Partial<Record<string, string | string[]>>) => string;
}

/**
 * Wraps `router` (all routes registered already) into a middleware that
 * dispatches to it with httprouter's rules for everything that does not
 * match a route exactly. Never calls `next`: every request gets an answer.
 */
export function goRouter(router: Router<GatewayState>): GatewayMiddleware {
  const dispatch = router.routes();
  const routes = router.stack.filter((layer) => layer.methods.length > 0).map(indexRoute);
  const routedMethods = new Set(routes.flatMap((route) => route.methods));

  return async (ctx, next) => {
    const path = ctx.path;
    const method = ctx.method;
    if (router.match(path, method).route) {
      // The router adds its own fields (params, router) to the context as it dispatches.
      await dispatch(ctx as Parameters<typeof dispatch>[0], next);
      return;
    }
    if (routedMethods.has(method) && path !== '/') {
      const redirect = trailingSlashFix(router, routes, path, method) ?? caseFix(routes, path, method);
      if (redirect !== undefined) {
        const location = goRedirectLocation(fromRoutingPath(redirect), ctx.querystring);
        sendGoRedirect(ctx, method === 'GET' ? 301 : 307, location);
        return;
      }
    }
    const allowed = allowedMethods(router, path, method);
    if (allowed !== undefined) {
      ctx.set('Allow', allowed);
      if (method === 'OPTIONS') sendEmpty(ctx, 200);
      else sendGoError(ctx, 405, 'Method Not Allowed');
      return;
    }
    sendNotFound(ctx);
  };
}

/** Go's `http.NotFound`. */
export function sendNotFound(ctx: GatewayContext): void {
  sendGoError(ctx, 404, '404 page not found');
}

function indexRoute(layer: Layer<GatewayState>): IndexedRoute {
  const pattern = String(layer.path);
  const matcher = match(pattern, { sensitive: false, decode: false, trailing: false });
  const builder = compile(pattern, { encode: false });
  let literalPrefix = '';
  for (const token of parse(pattern).tokens) {
    if (token.type !== 'text') break;
    literalPrefix += token.value;
  }
  return {
    methods: layer.methods,
    literalPrefix,
    matchIgnoringCase: (path) => matcher(path),
    build: (params) => builder(params),
  };
}

/**
 * httprouter's trailing-slash recommendation: the path with its trailing
 * slash toggled if a route of `method` matches that. httprouter also
 * recommends dropping the slash of a path that ends exactly where a route's
 * first parameter would start, when that slash is a node of its radix tree
 * (`/metrics/job/` → `/metrics/job`, next to `/metrics/job@base64/`), whether
 * or not a route matches the result; so does this.
 */
function trailingSlashFix(
  router: Router<GatewayState>,
  routes: readonly IndexedRoute[],
  path: string,
  method: string,
): string | undefined {
  const toggled = path.endsWith('/') ? path.slice(0, -1) : `${path}/`;
  if (router.match(toggled, method).route) return toggled;
  if (!path.endsWith('/')) return undefined;
  // httprouter only recommends this when the final `/` is a tree node of its
  // own: some route of the method branches off right before it.
  const stem = path.slice(0, -1);
  const ofMethod = routes.filter((route) => route.methods.includes(method));
  const endsBeforeParameter =
    ofMethod.some((route) => route.literalPrefix === path) &&
    ofMethod.some(
      (route) => route.literalPrefix.startsWith(stem) && route.literalPrefix[stem.length] !== '/',
    );
  return endsBeforeParameter ? toggled : undefined;
}

/**
 * httprouter's case-insensitive lookup (with trailing-slash fixing): the
 * first route of `method` matching `path` or its toggled form regardless of
 * case, rebuilt with the route's spelling and the request's parameters.
 */
function caseFix(routes: readonly IndexedRoute[], path: string, method: string): string | undefined {
  const toggled = path.endsWith('/') ? path.slice(0, -1) : `${path}/`;
  for (const candidate of [path, toggled]) {
    for (const route of routes) {
      if (!route.methods.includes(method)) continue;
      const found = route.matchIgnoringCase(candidate);
      if (found) return route.build(found.params);
    }
  }
  return undefined;
}

/**
 * httprouter's `Allow` value for `path`: its other methods (HEAD, implied by
 * GET, left out) plus OPTIONS, sorted; none if it has no routes.
 */
function allowedMethods(router: Router<GatewayState>, path: string, method: string): string | undefined {
  const methods = new Set<string>();
  for (const layer of router.match(path, method).path) {
    for (const allowed of layer.methods) {
      if (allowed !== method && allowed !== 'OPTIONS' && allowed !== 'HEAD') methods.add(allowed);
    }
  }
  if (methods.size === 0) return undefined;
  methods.add('OPTIONS');
  return [...methods].sort().join(', ');
}
