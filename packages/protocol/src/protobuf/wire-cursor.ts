import { WireType } from '@bufbuild/protobuf/wire';
import { ProtocolError } from '../errors.js';
import { cachedAscii, strictUtf8Slice, viewOf } from '../text/byte-strings.js';
import { bigintOf } from '../text/small-bigints.js';

/** Go's wording for every read past the end of a message or body. */
export const UNEXPECTED_EOF = 'unexpected EOF';

/** Nesting limit for skipped groups, so that a crafted body cannot exhaust the stack. */
const MAX_GROUP_DEPTH = 100;

/** Varints of up to this many bytes hold less than 2^49: exact as a number. */
const NUMBER_VARINT_BYTES = 7;

/**
 * Reads protobuf wire values straight from one delimited body, with bounds
 * checked against the end of the enclosing message rather than the end of
 * the body, and with every problem reported as a {@link ProtocolError} at an
 * absolute byte offset.
 *
 * Varints are read as @bufbuild/protobuf's BinaryReader reads them, errors
 * and their offsets included (this cursor replaced it for speed, and the
 * offsets are part of what the decoder reports): a 32-bit varint may run to
 * 10 bytes and keeps the low 32 bits, a 64-bit one keeps the low 64 bits, a
 * read past the whole body reports the offset just past it, and a varint of
 * 10 continuation bytes is invalid. Doubles come from a DataView on the same
 * bytes, ASCII strings from the shared byte-string cache.
 */
export class WireCursor {
  private readonly body: Uint8Array;
  private readonly length: number;
  private readonly view: DataView;
  /** The absolute offset of the next byte to read. */
  pos = 0;
  /** Offset of the last key read, for error locations. */
  private keyOffset = 0;
  /** The halves of the last 64-bit varint read the long way. */
  private low = 0;
  private high = 0;

  constructor(body: Uint8Array) {
    this.body = body;
    this.length = body.length;
    this.view = viewOf(body);
  }

  /**
   * Reads a field key, `(field number << 3) | wire type`, refusing field
   * number 0, wire types 6 and 7, and keys longer than a uint32. Keys are
   * plain numbers (no object per field) because decoding is allocation-bound.
   */
  key(end: number): number {
    const offset = this.pos;
    this.keyOffset = offset;
    let tag: number;
    const first = this.body[offset]!;
    if (offset < end && first < 0x80) {
      // One-byte keys: every field of metrics.proto.
      tag = first;
      this.pos = offset + 1;
    } else {
      tag = this.varint32();
      this.assertWithin(end, offset);
      const length = this.pos - offset;
      if (length > 5 || (length === 5 && this.body[offset + 4]! > 0x0f)) {
        throw new ProtocolError('protobuf_syntax', 'proto: field key overflows uint32', { offset });
      }
    }
    const fieldNumber = tag >>> 3;
    const wireType = tag & 7;
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
    const offset = this.pos;
    const length = this.varintAsNumber(end);
    const valueEnd = this.pos + length;
    if (valueEnd > end) {
      throw new ProtocolError('protobuf_syntax', UNEXPECTED_EOF, { offset });
    }
    return valueEnd;
  }

  /** Reads a string field's bytes as strict UTF-8; `field` names it in the error. */
  string(end: number, field: string): string {
    const keyOffset = this.keyOffset;
    const stringEnd = this.lengthDelimitedEnd(end);
    const start = this.pos;
    this.pos = stringEnd;
    const body = this.body;
    if (isAscii(body, this.view, start, stringEnd)) return cachedAscii(body, this.view, start, stringEnd);
    const text = strictUtf8Slice(body, start, stringEnd);
    if (text === undefined) {
      throw new ProtocolError('invalid_utf8', `proto: invalid UTF-8 in ${field}`, { offset: keyOffset });
    }
    return text;
  }

  /** Reads a little-endian IEEE 754 double, keeping NaN payloads. */
  double(end: number): number {
    const offset = this.pos;
    if (offset + 8 > end) {
      throw new ProtocolError('protobuf_syntax', UNEXPECTED_EOF, { offset });
    }
    this.pos = offset + 8;
    return this.view.getFloat64(offset, true);
  }

  uint32(end: number): number {
    const offset = this.pos;
    const value = this.varint32();
    this.assertWithin(end, offset);
    return value;
  }

  int32(end: number): number {
    return this.uint32(end) | 0;
  }

  sint32(end: number): number {
    const zigzag = this.uint32(end);
    return (zigzag >>> 1) ^ -(zigzag & 1);
  }

  uint64(end: number): bigint {
    const offset = this.pos;
    const small = this.smallVarint64();
    if (small >= 0) {
      this.assertWithin(end, offset);
      return bigintOf(small);
    }
    this.varint64();
    this.assertWithin(end, offset);
    return this.unsigned64();
  }

  int64(end: number): bigint {
    const offset = this.pos;
    const small = this.smallVarint64();
    if (small >= 0) {
      this.assertWithin(end, offset);
      return bigintOf(small);
    }
    this.varint64();
    this.assertWithin(end, offset);
    return BigInt.asIntN(64, this.unsigned64());
  }

  sint64(end: number): bigint {
    const offset = this.pos;
    const small = this.smallVarint64();
    if (small >= 0) {
      this.assertWithin(end, offset);
      // Zigzag: even numbers are the non-negative values, odd the negative ones.
      return small % 2 === 0 ? bigintOf(small / 2) : BigInt(-(small + 1) / 2);
    }
    this.varint64();
    this.assertWithin(end, offset);
    const sign = -(this.low & 1);
    const low = ((this.low >>> 1) | ((this.high & 1) << 31)) ^ sign;
    const high = (this.high >>> 1) ^ sign;
    this.low = low;
    this.high = high;
    return BigInt.asIntN(64, this.unsigned64());
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
        this.pos = this.lengthDelimitedEnd(end);
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
    if (this.pos !== end) {
      throw new ProtocolError('protobuf_syntax', UNEXPECTED_EOF, { offset: end });
    }
  }

  private skipGroup(fieldNumber: number, offset: number, end: number, depth: number): void {
    if (depth > MAX_GROUP_DEPTH) {
      throw new ProtocolError('protobuf_syntax', 'proto: groups nested too deeply', { offset });
    }
    for (;;) {
      if (this.pos >= end) {
        throw new ProtocolError('protobuf_syntax', UNEXPECTED_EOF, { offset: this.pos });
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
    if (this.pos + bytes > end) {
      throw new ProtocolError('protobuf_syntax', UNEXPECTED_EOF, { offset: this.pos });
    }
    this.pos += bytes;
  }

  /**
   * Reads a varint of up to 10 bytes as a number (exact up to 2^53, which
   * is all a length or a skipped value needs).
   */
  private varintAsNumber(end: number): number {
    const body = this.body;
    const offset = this.pos;
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
        this.pos = at + 1;
        return value;
      }
      scale *= 128;
    }
    throw new ProtocolError('protobuf_syntax', 'proto: invalid varint', { offset });
  }

  /**
   * A varint of up to 32 significant bits: the low 32 bits of up to 10
   * bytes. An 11th continuation is invalid, reported where reading stopped.
   */
  private varint32(): number {
    let pos = this.pos;
    let result = 0;
    let byte = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      byte = this.byteAt(pos++);
      result |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.pos = pos;
        return result;
      }
    }
    byte = this.byteAt(pos++);
    result |= (byte & 0x0f) << 28;
    for (let read = 5; byte >= 0x80 && read < 10; read++) byte = this.byteAt(pos++);
    if (byte >= 0x80) {
      throw new ProtocolError('protobuf_syntax', 'proto: invalid varint', { offset: pos });
    }
    this.pos = pos;
    return result >>> 0;
  }

  /**
   * A 64-bit varint of at most 7 bytes as a number, or -1 (reading nothing)
   * for a longer one or one that runs past the body.
   */
  private smallVarint64(): number {
    const body = this.body;
    const limit = Math.min(this.pos + NUMBER_VARINT_BYTES, this.length);
    let value = 0;
    let scale = 1;
    for (let at = this.pos; at < limit; at++) {
      const byte = body[at]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        this.pos = at + 1;
        return value;
      }
      scale *= 128;
    }
    return -1;
  }

  /** A 64-bit varint into {@link low} and {@link high}, its low 64 bits. */
  private varint64(): void {
    let pos = this.pos;
    let low = 0;
    let high = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const byte = this.byteAt(pos++);
      low |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.setVarint64(pos, low, high);
        return;
      }
    }
    const middle = this.byteAt(pos++);
    low |= (middle & 0x0f) << 28;
    high = (middle & 0x70) >> 4;
    if (middle < 0x80) {
      this.setVarint64(pos, low, high);
      return;
    }
    for (let shift = 3; shift <= 31; shift += 7) {
      const byte = this.byteAt(pos++);
      high |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.setVarint64(pos, low, high);
        return;
      }
    }
    // Reported at the varint's start, where BinaryReader left its position.
    throw new ProtocolError('protobuf_syntax', 'proto: invalid varint', { offset: this.pos });
  }

  private setVarint64(pos: number, low: number, high: number): void {
    this.pos = pos;
    this.low = low;
    this.high = high;
  }

  private unsigned64(): bigint {
    return (BigInt(this.high >>> 0) << 32n) | BigInt(this.low >>> 0);
  }

  /** The byte at `at` of a varint; a varint running past the body is reported just past it. */
  private byteAt(at: number): number {
    if (at >= this.length) {
      throw new ProtocolError('protobuf_syntax', UNEXPECTED_EOF, { offset: this.length + 1 });
    }
    return this.body[at]!;
  }

  /** A varint may not cross `end`, the end of its enclosing message. */
  private assertWithin(end: number, offset: number): void {
    if (this.pos > end) {
      throw new ProtocolError('protobuf_syntax', UNEXPECTED_EOF, { offset });
    }
  }
}

/** Whether `bytes[start, end)` is all ASCII, checked four bytes at a time. */
function isAscii(bytes: Uint8Array, view: DataView, start: number, end: number): boolean {
  let i = start;
  for (; i + 4 <= end; i += 4) {
    if ((view.getUint32(i, true) & 0x80808080) !== 0) return false;
  }
  for (; i < end; i++) {
    if (bytes[i]! > 0x7f) return false;
  }
  return true;
}
