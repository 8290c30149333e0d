/**
 * `GET <telemetry path>`: every pushed family merged with the gateway's own,
 * in the format the `Accept` header negotiates (Go's expfmt rules: text
 * 0.0.4 unless delimited protobuf is asked for), gzip-compressed when
 * `Accept-Encoding` allows it. A Content-Type is always sent.
 */

import {
  encodeDelimited,
  negotiateScrapeFormat,
  type ScrapeFormat,
  scrapeContentType,
} from '@pushgate/protocol';
import type { GatewayContext, GatewayMiddleware } from '../http/gateway-state.js';
import { sendGoError } from '../http/responses.js';
import type { Logger } from '../logging/logger.js';
import type { OwnMetrics } from '../own-metrics/own-metrics.js';
import type { Exposition } from '../render/exposition.js';
import { gzipChunks } from '../render/gzip-chunks.js';
import type { StoreFreshness } from '../storage/redis/store-freshness.js';

export interface MetricsRouteOptions {
  readonly exposition: Exposition;
  readonly ownMetrics: Pick<OwnMetrics, 'families'>;
  readonly logger: Logger;
  /** With Redis: brings this replica's copy up to date before a scrape (read-your-writes). */
  readonly freshness?: StoreFreshness | undefined;
}

/**
 * The scrape handler. The text is sent as the exposition's cached chunks,
 * never copied into one buffer, and compressed from per-chunk segments
 * cached alongside them (see `gzipChunks`).
 */
export function metricsRoute(options: MetricsRouteOptions): GatewayMiddleware {
  return async (ctx) => {
    const format = servedFormat(negotiateScrapeFormat(ctx.get('Accept') || undefined));
    await options.freshness?.catchUp();
    let chunks: readonly Buffer[];
    try {
      const own = await options.ownMetrics.families();
      chunks =
        format === 'protobuf-delimited'
          ? [Buffer.from(encodeDelimited(options.exposition.families(own)))]
          : options.exposition.chunks(own);
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
      chunks = gzipChunks(chunks);
    }
    sendChunks(ctx, chunks);
  };
}

/**
 * Answers with `chunks` as the body, written straight to the socket in one
 * corked batch (a single writev) rather than through a stream, which would
 * cost a write per chunk. The status and headers set on `ctx` are sent.
 */
function sendChunks(ctx: GatewayContext, chunks: readonly Buffer[]): void {
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  ctx.length = length;
  ctx.respond = false;
  const res = ctx.res;
  res.writeHead(ctx.status);
  res.cork();
  for (const chunk of chunks) if (chunk.length > 0) res.write(chunk);
  res.end();
  res.uncork();
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
