import type { FetchFunction } from './client-options.js';
import { PushgatewayError } from './pushgateway-error.js';
import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs, type RetryPolicy } from './retry-policy.js';

/** One HTTP request as the client sends it, possibly several times. */
export interface PlannedRequest {
  readonly method: 'PUT' | 'POST' | 'DELETE';
  readonly url: string;
  readonly headers: Headers;
  readonly body: Uint8Array | undefined;
}

/** How to send a {@link PlannedRequest}. */
export interface SendSettings {
  readonly fetch: FetchFunction;
  readonly timeoutMs: number;
  readonly retries: RetryPolicy;
  readonly signal: AbortSignal | undefined;
}

/** A successful (2xx) answer of the gateway. */
export interface PushResponse {
  /** 200 when the gateway applied the change, 202 when it only queued it. */
  readonly status: number;
  /** The URL the request went to. */
  readonly url: string;
  /** How many attempts it took (1 without retries). */
  readonly attempts: number;
}

type AttemptResult =
  | { readonly kind: 'answer'; readonly response: Response; readonly body: string }
  | { readonly kind: 'failure'; readonly error: PushgatewayError };

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  // undici reports "fetch failed" and keeps the useful part (ECONNREFUSED ...) in `cause`.
  const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
  return `${cause.message}${inner}`;
}

/**
 * One attempt, bounded by `timeoutMs` from the call of `fetch` to the last
 * byte of the response body. The bound holds even for a custom fetch that
 * ignores its signal, because the attempt races against the abort.
 */
async function attemptOnce(
  request: PlannedRequest,
  settings: SendSettings,
  attempt: number,
): Promise<AttemptResult> {
  const { method, url } = request;
  const controller = new AbortController();
  let ended: 'timeout' | 'aborted' | undefined;
  let rejectOnAbort: (reason: unknown) => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    rejectOnAbort = reject;
  });
  const end = (why: 'timeout' | 'aborted', reason: unknown): void => {
    ended ??= why;
    controller.abort(reason);
    rejectOnAbort(reason);
  };
  const timer =
    settings.timeoutMs > 0
      ? setTimeout(() => end('timeout', new Error('timeout')), settings.timeoutMs)
      : undefined;
  const onAbort = (): void => end('aborted', settings.signal?.reason);
  settings.signal?.addEventListener('abort', onAbort, { once: true });
  const exchange = (async () => {
    const response = await settings.fetch(url, {
      method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body as Uint8Array<ArrayBuffer> }),
      redirect: 'manual',
      signal: controller.signal,
    });
    return { response, body: await response.text() };
  })();
  // The race may leave `exchange` to fail later; that failure is already accounted for.
  exchange.catch(() => {});
  aborted.catch(() => {});
  try {
    const { response, body } = await Promise.race([exchange, aborted]);
    return { kind: 'answer', response, body };
  } catch (cause) {
    const base = { method, url, attempts: attempt, cause };
    if (ended === 'timeout') {
      const message = `${method} ${url} timed out after ${settings.timeoutMs} ms`;
      return { kind: 'failure', error: new PushgatewayError({ ...base, code: 'timeout', message }) };
    }
    if (ended === 'aborted') {
      const message = `${method} ${url} was aborted: ${describeCause(settings.signal?.reason)}`;
      return { kind: 'failure', error: new PushgatewayError({ ...base, code: 'aborted', message }) };
    }
    const message = `${method} ${url} failed: ${describeCause(cause)}`;
    return { kind: 'failure', error: new PushgatewayError({ ...base, code: 'network', message }) };
  } finally {
    clearTimeout(timer);
    settings.signal?.removeEventListener('abort', onAbort);
  }
}

/** Turns a non-2xx answer into the error it means. */
function answerError(
  request: PlannedRequest,
  response: Response,
  body: string,
  attempt: number,
): PushgatewayError {
  const { method, url } = request;
  const base = { method, url, status: response.status, body, attempts: attempt };
  // Browsers hide manual redirects behind an opaque response with status 0.
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    const location = response.headers.get('location') ?? undefined;
    const target = location === undefined ? '' : ` to ${location}`;
    return new PushgatewayError({
      ...base,
      code: 'redirect',
      ...(location === undefined ? {} : { redirectLocation: location }),
      message: `${method} ${url}: gateway answered ${response.status} redirecting${target}; redirects are not followed, fix the gateway URL`,
    });
  }
  const text = body.trimEnd();
  return new PushgatewayError({
    ...base,
    code: 'http',
    message: `${method} ${url}: gateway answered ${response.status}${text === '' ? '' : `: ${text}`}`,
  });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * How long to wait before retrying after `error`, or `undefined` to give up:
 * only network errors, timeouts, 5xx and 429 are retried; a `Retry-After`
 * longer than `maxDelayMs` ends the retries rather than being cut short.
 */
function retryDelayMs(
  error: PushgatewayError,
  headers: Headers | undefined,
  settings: SendSettings,
  retry: number,
): number | undefined {
  if (error.code === 'timeout' || error.code === 'network') return backoffDelayMs(settings.retries, retry);
  if (error.code !== 'http' || error.status === undefined || !isRetryableStatus(error.status)) {
    return undefined;
  }
  const retryAfter = parseRetryAfterMs(headers?.get('retry-after') ?? null, Date.now());
  if (retryAfter === undefined) return backoffDelayMs(settings.retries, retry);
  return retryAfter <= settings.retries.maxDelayMs ? retryAfter : undefined;
}

/**
 * Sends `request` until it gets a 2xx answer, retrying as the policy allows.
 * Resolves with the answer; rejects with a {@link PushgatewayError} of code
 * `http`, `redirect`, `timeout`, `network` or `aborted` describing the last
 * failure. Never follows redirects.
 */
export async function sendRequest(request: PlannedRequest, settings: SendSettings): Promise<PushResponse> {
  for (let attempt = 1; ; attempt++) {
    if (settings.signal?.aborted) {
      throw new PushgatewayError({
        code: 'aborted',
        method: request.method,
        url: request.url,
        attempts: attempt - 1,
        message: `${request.method} ${request.url} was aborted: ${describeCause(settings.signal.reason)}`,
        cause: settings.signal.reason,
      });
    }
    const result = await attemptOnce(request, settings, attempt);
    if (result.kind === 'answer' && result.response.status >= 200 && result.response.status < 300) {
      return { status: result.response.status, url: request.url, attempts: attempt };
    }
    const error =
      result.kind === 'answer' ? answerError(request, result.response, result.body, attempt) : result.error;
    const headers = result.kind === 'answer' ? result.response.headers : undefined;
    const delay =
      attempt < settings.retries.attempts ? retryDelayMs(error, headers, settings, attempt) : undefined;
    if (delay === undefined) throw error;
    // An abort during the wait is reported by the check at the top of the loop.
    await sleep(delay, settings.signal).catch(() => {});
  }
}
