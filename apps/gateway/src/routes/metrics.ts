/**
 * `GET <telemetry path>`: every pushed family merged with the gateway's own,
 * in the format the `Accept` header negotiates (Go's expfmt rules: text
 * 0.0.4 unless delimited protobuf is asked for), gzip-compressed when
 * `Accept-Encoding` allows it. A Content-Type is always sent.
 */

import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import {
  encodeDelimited,
  negotiateScrapeFormat,
  type ScrapeFormat,
  scrapeContentType,
} from '@pushgate/protocol';
import type { GatewayMiddleware } from '../http/gateway-state.js';
import { sendGoError } from '../http/responses.js';
import type { Logger } from '../logging/logger.js';
import type { OwnMetrics } from '../own-metrics/own-metrics.js';
import type { Exposition } from '../render/exposition.js';

const gzipAsync = promisify(gzip);

export interface MetricsRouteOptions {
  readonly exposition: Exposition;
  readonly ownMetrics: Pick<OwnMetrics, 'families'>;
  readonly logger: Logger;
}

/** The scrape handler. */
export function metricsRoute(options: MetricsRouteOptions): GatewayMiddleware {
  return async (ctx) => {
    const format = servedFormat(negotiateScrapeFormat(ctx.get('Accept') || undefined));
    let body: Buffer;
    try {
      const own = await options.ownMetrics.families();
      body =
        format === 'protobuf-delimited'
          ? Buffer.from(encodeDelimited(options.exposition.families(own)))
          : options.exposition.text(own);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      options.logger.error({ err: message }, `error gathering metrics: ${message}`);
      sendGoError(ctx, 500, `An error has occurred while serving metrics:\n\n${message}`);
      return;
    }
    ctx.status = 200;
    ctx.set('Content-Type', scrapeContentType(format));
    ctx.vary('Accept-Encoding');
    if (acceptsGzip(ctx.get('Accept-Encoding'))) {
      ctx.set('Content-Encoding', 'gzip');
      body = await gzipAsync(body, { level: constants.Z_BEST_SPEED });
    }
    ctx.body = body;
  };
}

/**
 * The format actually served: Go also offers the protobuf text formats,
 * which nothing scrapes with in practice; those requests get the text
 * exposition (see docs/compatibility.md).
 */
function servedFormat(negotiated: ScrapeFormat): ScrapeFormat {
  return negotiated === 'protobuf-delimited' ? negotiated : 'text';
}

/** Whether `Accept-Encoding` lists `gzip` with a non-zero quality. */
function acceptsGzip(acceptEncoding: string): boolean {
  return acceptEncoding.split(',').some((clause) => {
    const [coding = '', ...params] = clause.split(';').map((part) => part.trim());
    if (coding.toLowerCase() !== 'gzip') return false;
    const quality = params.find((param) => /^q=/i.test(param));
    return quality === undefined || Number(quality.slice(2)) > 0;
  });
}
