/**
 * The JSON API under `<prefix>/api/v1`, as in the Go pushgateway: build and
 * flag information, a dump of every group, CORS preflight on any path, and
 * the admin wipe (only registered with `--web.enable-admin-api`).
 */
import { metricsResponseJson } from '../api/groups-json.js';
import { type StatusInfo, statusResponseJson } from '../api/status-json.js';
import type { GatewayContext, GatewayMiddleware } from '../http/gateway-state.js';
import { sendEmpty } from '../http/responses.js';
import { freshnessOf } from '../storage/redis/store-freshness.js';
import type { MetricStore } from '../storage/store.js';

/** The CORS headers Go's API sets on its GET and OPTIONS answers (not on wipe). */
const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Headers': 'Accept, Authorization, Content-Type, Origin',
  'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Date',
  'Cache-Control': 'no-cache, no-store, must-revalidate',
};

/** `GET /api/v1/status`. */
export function apiStatusRoute(status: StatusInfo): GatewayMiddleware {
  return (ctx) => {
    sendJson(ctx, statusResponseJson(status));
  };
}

/** `GET /api/v1/metrics`. */
export function apiMetricsRoute(store: MetricStore, defaultTtlMs: number): GatewayMiddleware {
  const freshness = freshnessOf(store);
  return async (ctx) => {
    // With Redis, first take in what other replicas applied (read-your-writes across replicas).
    await freshness?.catchUp();
    sendJson(ctx, metricsResponseJson(store.groups(), defaultTtlMs));
  };
}

/** `OPTIONS /api/v1/<anything>`: an empty 200 with the CORS headers. */
export function apiOptionsRoute(): GatewayMiddleware {
  return (ctx) => {
    ctx.set(CORS_HEADERS);
    sendEmpty(ctx, 200);
  };
}

/** `PUT /api/v1/admin/wipe`: deletes every group, then answers 202. */
export function wipeRoute(store: Pick<MetricStore, 'wipe'>): GatewayMiddleware {
  return async (ctx) => {
    await store.wipe();
    sendEmpty(ctx, 202);
  };
}

function sendJson(ctx: GatewayContext, json: string): void {
  ctx.set(CORS_HEADERS);
  ctx.status = 200;
  ctx.set('Content-Type', 'application/json');
  ctx.body = json;
}
