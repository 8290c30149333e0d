import { z } from 'zod/mini';
import type { BasicAuth } from './basic-auth.js';
import { describeIssue, invalidOptionsError, toOptionIssues } from './option-issues.js';
import type { RetryPolicy } from './retry-policy.js';

/** The subset of `fetch` the client calls; pass your own to add proxies, TLS settings or tracing. */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

/** Options of `new Pushgateway(url, options)`. All are optional; see docs/client.md for defaults. */
export interface PushgatewayOptions {
  /**
   * Milliseconds one attempt may take, from sending the request to having read
   * the whole response (not an idle-socket timeout). `0` disables. Default 10000.
   */
  readonly timeout?: number;
  /** Extra request headers. Content-Type, Content-Encoding, Authorization and Pushgate-TTL set by the client win. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Basic credentials. Credentials in the URL (`http://user:pass@host`) are used the same way. */
  readonly basicAuth?: BasicAuth;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly bearerToken?: string;
  /** `'gzip'` compresses push bodies with `CompressionStream`. Default `'none'`. */
  readonly compression?: 'gzip' | 'none';
  /** Wire format of pushes. Default `'text'` (format 0.0.4), which every gateway accepts. */
  readonly format?: 'text' | 'protobuf';
  /** Retries for network errors, timeouts, 5xx and 429; never for other 4xx. Default: 1 attempt (no retry). */
  readonly retries?: Partial<RetryPolicy>;
  /** The fetch implementation. Default: the global `fetch`, looked up at call time. */
  readonly fetch?: FetchFunction;
}

/** {@link PushgatewayOptions} after validation and defaults. */
export interface ResolvedOptions {
  readonly timeoutMs: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly basicAuth: BasicAuth | undefined;
  readonly bearerToken: string | undefined;
  readonly compression: 'gzip' | 'none';
  readonly format: 'text' | 'protobuf';
  readonly retries: RetryPolicy;
  readonly fetch: FetchFunction;
}

function areValidHeaders(headers: Record<string, string>): boolean {
  try {
    new Headers(headers);
    return true;
  } catch {
    return false;
  }
}

// Timers fire at once beyond 2^31-1 ms, so longer timeouts and delays are refused.
const MAX_TIMER_MS = 2_147_483_647;
const delayMs = z.int().check(z.nonnegative(), z.maximum(MAX_TIMER_MS));

const optionsSchema = z
  .strictObject({
    timeout: z._default(delayMs, 10_000),
    headers: z._default(
      z
        .record(z.string(), z.string())
        .check(z.refine(areValidHeaders, 'contains an invalid HTTP header name or value')),
      {},
    ),
    basicAuth: z.optional(
      z.strictObject({
        username: z
          .string()
          .check(z.refine((name) => !name.includes(':'), 'must not contain ":" (RFC 7617)')),
        password: z.string(),
      }),
    ),
    bearerToken: z.optional(z.string().check(z.minLength(1))),
    compression: z._default(z.enum(['gzip', 'none']), 'none'),
    format: z._default(z.enum(['text', 'protobuf']), 'text'),
    retries: z.prefault(
      z
        .strictObject({
          attempts: z._default(z.int().check(z.minimum(1)), 1),
          minDelayMs: z._default(delayMs, 100),
          maxDelayMs: z._default(delayMs, 10_000),
        })
        .check(
          z.refine(
            (policy) => policy.minDelayMs <= policy.maxDelayMs,
            'minDelayMs must not exceed maxDelayMs',
          ),
        ),
      {},
    ),
    fetch: z.optional(z.custom<FetchFunction>((value) => typeof value === 'function', 'must be a function')),
  })
  .check(
    z.refine(
      (options) => options.basicAuth === undefined || options.bearerToken === undefined,
      'basicAuth and bearerToken are mutually exclusive',
    ),
  );

const globalFetch: FetchFunction = (url, init) => globalThis.fetch(url, init);

/**
 * Validates constructor options and fills in defaults. Throws
 * {@link PushgatewayError} `invalid_options` listing every problem; unknown
 * keys are refused so that a typo (`timeoutMs`) does not go unnoticed.
 */
export function resolveOptions(options: unknown): ResolvedOptions {
  const result = optionsSchema.safeParse(options ?? {}, { error: describeIssue });
  if (!result.success) throw invalidOptionsError('Pushgateway options', toOptionIssues(result.error, ''));
  const parsed = result.data;
  return {
    timeoutMs: parsed.timeout,
    headers: parsed.headers,
    basicAuth: parsed.basicAuth,
    bearerToken: parsed.bearerToken,
    compression: parsed.compression,
    format: parsed.format,
    retries: parsed.retries,
    fetch: parsed.fetch ?? globalFetch,
  };
}
