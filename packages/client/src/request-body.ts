import {
  encodeDelimited,
  isProtocolError,
  type MetricFamily,
  PROTOBUF_DELIMITED_CONTENT_TYPE,
  parseText,
  TEXT_CONTENT_TYPE,
  writeText,
} from '@pushgate/protocol';
import { gzip } from './gzip.js';
import { familiesFromRegistry, type PromClientRegistryLike } from './prom-client-registry.js';
import { PushgatewayError } from './pushgateway-error.js';

/**
 * What can be pushed: text exposition (format 0.0.4), protocol
 * {@link MetricFamily}s, or a prom-client registry.
 */
export type Metrics = string | readonly MetricFamily[] | PromClientRegistryLike;

/** A push body ready for `fetch`. */
export interface RequestBody {
  readonly bytes: Uint8Array;
  readonly contentType: string;
  readonly contentEncoding: 'gzip' | undefined;
}

// Array.isArray does not narrow readonly arrays out of a union; this guard does.
function isFamilyList(metrics: Metrics): metrics is readonly MetricFamily[] {
  return Array.isArray(metrics);
}

function invalidMetrics(what: string, cause: unknown): PushgatewayError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new PushgatewayError({ code: 'invalid_metrics', message: `${what}: ${reason}`, cause });
}

/**
 * Text is sent as given, except that a missing final newline is added: the Go
 * gateway refuses a body without one ("unexpected end of input stream").
 */
function textExposition(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

function toText(metrics: string | readonly MetricFamily[]): string {
  if (typeof metrics === 'string') return textExposition(metrics);
  try {
    return writeText(metrics);
  } catch (cause) {
    throw invalidMetrics('cannot write metrics as text', cause);
  }
}

function toProtobuf(metrics: string | readonly MetricFamily[]): Uint8Array {
  try {
    return encodeDelimited(typeof metrics === 'string' ? parseText(textExposition(metrics)) : metrics);
  } catch (cause) {
    if (isProtocolError(cause) && typeof metrics === 'string') {
      throw invalidMetrics('metrics text is not valid exposition format 0.0.4', cause);
    }
    throw invalidMetrics('cannot encode metrics as protobuf', cause);
  }
}

/**
 * Encodes metrics as a push body in `format` (with its Content-Type),
 * gzipped when asked. A registry is read once here, so retries resend the
 * same snapshot. Rejects with {@link PushgatewayError} `invalid_metrics` when
 * the metrics cannot be encoded.
 */
export async function encodeRequestBody(
  metrics: Metrics,
  format: 'text' | 'protobuf',
  compression: 'gzip' | 'none',
): Promise<RequestBody> {
  const content =
    typeof metrics === 'string' || isFamilyList(metrics) ? metrics : await familiesFromRegistry(metrics);
  const bytes = format === 'text' ? new TextEncoder().encode(toText(content)) : toProtobuf(content);
  return compression === 'gzip'
    ? { bytes: await gzip(bytes), contentType: contentTypeOf(format), contentEncoding: 'gzip' }
    : { bytes, contentType: contentTypeOf(format), contentEncoding: undefined };
}

/** The Content-Type of a push in `format`. */
export function contentTypeOf(format: 'text' | 'protobuf'): string {
  return format === 'text' ? TEXT_CONTENT_TYPE : PROTOBUF_DELIMITED_CONTENT_TYPE;
}
