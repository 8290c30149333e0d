/**
 * Errors the HTTP layer raises itself, in koa's error contract: a `status`,
 * an `expose` flag (the message is shown to the client), and a machine code.
 * Protocol and store refusals keep their own classes; the error middleware
 * maps all of them.
 */

export type HttpErrorCode =
  /** The request body cannot be decoded (gzip or snappy), with Go's message. */
  | 'bad_content_encoding'
  /** The request body, raw or decompressed, exceeds a size limit. */
  | 'payload_too_large'
  /** The `Pushgate-TTL` header is not a duration, or exceeds `--push.max-group-ttl`. */
  | 'bad_ttl'
  /** A push carries more series than `--push.max-series` allows. */
  | 'too_many_series'
  /** A series has more labels than `--push.max-labels` allows. */
  | 'too_many_labels'
  /** A metric name, label name or label value is longer than `--push.max-label-length` allows. */
  | 'label_too_long'
  /** The client stopped sending (or was cut off by the read timeout) before its body was complete. */
  | 'body_incomplete';

const STATUS: Readonly<Record<HttpErrorCode, number>> = {
  bad_content_encoding: 400,
  payload_too_large: 413,
  bad_ttl: 400,
  too_many_series: 413,
  too_many_labels: 400,
  label_too_long: 400,
  body_incomplete: 400,
};

export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly code: HttpErrorCode;
  readonly status: number;
  /** Always shown: these messages are written for the client. */
  readonly expose = true;

  constructor(code: HttpErrorCode, message: string) {
    super(message);
    this.code = code;
    this.status = STATUS[code];
  }
}
