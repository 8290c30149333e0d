/**
 * The request side of `--web.config.file`, in front of everything else (as
 * exporter-toolkit's handler wraps the Go pushgateway's whole mux): for
 * every request the file is read again; an unusable file fails the request
 * with 500 `Internal Server Error`; the configured headers are set; with
 * `basic_auth_users`, a request without valid credentials gets 401
 * `Unauthorized` with `WWW-Authenticate: Basic`, whatever its path (404s,
 * redirects and health checks included).
 *
 * With Pushgate's `pushgate_authorization`, the authenticated user (or an
 * anonymous request) must also hold the permission the request needs (see
 * request-permission.ts): a user without it gets 403 `Forbidden`, an
 * anonymous request 401 so that the client knows to authenticate.
 */
import type { GatewayContext, GatewayMiddleware } from '../http/gateway-state.js';
import { sendGoError } from '../http/responses.js';
import type { Logger } from '../logging/logger.js';
import { parseBasicAuth } from './basic-auth-header.js';
import type { PasswordChecker } from './password-checker.js';
import { allows, requiredPermission } from './request-permission.js';
import type { WebConfig } from './web-config.js';
import type { WebConfigSource } from './web-config-source.js';

export interface WebConfigMiddlewareOptions {
  readonly source: WebConfigSource;
  readonly checker: PasswordChecker;
  /** The route prefix (`""` or `/something`), to tell push paths from others. */
  readonly routePrefix: string;
  readonly logger: Logger;
}

/** Who a request is: an authenticated user, or nobody (no credentials sent). */
type Identity = { readonly user: string } | 'anonymous';

/** Creates the middleware; install it before every other one. */
export function webConfigMiddleware(options: WebConfigMiddlewareOptions): GatewayMiddleware {
  const { source, checker, routePrefix, logger } = options;
  return async (ctx, next) => {
    const loaded = source.read();
    if ('error' in loaded) {
      logger.error({ err: loaded.error.message }, 'Unable to parse configuration');
      sendGoError(ctx, 500, 'Internal Server Error');
      return;
    }
    const { config } = loaded;
    for (const [name, value] of config.headers) ctx.set(name, value);

    const identity = await identify(ctx, config, checker);
    if (identity === undefined) {
      refuse(ctx, 401);
      return;
    }
    if (config.authorization !== undefined) {
      const needed = requiredPermission(ctx.method, ctx.path, routePrefix);
      const granted =
        identity === 'anonymous'
          ? config.authorization.anonymous
          : (config.authorization.users.get(identity.user) ?? NONE);
      if (!allows(granted, needed)) {
        logger.debug(
          {
            method: ctx.method,
            path: ctx.originalUrl,
            user: identity === 'anonymous' ? '' : identity.user,
            needed,
          },
          'request not authorised',
        );
        refuse(ctx, identity === 'anonymous' ? 401 : 403);
        return;
      }
    }
    await next();
    // An error answer may have cleared the headers; put back any that are missing.
    if (!ctx.headerSent) {
      for (const [name, value] of config.headers) if (!ctx.res.hasHeader(name)) ctx.set(name, value);
    }
  };
}

const NONE: ReadonlySet<never> = new Set();

/**
 * The identity of the request, or `undefined` when it must be refused with
 * 401: credentials that do not match, or none where they are required.
 */
async function identify(
  ctx: GatewayContext,
  config: WebConfig,
  checker: PasswordChecker,
): Promise<Identity | undefined> {
  if (config.users.size === 0 && config.authorization === undefined) return 'anonymous';
  const credentials = parseBasicAuth(ctx.get('Authorization') || undefined);
  if (credentials === undefined) {
    // Without pushgate_authorization, Go lets nobody in without credentials.
    return config.authorization === undefined ? undefined : 'anonymous';
  }
  const hash = config.users.get(credentials.user);
  const valid = await checker.verify(credentials.user, hash, credentials.password);
  return valid ? { user: credentials.user } : undefined;
}

function refuse(ctx: GatewayContext, status: 401 | 403): void {
  if (status === 401) ctx.set('WWW-Authenticate', 'Basic');
  // The body of a refused request is not read: close rather than drain it.
  if (hasBody(ctx)) ctx.set('Connection', 'close');
  sendGoError(ctx, status, status === 401 ? 'Unauthorized' : 'Forbidden');
}

function hasBody(ctx: GatewayContext): boolean {
  const length = ctx.get('Content-Length');
  return (length !== '' && length !== '0') || ctx.get('Transfer-Encoding') !== '';
}
