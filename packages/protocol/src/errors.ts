/**
 * Errors as data, in the style of zod's issues: every refusal of the protocol
 * package is a {@link ProtocolError} with a machine-readable `code`, a message
 * that matches the Go pushgateway's wording where one exists, and where it
 * happened. Nothing else is ever thrown for bad input.
 */

export type ProtocolErrorCode =
  /** Text exposition: any syntax or rule violation of format 0.0.4. */
  | 'text_syntax'
  /** Text or protobuf: a body, name or label value is not valid UTF-8. */
  | 'invalid_utf8'
  /** A metric name fails validation. */
  | 'invalid_metric_name'
  /** A label name fails validation or is reserved. */
  | 'invalid_label_name'
  /** Protobuf: truncated message, bad wire type, bad varint, or similar. */
  | 'protobuf_syntax'
  /** Protobuf: a length prefix above the configured maximum. */
  | 'protobuf_too_large'
  /** Grouping-key path: odd number of components. */
  | 'odd_label_components'
  /** Grouping-key path: bad base64 in the job or a label value. */
  | 'invalid_base64'
  /** Grouping-key path: empty job. */
  | 'job_required'
  /** A value that must be UTF-8 (label value, job) is not. */
  | 'invalid_label_value';

/** Where a problem was found: a line of a text body, a byte offset, or a path segment. */
export interface ProtocolErrorLocation {
  /** 1-based line number in a text exposition. */
  line?: number;
  /** 0-based byte offset in a protobuf body. */
  offset?: number;
  /** The grouping-key label name (or `job`) the problem concerns. */
  label?: string;
}

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code: ProtocolErrorCode;
  readonly location: ProtocolErrorLocation;

  constructor(code: ProtocolErrorCode, message: string, location: ProtocolErrorLocation = {}) {
    super(message);
    this.code = code;
    this.location = location;
  }
}

export function isProtocolError(err: unknown): err is ProtocolError {
  return err instanceof ProtocolError;
}
