/**
 * Self-instrumentation of handlers as the Go pushgateway does it:
 * `pushgateway_http_requests_total{code,handler,method}` for every
 * instrumented handler (not for scrapes, redirects, 404s or 405s), and for
 * pushes also the request duration and approximate size.
 */
import { performance } from 'node:perf_hooks';
import type { GatewayContext, GatewayMiddleware } from '../http/gateway-state.js';
import type { OwnMetrics } from '../own-metrics/own-metrics.js';

export interface InstrumentOptions {
  /** The `handler` label: `push`, `delete`, `healthy`, `ready`, `wipe`, `api/v1/status`, ... */
  readonly handler: string;
  /** Also record `pushgateway_http_push_duration_seconds` and `..._push_size_bytes`. */
  readonly push?: boolean;
}

/**
 * Wraps the rest of the route in instrumentation. The request is recorded
 * once its response is finished or aborted, with the status actually sent,
 * so errors mapped by the error middleware are counted with their code.
 */
export function instrument(metrics: OwnMetrics, options: InstrumentOptions): GatewayMiddleware {
  return async (ctx, next) => {
    const start = performance.now();
    const size = options.push ? approximateRequestSize(ctx) : 0;
    ctx.res.once('close', () => {
      metrics.countRequest(options.handler, ctx.method, ctx.res.statusCode);
      if (options.push) metrics.observePush(ctx.method, (performance.now() - start) / 1000, size);
    });
    await next();
  };
}

/**
 * client_golang's `computeApproximateRequestSize`: the lengths of the URL,
 * method, protocol, header names and values (Host apart) and host, plus the
 * declared body length.
 */
function approximateRequestSize(ctx: GatewayContext): number {
  const request = ctx.req;
  let size = ctx.originalUrl.length + ctx.method.length + `HTTP/${request.httpVersion}`.length;
  const raw = request.rawHeaders;
  let host = '';
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? '';
    const value = raw[i + 1] ?? '';
    if (name.toLowerCase() === 'host') {
      host = value;
      continue;
    }
    size += name.length + value.length;
  }
  size += host.length;
  const contentLength = Number(request.headers['content-length']);
  if (Number.isFinite(contentLength)) size += contentLength;
  return size;
}
