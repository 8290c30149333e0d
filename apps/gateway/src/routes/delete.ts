/**
 * `DELETE` on `/metrics/job{,@base64}/<job>{/<label>/<value>}`: removes
 * exactly that group (deleting a group that does not exist is fine) and
 * answers 202, as the Go pushgateway does. The body is ignored.
 */
import { decodeGroupingKey, type NameValidation } from '@pushgate/protocol';
import type { GatewayMiddleware } from '../http/gateway-state.js';
import { sendEmpty } from '../http/responses.js';
import type { MetricStore } from '../storage/store.js';
import { groupingPathOf } from './grouping-path.js';

export interface DeleteRouteOptions {
  readonly store: MetricStore;
  /** `<route prefix>/metrics/job`: the decoded path up to the job segment. */
  readonly groupingBase: string;
  readonly nameValidation: NameValidation;
  /** The clock, in milliseconds since the epoch. */
  readonly now: () => number;
}

/** The delete handler. */
export function deleteRoute(options: DeleteRouteOptions): GatewayMiddleware {
  return async (ctx) => {
    const labels = decodeGroupingKey(groupingPathOf(ctx.state.goPath, options.groupingBase), {
      validation: options.nameValidation,
    });
    await options.store.write({ labels, timestampMs: options.now(), families: undefined, replace: false });
    sendEmpty(ctx, 202);
  };
}
