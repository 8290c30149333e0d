import {
  decodeDelimited,
  isDelimitedProtobuf,
  isValidMetricName,
  type MetricFamily,
  type NameValidation,
  ProtocolError,
  parseText,
} from '@pushgate/protocol';

/**
 * Parses a (decompressed) push body: delimited protobuf when the
 * Content-Type says exactly that, the text format otherwise — Go's rule.
 *
 * Unlike Go, protobuf family names are validated: Go stores an empty or
 * invalid name and then serves broken scrapes (its bug 12.4), so such a push
 * is refused here with `invalid metric name "<name>"`.
 *
 * @throws {ProtocolError} with the parser's (Go's) message.
 */
export function parsePushBody(
  body: Uint8Array,
  contentType: string | undefined,
  validation: NameValidation,
): MetricFamily[] {
  if (!isDelimitedProtobuf(contentType)) return parseText(body, { validation });
  const families = decodeDelimited(body);
  for (const family of families) {
    if (!isValidMetricName(family.name, validation)) {
      throw new ProtocolError('invalid_metric_name', `invalid metric name ${JSON.stringify(family.name)}`);
    }
  }
  return families;
}
