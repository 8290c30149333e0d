/**
 * `PUT` and `POST` on `/metrics/job{,@base64}/<job>{/<label>/<value>}`: the
 * Go pushgateway's push handler. The body is read and decompressed, the
 * grouping key decoded, the body parsed, and the families handed to the
 * store: 200 once applied, or 202 with `--push.disable-consistency-check`
 * (where, as in Go, a push the store refuses is still answered 202).
 * Every limit (body size, inflated size, series, labels, label length) is
 * checked before the store is touched, so a refused push changes nothing.
 */
import { decodeGroupingKey, type NameValidation } from '@pushgate/protocol';
import type { BodyLimits } from '../body/body-limits.js';
import { decodeContentEncoding } from '../body/content-encoding.js';
import { countSeries } from '../body/count-series.js';
import { enforceLabelLimits, enforceSeriesCount } from '../body/enforce-push-limits.js';
import { parsePushBody } from '../body/parse-push-body.js';
import type { PushLimits } from '../body/push-limits.js';
import { readBody } from '../body/read-body.js';
import { TTL_HEADER, ttlFromHeader } from '../expiry/ttl-header.js';
import type { GatewayMiddleware } from '../http/gateway-state.js';
import { sendEmpty } from '../http/responses.js';
import type { Logger } from '../logging/logger.js';
import { INCONSISTENT_PUSH } from '../middleware/errors.js';
import { type MetricStore, StoreError } from '../storage/store.js';
import { groupingPathOf } from './grouping-path.js';

export interface PushRouteOptions {
  readonly store: MetricStore;
  /** `<route prefix>/metrics/job`: the decoded path up to the job segment. */
  readonly groupingBase: string;
  readonly nameValidation: NameValidation;
  /** Whether pushes wait for the consistency check (200) or are accepted unchecked (202). */
  readonly consistencyCheck: boolean;
  readonly limits: BodyLimits;
  /** Series, label-count and label-length caps, checked before anything is stored. */
  readonly pushLimits: PushLimits;
  /** `--push.max-group-ttl` in milliseconds; 0 = no bound on the `Pushgate-TTL` header. */
  readonly maxGroupTtlMs: number;
  readonly logger: Logger;
  /** The clock, in milliseconds since the epoch (fraction allowed). */
  readonly now: () => number;
}

/** The push handler; `replace` is true for PUT (replace the group), false for POST (replace families). */
export function pushRoute(options: PushRouteOptions, replace: boolean): GatewayMiddleware {
  return async (ctx) => {
    const timestampMs = options.now();
    // Decompression first: Go unwraps the body before its handler looks at the URL.
    const raw = await readBody(ctx.req, options.limits.maxBodyBytes);
    const body = await decodeContentEncoding(
      raw,
      ctx.get('Content-Encoding') || undefined,
      options.limits.maxDecodedBytes,
    );
    const labels = decodeGroupingKey(groupingPathOf(ctx.state.goPath, options.groupingBase), {
      validation: options.nameValidation,
    });
    const contentType = ctx.get('Content-Type') || undefined;
    const { maxSeries, maxLabels } = options.pushLimits;
    // Counted before parsing: parsed metrics take ten times the memory of their text.
    enforceSeriesCount(countSeries(body, contentType, maxSeries, maxLabels), options.pushLimits);
    const families = parsePushBody(body, contentType, options.nameValidation);
    enforceLabelLimits(families, labels, options.pushLimits);
    const ttlMs = ttlFromHeader(ctx.get(TTL_HEADER) || undefined, options.maxGroupTtlMs);
    try {
      await options.store.write(
        ttlMs === undefined
          ? { labels, timestampMs, families, replace }
          : { labels, timestampMs, families, replace, ttlMs },
      );
    } catch (error) {
      if (options.consistencyCheck || !(error instanceof StoreError) || error.code !== 'inconsistent') {
        throw error;
      }
      // Unchecked pushes are answered before Go's store looks at them; a
      // refusal only shows as the group's push_failure_time_seconds.
      options.logger.error(
        { method: ctx.method, source: ctx.request.ip, err: error.message },
        INCONSISTENT_PUSH,
      );
    }
    sendEmpty(ctx, options.consistencyCheck ? 200 : 202);
  };
}
