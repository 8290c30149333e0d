/**
 * Counting the series of a push body before it is parsed, so that an
 * oversized push is refused before the parser builds objects for all of it
 * (parsed metrics take about ten times the memory of their text).
 *
 * A series is what the body spells out as one sample:
 * - text: every sample line (a line that is neither blank nor a comment),
 *   so a histogram counts one per bucket plus `_sum` and `_count`;
 * - protobuf: one per counter, gauge or untyped metric; for a summary, one
 *   per quantile plus two; for a histogram, one per classic bucket, native
 *   bucket span, delta or count, plus two.
 *
 * The protobuf walk only reads the framing; a malformed body is counted as
 * far as it can be and left for the decoder to refuse with its own message.
 */
import { isDelimitedProtobuf } from '@pushgate/protocol';

/** What the walk found, each count stopping once it passes its cap. */
export interface SeriesCount {
  readonly series: number;
  /** Most labels on one protobuf metric (0 for text, whose labels are checked after parsing). */
  readonly mostLabels: number;
}

/**
 * Counts the series of `body` as the push's `Content-Type` says it is
 * encoded, stopping early once the count exceeds `maxSeries` or a metric's
 * labels exceed `maxLabels`.
 */
export function countSeries(
  body: Uint8Array,
  contentType: string | undefined,
  maxSeries: number,
  maxLabels: number,
): SeriesCount {
  return isDelimitedProtobuf(contentType)
    ? countProtobufSeries(body, maxSeries, maxLabels)
    : { series: countTextSeries(body, maxSeries), mostLabels: 0 };
}

const NEWLINE = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;

function countTextSeries(body: Uint8Array, maxSeries: number): number {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  let series = 0;
  let pos = 0;
  while (pos < bytes.length) {
    // The parser skips blanks and tabs at the start of a line.
    let first = bytes[pos];
    while (first === SPACE || first === TAB) first = bytes[++pos];
    if (first !== undefined && first !== NEWLINE && first !== HASH && ++series > maxSeries) return series;
    const end = bytes.indexOf(NEWLINE, pos);
    if (end === -1) break;
    pos = end + 1;
  }
  return series;
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

/** Field numbers of `io.prometheus.client` messages that the count looks into. */
const FAMILY_METRIC = 4;
const METRIC_LABEL = 1;
const METRIC_SUMMARY = 4;
const METRIC_HISTOGRAM = 7;
const SUMMARY_QUANTILE = 3;
const HISTOGRAM_BUCKET = 3;
/** Native-histogram spans, deltas and counts, negative then positive. */
const HISTOGRAM_NATIVE_BUCKETS = new Set([9, 10, 11, 12, 13, 14]);
const FIXED64_FIELDS = new Set([11, 14]);

/** A protobuf field met while walking a message. */
interface Field {
  readonly number: number;
  readonly wireType: number;
  /** For length-delimited fields, where the payload starts and ends. */
  readonly start: number;
  readonly end: number;
}

/** A reader of fields within `[pos, end)`; `next()` is undefined at the end or at malformed bytes. */
class FieldWalker {
  constructor(
    private readonly bytes: Uint8Array,
    private pos: number,
    private readonly end: number,
  ) {}

  next(): Field | undefined {
    if (this.pos >= this.end) return undefined;
    const key = this.varint();
    if (key === undefined) return undefined;
    const wireType = key % 8;
    const number = Math.floor(key / 8);
    const start = this.pos;
    switch (wireType) {
      case WIRE_VARINT:
        if (this.varint() === undefined) return undefined;
        break;
      case WIRE_FIXED64:
        this.pos += 8;
        break;
      case WIRE_FIXED32:
        this.pos += 4;
        break;
      case WIRE_LENGTH_DELIMITED: {
        const length = this.varint();
        if (length === undefined) return undefined;
        const payload = this.pos;
        this.pos += length;
        if (this.pos > this.end) return undefined;
        return { number, wireType, start: payload, end: this.pos };
      }
      default:
        return undefined;
    }
    return this.pos > this.end ? undefined : { number, wireType, start, end: this.pos };
  }

  /** A varint of up to 53 bits (enough for any length this body can have). */
  varint(): number | undefined {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 8 && this.pos < this.end; i++) {
      const byte = this.bytes[this.pos++] ?? 0;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
    return undefined;
  }

  get position(): number {
    return this.pos;
  }

  skipTo(pos: number): void {
    this.pos = pos;
  }
}

function countProtobufSeries(body: Uint8Array, maxSeries: number, maxLabels: number): SeriesCount {
  let series = 0;
  let mostLabels = 0;
  const framing = new FieldWalker(body, 0, body.length);
  while (framing.position < body.length && series <= maxSeries && mostLabels <= maxLabels) {
    const length = framing.varint();
    if (length === undefined) break;
    const start = framing.position;
    const end = start + length;
    if (end > body.length) break;
    const family = new FieldWalker(body, start, end);
    for (let field = family.next(); field !== undefined && series <= maxSeries; field = family.next()) {
      if (field.number !== FAMILY_METRIC || field.wireType !== WIRE_LENGTH_DELIMITED) continue;
      const metric = countMetric(body, field, maxLabels);
      series += metric.series;
      mostLabels = Math.max(mostLabels, metric.labels);
    }
    framing.skipTo(end);
  }
  return { series, mostLabels };
}

function countMetric(body: Uint8Array, metric: Field, maxLabels: number): { series: number; labels: number } {
  let labels = 0;
  let series = 1;
  const fields = new FieldWalker(body, metric.start, metric.end);
  for (let field = fields.next(); field !== undefined && labels <= maxLabels; field = fields.next()) {
    if (field.wireType !== WIRE_LENGTH_DELIMITED) continue;
    if (field.number === METRIC_LABEL) labels++;
    else if (field.number === METRIC_SUMMARY) series = 2 + countEntries(body, field, SUMMARY_QUANTILE);
    else if (field.number === METRIC_HISTOGRAM) series = 2 + countHistogramEntries(body, field);
  }
  return { series, labels };
}

function countEntries(body: Uint8Array, message: Field, number: number): number {
  let entries = 0;
  const fields = new FieldWalker(body, message.start, message.end);
  for (let field = fields.next(); field !== undefined; field = fields.next()) {
    if (field.number === number) entries++;
  }
  return entries;
}

function countHistogramEntries(body: Uint8Array, histogram: Field): number {
  let entries = 0;
  const fields = new FieldWalker(body, histogram.start, histogram.end);
  for (let field = fields.next(); field !== undefined; field = fields.next()) {
    if (field.number === HISTOGRAM_BUCKET) entries++;
    else if (HISTOGRAM_NATIVE_BUCKETS.has(field.number)) entries += nativeEntries(body, field);
  }
  return entries;
}

/** How many values a native-bucket field holds: one if unpacked, the packed count otherwise. */
function nativeEntries(body: Uint8Array, field: Field): number {
  if (field.wireType !== WIRE_LENGTH_DELIMITED || field.number === 9 || field.number === 12) return 1;
  if (FIXED64_FIELDS.has(field.number)) return Math.floor((field.end - field.start) / 8);
  // Packed varints: each ends with a byte below 0x80.
  let values = 0;
  for (let i = field.start; i < field.end; i++) if ((body[i] ?? 0) < 0x80) values++;
  return values;
}
