import { crc32, gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32Combine, gzipChunks } from './gzip-chunks.js';

const bytes = fc.uint8Array({ maxLength: 300 }).map((array) => Buffer.from(array));

describe('crc32Combine', () => {
  it('gives the CRC-32 of two byte strings one after the other', () => {
    fc.assert(
      fc.property(bytes, bytes, (a, b) => {
        expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(Buffer.concat([a, b])));
      }),
      { numRuns: 300 },
    );
  });

  it('is associative, lengths beyond 32 bits included', () => {
    // Data that long cannot be built here, but the identity holds for any CRC values.
    const crc = fc.integer({ min: 0, max: 2 ** 32 - 1 });
    const length = fc.integer({ min: 0, max: 2 ** 45 });
    fc.assert(
      fc.property(crc, crc, crc, length, length, (a, b, c, lengthB, lengthC) => {
        expect(crc32Combine(crc32Combine(a, b, lengthB), c, lengthC)).toBe(
          crc32Combine(a, crc32Combine(b, c, lengthC), lengthB + lengthC),
        );
      }),
    );
  });
});

describe('gzipChunks', () => {
  it('is a gzip stream of the chunks written in order', () => {
    fc.assert(
      fc.property(fc.array(bytes, { maxLength: 8 }), (chunks) => {
        const gzipped = Buffer.concat(gzipChunks(chunks));
        expect(gunzipSync(gzipped)).toEqual(Buffer.concat(chunks));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps segments no larger than they are', () => {
    const [, segment] = gzipChunks([Buffer.from('metric{label="value"} 1\n'.repeat(10))]);
    expect(segment?.buffer.byteLength).toBe(segment?.length);
  });

  it('compresses a chunk once however often it is sent', () => {
    const block = Buffer.from('metric{label="value"} 1\n'.repeat(100));
    const first = gzipChunks([block, Buffer.from('own 1\n')]);
    const second = gzipChunks([Buffer.from('own 2\n'), block]);
    expect(second[2]).toBe(first[1]);
    expect(gunzipSync(Buffer.concat(second)).toString()).toBe(`own 2\n${block}`);
  });
});
