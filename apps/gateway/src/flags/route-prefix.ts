import { posix } from 'node:path';

/**
 * The prefix every route lives under, as the Go pushgateway (1.11) computes
 * it: `--web.route-prefix`, or when empty the path of `--web.external-url`;
 * `/` means none; otherwise one leading `/` is ensured and one trailing `/`
 * removed. `""`, `/pg`, `/foo/bar`.
 */
export function computeRoutePrefix(routePrefix: string, externalUrlPath: string): string {
  let prefix = routePrefix === '' ? externalUrlPath : routePrefix;
  if (prefix === '/' || prefix === '') return '';
  if (!prefix.startsWith('/')) prefix = `/${prefix}`;
  if (prefix.endsWith('/')) prefix = prefix.slice(0, -1);
  return prefix;
}

/**
 * Where the JSON API lives: `/api` without a route prefix, `<prefix>/api`
 * with one (the `v1` routes hang below it).
 */
export function apiPathFor(routePrefix: string): string {
  return `${routePrefix}/api`;
}

/**
 * The telemetry path under the route prefix, cleaned as Go's `path.Join`
 * cleans it (no `//`, `.` or `..`, no trailing `/`), always absolute.
 */
export function telemetryPathFor(routePrefix: string, telemetryPath: string): string {
  const joined = posix.normalize(`/${routePrefix}/${telemetryPath}`);
  return joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined;
}
