/**
 * `/-/healthy`, `/-/ready` and `/-/quit`, as in the Go pushgateway: readiness
 * reports the store's health (200 `OK`, or 500 with the reason), health only
 * that the process serves, and quit starts a graceful shutdown when `--web.enable-lifecycle`
 * is set (200), is refused otherwise (403), and has a GET answer of its own
 * at the root path whatever the route prefix (405).
 */
import type { GatewayMiddleware } from '../http/gateway-state.js';
import { sendGoError, sendText } from '../http/responses.js';
import type { Logger } from '../logging/logger.js';
import type { MetricStore } from '../storage/store.js';

/**
 * The handler of `/-/healthy`: the process is alive and serving. Unlike Go,
 * it does not follow the store, so that a liveness probe does not restart
 * replicas while Redis is away (readiness takes them out of the load balancer).
 */
export function livenessRoute(): GatewayMiddleware {
  return (ctx) => sendText(ctx, 200, 'OK');
}

/** The handler of `/-/ready`: 200 `OK`, or 500 with the reason the store cannot serve. */
export function healthRoute(store: Pick<MetricStore, 'health'>): GatewayMiddleware {
  return (ctx) => {
    const problem = store.health();
    if (problem === undefined) sendText(ctx, 200, 'OK');
    else sendGoError(ctx, 500, problem);
  };
}

export interface QuitRouteOptions {
  readonly enabled: boolean;
  /** Starts the graceful shutdown; called once the answer has been sent. */
  readonly requestShutdown: () => void;
  readonly logger: Logger;
}

/** The handler of `PUT` and `POST /-/quit`. */
export function quitRoute(options: QuitRouteOptions): GatewayMiddleware {
  return (ctx) => {
    if (!options.enabled) {
      sendText(ctx, 403, 'Lifecycle API is not enabled.');
      return;
    }
    options.logger.warn('received termination request via web service, exiting gracefully...');
    ctx.res.once('close', options.requestShutdown);
    sendText(ctx, 200, 'Requesting termination... Goodbye!');
  };
}

/** The handler of `GET /-/quit` at the root path. */
export function rootQuitRoute(): GatewayMiddleware {
  return (ctx) => {
    sendText(ctx, 405, 'Only POST or PUT requests allowed.');
  };
}
