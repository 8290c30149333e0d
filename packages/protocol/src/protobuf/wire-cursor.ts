import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { ProtocolError } from '../errors.js';

/** Go's wording for every read past the end of a message or body. */
export const UNEXPECTED_EOF = 'unexpected EOF';

/** Strings shorter than this are decoded by hand when they are pure ASCII, which most names are. */
const ASCII_FAST_PATH_MAX = 32;

/** Nesting limit for skipped groups, so that a crafted body cannot exhaust the stack. */
const MAX_GROUP_DEPTH = 100;

/** Decodes strings strictly: a string field that is not UTF-8 is refused, never patched with U+FFFD. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads protobuf wire values from one delimited body, with bounds checked
 * against the end of the enclosing message rather than the end of the body,
 * and with every problem reported as a {@link ProtocolError} at an absolute
 * byte offset. Varints and doubles come from @bufbuild/protobuf's
 * BinaryReader; lengths, strings and skipping are checked here because the
 * reader only checks against the whole buffer and truncates long varints.
 */
export class WireCursor {
  private readonly reader: BinaryReader;
  private readonly body: Uint8Array;
  /** Offset of the last key read, for error locations. */
  private keyOffset = 0;

  constructor(body: Uint8Array) {
    this.body = body;
    this.reader = new BinaryReader(body);
  }

  /** The absolute offset of the next byte to read. */
  get pos(): number {
    return this.reader.pos;
  }

  set pos(value: number) {
    this.reader.pos = value;
  }

  /**
   * Reads a field key, `(field number << 3) | wire type`, refusing field
   * number 0, wire types 6 and 7, and keys longer than a uint32. Keys are
   * plain numbers (no object per field) because decoding is allocation-bound.
   */
  key(end: number): number {
    const offset = this.reader.pos;
    this.keyOffset = offset;
    const tag = this.reader.uint32();
    this.assertWithin(end, offset);
    const length = this.reader.pos - offset;
    const fieldNumber = tag >>> 3;
    const wireType = tag & 7;
    if (length > 5 || (length === 5 && this.body[offset + 4]! > 0x0f)) {
      throw new ProtocolError('protobuf_syntax', 'proto: field key overflows uint32', { offset });
    }
    if (wireType > WireType.Bit32) {
      throw new ProtocolError('protobuf_syntax', `proto: can't skip unknown wire type ${wireType}`, {
        offset,
      });
    }
    if (fieldNumber === 0) {
      throw new ProtocolError('protobuf_syntax', `proto: illegal tag 0 (wire type ${wireType})`, { offset });
    }
    return tag;
  }

  /**
   * Reads the length of a length-delimited value and returns where the value
   * ends; the value must end within `end`.
   */
  lengthDelimitedEnd(end: number): number {
    const offset = this.reader.pos;
    const length = this.varintAsNumber(end);
    const valueEnd = this.reader.pos + length;
    if (valueEnd > end) {
      throw new ProtocolError('protobuf_syntax', UNEXPECTED_EOF, { offset });
    }
    return valueEnd;
  }

  /** Reads a string field's bytes as strict UTF-8; `field` names it in the error. */
  string(end: number, field: string): string {
    const keyOffset = this.keyOffset;
    const stringEnd = this.lengthDelimitedEnd(end);
    const start = this.reader.pos;
    this.reader.pos = stringEnd;
    const body = this.body;
    const length = stringEnd - start;
    if (length <= ASCII_FAST_PATH_MAX) {
      // Building short ASCII strings by hand skips a subarray and a call into
      // TextDecoder per string, which dominate for label names and values.
      let text = '';
      let i = start;
      for (; i < stringEnd; i++) {
        const byte = body[i]!;
        if (byte > 0x7f) break;
        text += String.fromCharCode(byte);
      }
      if (i === stringEnd) return text;
    }
    try {
      return strictUtf8.decode(body.subarray(start, stringEnd));
    } catch {
      throw new ProtocolError('invalid_utf8', `proto: invalid UTF-8 in ${field}`, { offset: keyOffset });
    }
  }

  /** Reads a little-endian IEEE 754 double, keeping NaN payloads. */
  double(end: number): number {
    if (this.reader.pos + 8 > end) {
      throw new ProtocolError('protobuf_syntax', UNEXPECTED_EOF, { offset: this.reader.pos });
    }
    return this.reader.double();
  }

  uint32(end: number): number {
    const offset = this.reader.pos;
    const value = this.reader.uint32();
    this.assertWithin(end, offset);
    return value;
  }

  int32(end: number): number {
    const offset = this.reader.pos;
    const value = this.reader.int32();
    this.assertWithin(end, offset);
    return value;
  }

  sint32(end: number): number {
    const offset = this.reader.pos;
    const value = this.reader.sint32();
    this.assertWithin(end, offset);
    return value;
  }

  uint64(end: number): bigint {
    const offset = this.reader.pos;
    const value = this.reader.uint64();
    this.assertWithin(end, offset);
    return BigInt(value);
  }

  int64(end: number): bigint {
    const offset = this.reader.pos;
    const value = this.reader.int64();
    this.assertWithin(end, offset);
    return BigInt(value);
  }

  sint64(end: number): bigint {
    const offset = this.reader.pos;
    const value = this.reader.sint64();
    this.assertWithin(end, offset);
    return BigInt(value);
  }

  /** Skips the value of a field this schema does not know, as proto2 readers do. */
  skip(key: number, end: number, depth = 0): void {
    const wireType = key & 7;
    switch (wireType) {
      case WireType.Varint:
        this.varintAsNumber(end);
        return;
      case WireType.Bit64:
        this.advance(8, end);
        return;
      case WireType.Bit32:
        this.advance(4, end);
        return;
      case WireType.LengthDelimited:
        this.reader.pos = this.lengthDelimitedEnd(end);
        return;
      case WireType.StartGroup:
        this.skipGroup(key >>> 3, this.keyOffset, end, depth + 1);
        return;
      default:
        throw new ProtocolError('protobuf_syntax', `proto: can't skip unknown wire type ${wireType}`, {
          offset: this.keyOffset,
        });
    }
  }

  /** Refuses a known field sent with another wire type than its declared one. */
  expectWireType(key: number, expected: WireType, field: string): void {
    if ((key & 7) !== expected) {
      throw new ProtocolError(
        'protobuf_syntax',
        `proto: ${field} has wire type ${key & 7}, want ${expected}`,
        {
          offset: this.keyOffset,
        },
      );
    }
  }

  /**
   * Throws when the last value read ran past `end`, i.e. a field claimed
   * bytes beyond its enclosing message.
   */
  assertAtEnd(end: number): void {
    if (this.reader.pos !== end) {
      throw new ProtocolError('protobuf_syntax', UNEXPECTED_EOF, { offset: end });
    }
  }

  private skipGroup(fieldNumber: number, offset: number, end: number, depth: number): void {
    if (depth > MAX_GROUP_DEPTH) {
      throw new ProtocolError('protobuf_syntax', 'proto: groups nested too deeply', { offset });
    }
    for (;;) {
      if (this.reader.pos >= end) {
        throw new ProtocolError('protobuf_syntax', UNEXPECTED_EOF, { offset: this.reader.pos });
      }
      const key = this.key(end);
      if ((key & 7) === WireType.EndGroup) {
        if (key >>> 3 !== fieldNumber) {
          throw new ProtocolError('protobuf_syntax', 'proto: mismatched end group', {
            offset: this.keyOffset,
          });
        }
        return;
      }
      this.skip(key, end, depth);
    }
  }

  private advance(bytes: number, end: number): void {
    if (this.reader.pos + bytes > end) {
      throw new ProtocolError('protobuf_syntax', UNEXPECTED_EOF, { offset: this.reader.pos });
    }
    this.reader.pos += bytes;
  }

  /**
   * Reads a varint of up to 10 bytes as a number (exact up to 2^53, which
   * is all a length or a skipped value needs).
   */
  private varintAsNumber(end: number): number {
    const body = this.body;
    const offset = this.reader.pos;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const at = offset + i;
      if (at >= end) {
        throw new ProtocolError('protobuf_syntax', UNEXPECTED_EOF, { offset });
      }
      const byte = body[at]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        this.reader.pos = at + 1;
        return value;
      }
      scale *= 128;
    }
    throw new ProtocolError('protobuf_syntax', 'proto: invalid varint', { offset });
  }

  /** BinaryReader only bounds-checks against the whole body; a varint may not cross `end`. */
  private assertWithin(end: number, offset: number): void {
    if (this.reader.pos > end) {
      throw new ProtocolError('protobuf_syntax', UNEXPECTED_EOF, { offset });
    }
  }
}
