/**
 * Why a call failed, as data:
 * - `http`: the gateway answered 4xx or 5xx; `status` and `body` hold its answer.
 * - `redirect`: the gateway answered 3xx. Redirects are never followed (see docs/client.md).
 * - `timeout`: one attempt exceeded the `timeout` option.
 * - `network`: no HTTP answer at all (refused, reset, DNS, TLS).
 * - `aborted`: the caller's `signal` fired.
 * - `invalid_options`: the constructor options or call parameters were refused; see `issues`.
 * - `invalid_metrics`: the metrics could not be encoded (bad text for protobuf, bad registry output).
 */
export type PushgatewayErrorCode =
  | 'http'
  | 'redirect'
  | 'timeout'
  | 'network'
  | 'aborted'
  | 'invalid_options'
  | 'invalid_metrics';

/** One refused option or parameter: where it is (`retries.attempts`, `grouping.a-b`) and why. */
export interface OptionIssue {
  readonly path: string;
  readonly message: string;
}

/** The structured details of a {@link PushgatewayError}; all but `code` and `message` are optional. */
export interface PushgatewayErrorDetails {
  readonly code: PushgatewayErrorCode;
  readonly message: string;
  /** HTTP method of the request, once one was built. */
  readonly method?: string;
  /** Request URL, without credentials. */
  readonly url?: string;
  /** HTTP status, for `http` and `redirect`. */
  readonly status?: number;
  /** The gateway's response body, verbatim, for `http` and `redirect`. */
  readonly body?: string;
  /** The `Location` header of a redirect. */
  readonly redirectLocation?: string;
  /** How many HTTP attempts were made (0 when the request was never sent). */
  readonly attempts?: number;
  readonly issues?: readonly OptionIssue[];
  readonly cause?: unknown;
}

/**
 * The only error `@pushgate/client` throws or rejects with. Branch on `code`;
 * `message` is for humans and names the method, URL and the gateway's answer.
 */
export class PushgatewayError extends Error {
  override readonly name = 'PushgatewayError';
  readonly code: PushgatewayErrorCode;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly status: number | undefined;
  readonly body: string | undefined;
  readonly redirectLocation: string | undefined;
  readonly attempts: number;
  readonly issues: readonly OptionIssue[];

  constructor(details: PushgatewayErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.body = details.body;
    this.redirectLocation = details.redirectLocation;
    this.attempts = details.attempts ?? 0;
    this.issues = details.issues ?? [];
  }
}

/** Type guard for {@link PushgatewayError}, optionally of one code. */
export function isPushgatewayError(err: unknown, code?: PushgatewayErrorCode): err is PushgatewayError {
  return err instanceof PushgatewayError && (code === undefined || err.code === code);
}
