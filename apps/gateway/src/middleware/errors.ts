/**
 * The one place where errors become HTTP responses, in the shape of Go's
 * `http.Error` (message, newline, `text/plain; charset=utf-8`, `nosniff`):
 *
 * - {@link ProtocolError} (bad grouping key, unparsable body): 400 with its
 *   message, which already is Go's text;
 * - {@link StoreError} `inconsistent`: 400 `pushed metrics are invalid or
 *   inconsistent with existing metrics: <problem>`; `too_many_groups`: 429
 *   (`--push.max-groups` reached); `unavailable`: 503;
 * - koa-style errors (`status`, `expose`, e.g. {@link HttpError}): their
 *   status, with the message when exposed, the status text otherwise;
 * - anything else: 500 `Internal Server Error`, logged with its stack.
 */

import { STATUS_CODES } from 'node:http';
import { isProtocolError } from '@pushgate/protocol';
import type { GatewayContext, GatewayMiddleware } from '../http/gateway-state.js';
import { sendGoError } from '../http/responses.js';
import type { Logger } from '../logging/logger.js';
import { StoreError } from '../storage/store.js';

/** The prefix Go puts before a refused push's problems. */
export const INCONSISTENT_PUSH = 'pushed metrics are invalid or inconsistent with existing metrics';

/** An HTTP answer for an error. */
interface ErrorAnswer {
  readonly status: number;
  readonly message: string;
}

/** Creates the error middleware; install it first so it sees every error. */
export function errorHandler(logger: Logger): GatewayMiddleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const answer = answerFor(error);
      log(logger, ctx, error, answer);
      if (ctx.headerSent || !ctx.writable) return;
      for (const name of ctx.res.getHeaderNames()) ctx.res.removeHeader(name);
      // The rest of a refused body is not read: close instead of draining it.
      if (answer.status === 413) ctx.set('Connection', 'close');
      sendGoError(ctx, answer.status, answer.message);
    }
  };
}

/** The status and body message for `error`. */
function answerFor(error: unknown): ErrorAnswer {
  if (isProtocolError(error)) return { status: 400, message: error.message };
  if (error instanceof StoreError) {
    switch (error.code) {
      case 'inconsistent':
        return { status: 400, message: `${INCONSISTENT_PUSH}: ${error.message}` };
      case 'too_many_groups':
        return { status: 429, message: error.message };
      case 'unavailable':
        return { status: 503, message: error.message };
    }
  }
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 600 && STATUS_CODES[status] !== undefined) {
    const exposed = (error as { expose?: unknown }).expose === true && error instanceof Error;
    return { status, message: exposed ? error.message : (STATUS_CODES[status] ?? '') };
  }
  return { status: 500, message: STATUS_CODES[500] ?? 'Internal Server Error' };
}

function log(logger: Logger, ctx: GatewayContext, error: unknown, answer: ErrorAnswer): void {
  const fields = { method: ctx.method, path: ctx.originalUrl, source: ctx.request.ip, err: answer.message };
  if (error instanceof StoreError && error.code === 'inconsistent') {
    logger.error(fields, INCONSISTENT_PUSH);
  } else if (answer.status >= 500) {
    logger.error(
      { ...fields, err: error instanceof Error ? (error.stack ?? error.message) : String(error) },
      'request failed',
    );
  } else {
    logger.debug(fields, 'request refused');
  }
}
