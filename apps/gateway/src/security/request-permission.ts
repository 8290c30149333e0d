/**
 * Which permission of `pushgate_authorization` a request needs, decided
 * before routing (authorisation wraps everything, as authentication does in
 * Go) from the method and the path alone:
 *
 * - `scrape`: reading — GET, HEAD and OPTIONS on any path;
 * - `push`: PUT, POST and DELETE below `<prefix>/metrics/job` (and
 *   `job@base64`), i.e. pushing and deleting groups;
 * - `admin`: every other request, such as wiping all groups or `/-/quit`.
 *
 * The push paths are matched ignoring case, so that a push to a path the
 * router would redirect (`/Metrics/job/x` → `/metrics/job/x`) gets its
 * redirect rather than a refusal; the redirect target is a push path too.
 */
import { cleanPath, decodeRequestPath } from '../http/go-path.js';
import type { Permission } from './web-config.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const PUSH_METHODS = new Set(['PUT', 'POST', 'DELETE']);

/**
 * The permission `method` on `rawPath` (the request path as sent, before
 * percent-decoding) needs, with routes under `routePrefix` (`""` or
 * `/something`).
 */
export function requiredPermission(method: string, rawPath: string, routePrefix: string): Permission {
  if (READ_METHODS.has(method)) return 'scrape';
  if (!PUSH_METHODS.has(method)) return 'admin';
  const decoded = decodeRequestPath(rawPath);
  if ('error' in decoded) return 'admin';
  const path = cleanPath(decoded.path).toLowerCase();
  const base = `${routePrefix}/metrics/job`.toLowerCase();
  return path.startsWith(`${base}/`) || path.startsWith(`${base}@base64/`) ? 'push' : 'admin';
}

/** Whether `permissions` allow what `needed` asks: `admin` allows everything. */
export function allows(permissions: ReadonlySet<Permission>, needed: Permission): boolean {
  return permissions.has(needed) || permissions.has('admin');
}
