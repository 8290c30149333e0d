import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors.js';
import { UNEXPECTED_EOF, WireCursor } from './wire-cursor.js';

type Read = 'key' | 'uint32' | 'int32' | 'sint32' | 'uint64' | 'int64' | 'sint64';
type Result = { value: number | bigint; pos: number } | { message: string; offset: number | undefined };

/**
 * The reference: @bufbuild/protobuf's BinaryReader, which the cursor
 * replaced, with the bounds and key checks the decoder applied on top of it
 * and its errors turned into protocol errors as the decoder turned them.
 */
function byBinaryReader(bytes: Uint8Array, end: number, read: Read): Result {
  const reader = new BinaryReader(bytes);
  try {
    let value: number | bigint;
    if (read === 'key') value = reader.uint32();
    else if (read === 'uint32' || read === 'int32' || read === 'sint32') value = reader[read]();
    else value = BigInt(reader[read]());
    if (reader.pos > end) return { message: UNEXPECTED_EOF, offset: 0 };
    if (read === 'key') {
      const length = reader.pos;
      const tag = value as number;
      if (length > 5 || (length === 5 && bytes[4]! > 0x0f)) {
        return { message: 'proto: field key overflows uint32', offset: 0 };
      }
      if ((tag & 7) > WireType.Bit32)
        return { message: `proto: can't skip unknown wire type ${tag & 7}`, offset: 0 };
      if (tag >>> 3 === 0) return { message: `proto: illegal tag 0 (wire type ${tag & 7})`, offset: 0 };
    }
    return { value, pos: reader.pos };
  } catch (err) {
    if (err instanceof RangeError) return { message: UNEXPECTED_EOF, offset: reader.pos };
    return { message: `proto: ${(err as Error).message}`, offset: reader.pos };
  }
}

function byCursor(bytes: Uint8Array, end: number, read: Read): Result {
  const cursor = new WireCursor(bytes);
  try {
    const value = cursor[read](end);
    return { value, pos: cursor.pos };
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
    return { message: err.message, offset: err.location.offset };
  }
}

/** Short byte strings, mostly continuation bytes, so that varints run long and past the end. */
const varintBytes = fc.array(
  fc.oneof(fc.integer({ min: 0x80, max: 0xff }), fc.integer({ min: 0, max: 0xff }), fc.constant(0xff)),
  { maxLength: 13 },
);

describe('WireCursor reads varints as BinaryReader did', () => {
  const reads: Read[] = ['key', 'uint32', 'int32', 'sint32', 'uint64', 'int64', 'sint64'];

  it.each(reads)('%s: same value and position, or the same error at the same offset', (read) => {
    fc.assert(
      fc.property(
        varintBytes.chain((bytes) => fc.tuple(fc.constant(bytes), fc.integer({ min: 0, max: bytes.length }))),
        ([bytes, end]) => {
          const body = Uint8Array.from(bytes);
          expect(byCursor(body, end, read)).toEqual(byBinaryReader(body, end, read));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it.each(reads)('%s: the same on canonical encodings of every magnitude', (read) => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (n) => {
        const bytes: number[] = [];
        let rest = n;
        do {
          const low = Number(rest & 0x7fn);
          rest >>= 7n;
          bytes.push(rest > 0n ? low | 0x80 : low);
        } while (rest > 0n);
        const body = Uint8Array.from(bytes);
        expect(byCursor(body, body.length, read)).toEqual(byBinaryReader(body, body.length, read));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('WireCursor.double and string', () => {
  it('reads a double in place, from a view that does not start at the buffer start', () => {
    const backing = new Uint8Array(12);
    new DataView(backing.buffer).setFloat64(3, -1.5e300, true);
    const cursor = new WireCursor(backing.subarray(3));
    expect(cursor.double(8)).toBe(-1.5e300);
    expect(cursor.pos).toBe(8);
  });

  it('refuses a double that crosses the end of its message', () => {
    const cursor = new WireCursor(new Uint8Array(16));
    cursor.pos = 2;
    expect(() => cursor.double(9)).toThrow(
      expect.objectContaining({ message: UNEXPECTED_EOF, location: { offset: 2 } }),
    );
  });

  it('reads ASCII, UTF-8 and empty strings, and refuses invalid UTF-8 at the key', () => {
    const field = (bytes: number[]): Uint8Array => Uint8Array.from([0x0a, bytes.length, ...bytes]);
    for (const text of ['', 'job', 'a'.repeat(100), 'wörker-1', '日本語のラベル値です']) {
      const body = field([...new TextEncoder().encode(text)]);
      const cursor = new WireCursor(body);
      cursor.key(body.length);
      expect(cursor.string(body.length, 'LabelPair.value')).toBe(text);
      expect(cursor.pos).toBe(body.length);
    }
    const bad = field([0x61, 0x62, 0x63, 0x64, 0xff]);
    const cursor = new WireCursor(bad);
    cursor.key(bad.length);
    expect(() => cursor.string(bad.length, 'LabelPair.value')).toThrow(
      expect.objectContaining({ code: 'invalid_utf8', location: { offset: 0 } }),
    );
  });
});
