/**
 * The web UI at `P/` and `P/status`: server-rendered pages over the store,
 * readable without JavaScript (see `ui/`).
 */
import type { NameValidation } from '@pushgate/protocol';
import type { StatusInfo } from '../api/status-json.js';
import type { GatewayMiddleware } from '../http/gateway-state.js';
import { freshnessOf } from '../storage/redis/store-freshness.js';
import type { MetricStore } from '../storage/store.js';
import { type GroupOrder, renderGroupsPage } from '../ui/groups-page.js';
import { renderStatusPage } from '../ui/status-page.js';

export interface UiRouteOptions {
  readonly store: MetricStore;
  /** Where the browser reaches the gateway: the external URL's path, else the route prefix. */
  readonly basePath: string;
  readonly adminApiEnabled: boolean;
  /** `--push.group-ttl` in milliseconds, to show when groups expire. */
  readonly defaultTtlMs: number;
  readonly nameValidation: NameValidation;
  readonly now: () => number;
}

const ORDERS: readonly GroupOrder[] = ['recent', 'oldest', 'labels'];

function sendHtml(ctx: Parameters<GatewayMiddleware>[0], page: string): void {
  ctx.status = 200;
  ctx.set('Content-Type', 'text/html; charset=utf-8');
  // The pages show live state: never serve them from a cache.
  ctx.set('Cache-Control', 'no-store');
  ctx.body = page;
}

/** `GET P/`: every group, filtered by `?q=` and ordered by `?sort=`. */
export function groupsPageRoute(options: UiRouteOptions): GatewayMiddleware {
  const freshness = freshnessOf(options.store);
  return async (ctx) => {
    await freshness?.catchUp();
    const filter = typeof ctx.query.q === 'string' ? ctx.query.q : '';
    const sort = ORDERS.find((order) => order === ctx.query.sort) ?? 'recent';
    sendHtml(
      ctx,
      renderGroupsPage({
        groups: options.store.groups(),
        basePath: options.basePath,
        adminApiEnabled: options.adminApiEnabled,
        defaultTtlMs: options.defaultTtlMs,
        nameValidation: options.nameValidation,
        filter,
        order: sort,
        nowMs: options.now(),
      }),
    );
  };
}

/** `GET P/status`: version, start time, store and its health, flags. */
export function statusPageRoute(
  options: UiRouteOptions & { readonly status: StatusInfo; readonly storeKind: string },
): GatewayMiddleware {
  return (ctx) => {
    const { build } = options.status;
    sendHtml(
      ctx,
      renderStatusPage({
        basePath: options.basePath,
        version: build.version,
        startTimeMs: options.status.startTimeMs,
        nowMs: options.now(),
        flags: options.status.flags,
        storeKind: options.storeKind,
        storeHealth: options.store.health(),
        build: {
          version: build.version,
          revision: build.revision,
          branch: build.branch,
          buildDate: build.buildDate,
          buildUser: build.buildUser,
          nodeVersion: build.runtimeVersion,
          platform: `${build.os}/${build.arch}`,
        },
      }),
    );
  };
}
