/**
 * The gateway's Koa application: the Go pushgateway's route table on two
 * @koa/router routers (the JSON API and everything else, as Go mounts them),
 * behind the Go-style mux and router semantics and one error middleware.
 * Building the app does no I/O; it only wires the dependencies it is given.
 */
import { Router } from '@koa/router';
import type { NameValidation } from '@pushgate/protocol';
import Koa from 'koa';
import type { StatusInfo } from './api/status-json.js';
import type { BodyLimits } from './body/body-limits.js';
import { DEFAULT_PUSH_LIMITS, type PushLimits } from './body/push-limits.js';
import { apiPathFor, telemetryPathFor } from './flags/route-prefix.js';
import type { GatewayMiddleware, GatewayState } from './http/gateway-state.js';
import { toRoutingPath } from './http/go-path.js';
import type { Logger } from './logging/logger.js';
import { errorHandler } from './middleware/errors.js';
import { goMux } from './middleware/go-mux.js';
import { goRouter } from './middleware/go-router.js';
import { instrument } from './middleware/instrument.js';
import type { OwnMetrics } from './own-metrics/own-metrics.js';
import type { Exposition } from './render/exposition.js';
import { apiMetricsRoute, apiOptionsRoute, apiStatusRoute, wipeRoute } from './routes/api-v1.js';
import { deleteRoute } from './routes/delete.js';
import { healthRoute, livenessRoute, quitRoute, rootQuitRoute } from './routes/lifecycle.js';
import { metricsRoute } from './routes/metrics.js';
import { pushRoute } from './routes/push.js';
import { groupsPageRoute, statusPageRoute } from './routes/ui.js';
import type { PasswordChecker } from './security/password-checker.js';
import { webConfigMiddleware } from './security/web-config-middleware.js';
import type { WebConfigSource } from './security/web-config-source.js';
import { freshnessOf } from './storage/redis/store-freshness.js';
import type { MetricStore } from './storage/store.js';

/** The settings that shape the routes, derived from the flags. */
export interface AppConfig {
  /** The computed route prefix: `""` or `/something` without a trailing slash. */
  readonly routePrefix: string;
  /** `--web.telemetry-path`, before the prefix is applied. */
  readonly telemetryPath: string;
  readonly enableLifecycle: boolean;
  readonly enableAdminApi: boolean;
  /** False with `--push.disable-consistency-check`: pushes are then answered 202. */
  readonly consistencyCheck: boolean;
  /** `utf8` with `--push.enable-utf8-names`, `legacy` otherwise. */
  readonly nameValidation: NameValidation;
  readonly bodyLimits: BodyLimits;
  /** Series and label caps of a push; the flags' defaults when absent. */
  readonly pushLimits?: PushLimits;
  /** `--push.group-ttl` in milliseconds (0 = never): shown in the API and UI. */
  readonly defaultGroupTtlMs: number;
  /** `--push.max-group-ttl` in milliseconds (0 = no bound on the Pushgate-TTL header). */
  readonly maxGroupTtlMs: number;
  /** Where browsers reach the UI and API: the external URL's path, else the route prefix. */
  readonly uiBasePath: string;
  /** What keeps the groups, as the status page shows it (`memory`, `file …`, `redis …`). */
  readonly storeKind: string;
}

/** Everything the app needs; all of it is created by the caller. */
export interface AppDependencies {
  readonly config: AppConfig;
  readonly store: MetricStore;
  readonly exposition: Exposition;
  readonly ownMetrics: OwnMetrics;
  readonly logger: Logger;
  readonly status: StatusInfo;
  /** Called after a `/-/quit` request has been answered (lifecycle API enabled). */
  readonly requestShutdown: () => void;
  /** The clock for push times, in milliseconds since the epoch; the wall clock when absent. */
  readonly now?: () => number;
  /**
   * `--web.config.file`: when given, every request is checked against the
   * file (headers, basic auth, Pushgate's per-permission authorisation)
   * before anything else happens.
   */
  readonly webConfig?: { readonly source: WebConfigSource; readonly checker: PasswordChecker };
}

/**
 * Creates the Koa app serving the Go pushgateway's HTTP interface over the
 * given store. The caller owns the listeners and the store's lifecycle.
 */
export function createApp(deps: AppDependencies): Koa<GatewayState> {
  const { config, store, logger, ownMetrics } = deps;
  const now = deps.now ?? wallClockMs;
  const prefix = config.routePrefix;
  const apiV1 = `${apiPathFor(prefix)}/v1`;

  const main = new Router<GatewayState>({ sensitive: true, strict: true });
  main.get(route(`${prefix}/-/healthy`), instrument(ownMetrics, { handler: 'healthy' }), livenessRoute());
  main.get(route(`${prefix}/-/ready`), instrument(ownMetrics, { handler: 'ready' }), healthRoute(store));
  main.get(
    route(telemetryPathFor(prefix, config.telemetryPath)),
    metricsRoute({ exposition: deps.exposition, ownMetrics, logger, freshness: freshnessOf(store) }),
  );

  const groupingBase = `${prefix}/metrics/job`;
  const push = { store, groupingBase, nameValidation: config.nameValidation, now };
  const pushOptions = {
    ...push,
    consistencyCheck: config.consistencyCheck,
    limits: config.bodyLimits,
    pushLimits: config.pushLimits ?? DEFAULT_PUSH_LIMITS,
    maxGroupTtlMs: config.maxGroupTtlMs,
    logger,
  };
  const instrumentPush = instrument(ownMetrics, { handler: 'push', push: true });
  const instrumentDelete = instrument(ownMetrics, { handler: 'delete' });
  for (const jobSegment of ['job', 'job@base64']) {
    const paths = [
      `${route(`${prefix}/metrics/${jobSegment}`)}/:job`,
      `${route(`${prefix}/metrics/${jobSegment}`)}/:job/{*labels}`,
    ];
    main.put(paths, instrumentPush, pushRoute(pushOptions, true));
    main.post(paths, instrumentPush, pushRoute(pushOptions, false));
    main.delete(paths, instrumentDelete, deleteRoute(push));
  }

  const ui = {
    store,
    basePath: config.uiBasePath,
    adminApiEnabled: config.enableAdminApi,
    defaultTtlMs: config.defaultGroupTtlMs,
    nameValidation: config.nameValidation,
    now: () => Date.now(),
  };
  const instrumentUi = instrument(ownMetrics, { handler: 'status' });
  main.get(route(`${prefix}/`), instrumentUi, groupsPageRoute(ui));
  main.get(
    route(`${prefix}/status`),
    instrumentUi,
    statusPageRoute({ ...ui, status: deps.status, storeKind: config.storeKind }),
  );

  const quit = quitRoute({ enabled: config.enableLifecycle, requestShutdown: deps.requestShutdown, logger });
  main.put(route(`${prefix}/-/quit`), quit);
  main.post(route(`${prefix}/-/quit`), quit);
  // Go registers this one at the root whatever the prefix.
  main.get(route('/-/quit'), rootQuitRoute());

  const api = new Router<GatewayState>({ sensitive: true, strict: true });
  api.get(
    route(`${apiV1}/status`),
    instrument(ownMetrics, { handler: 'api/v1/status' }),
    apiStatusRoute(deps.status),
  );
  api.get(
    route(`${apiV1}/metrics`),
    instrument(ownMetrics, { handler: 'api/v1/metrics' }),
    apiMetricsRoute(store, config.defaultGroupTtlMs),
  );
  api.options(
    `${route(apiV1)}/{*path}`,
    instrument(ownMetrics, { handler: 'api/v1/options' }),
    apiOptionsRoute(),
  );
  if (config.enableAdminApi) {
    api.put(route(`${apiV1}/admin/wipe`), instrument(ownMetrics, { handler: 'wipe' }), wipeRoute(store));
  }

  const app = new Koa<GatewayState>();
  app.silent = true;
  app.on('error', (error: unknown) => {
    logger.error({ err: error instanceof Error ? error.message : String(error) }, 'HTTP request error');
  });
  const middleware: GatewayMiddleware[] = [
    ...(deps.webConfig === undefined
      ? []
      : [webConfigMiddleware({ ...deps.webConfig, routePrefix: config.routePrefix, logger })]),
    errorHandler(logger),
    goMux({ apiSubtree: `${apiV1}/`, api: goRouter(api), main: goRouter(main) }),
  ];
  for (const handler of middleware) app.use(handler);
  return app;
}

/**
 * A literal path as a route pattern: in the routing form the mux gives
 * requests, with path-to-regexp's special characters escaped.
 */
function route(literalPath: string): string {
  return toRoutingPath(literalPath).replace(/[{}()[\]+?!:*\\]/g, '\\$&');
}

function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}
