import { formatGoDuration } from './go-duration.js';
import type { GatewayFlags } from './schema.js';

/**
 * The flags as `/api/v1/status` lists them, like Go's kingpin values print:
 * booleans `true`/`false`, durations `5m0s`, repeated addresses joined with
 * `,`, and `web.route-prefix` as computed (the external URL's path when the
 * flag is empty).
 */
export function statusFlags(flags: GatewayFlags, routePrefix: string): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [name, value] of Object.entries(flags)) {
    shown[name] = Array.isArray(value)
      ? value.join(',')
      : typeof value === 'bigint'
        ? formatGoDuration(value)
        : String(value);
  }
  shown['web.route-prefix'] = routePrefix;
  return shown;
}
