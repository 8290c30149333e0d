import { describe, expect, it } from 'vitest';
import {
  chunk,
  compressedChunk,
  STREAM_IDENTIFIER,
  snappyFramed,
  uncompressedChunk,
} from '../../test/support/snappy-frames.js';
import { crc32c } from './crc32c.js';
import { decodeSnappyFramed } from './snappy-framed.js';

const LIMIT = 1 << 20;

function failure(input: Uint8Array): unknown {
  try {
    decodeSnappyFramed(input, LIMIT);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('crc32c', () => {
  it('matches the Castagnoli check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });
});

describe('decodeSnappyFramed', () => {
  it('decodes compressed, uncompressed, skippable and padding chunks, and multi-chunk streams', () => {
    const text = 'm{a="b"} 1\n'.repeat(10000);
    expect(decodeSnappyFramed(snappyFramed(text), LIMIT).toString()).toBe(text);
    const mixed = Buffer.concat([
      STREAM_IDENTIFIER,
      uncompressedChunk(Buffer.from('a 1\n')),
      chunk(0x80, Buffer.from('skip me')),
      chunk(0xfe, Buffer.alloc(3)),
      STREAM_IDENTIFIER,
      compressedChunk(Buffer.from('b 2\n')),
    ]);
    expect(decodeSnappyFramed(mixed, LIMIT).toString()).toBe('a 1\nb 2\n');
    expect(decodeSnappyFramed(Buffer.alloc(0), LIMIT).length).toBe(0);
  });

  it('refuses corrupt streams with golang/snappy’s errors', () => {
    const good = compressedChunk(Buffer.from('a 1\n'));
    const badChecksum = Buffer.from(good);
    badChecksum[4] = (badChecksum[4] ?? 0) ^ 0xff;
    const corrupt = [
      good,
      Buffer.concat([STREAM_IDENTIFIER, badChecksum]),
      Buffer.concat([STREAM_IDENTIFIER, good.subarray(0, good.length - 1)]),
      Buffer.concat([STREAM_IDENTIFIER, Buffer.from([0x00, 0x01])]),
      Buffer.concat([chunk(0xff, Buffer.from('sNaPpX')), good]),
      Buffer.concat([STREAM_IDENTIFIER, chunk(0x00, Buffer.from([1, 2, 3, 4, 0xff, 0xff]))]),
    ];
    for (const input of corrupt) {
      expect(failure(input)).toMatchObject({
        code: 'bad_content_encoding',
        message: 'snappy: corrupt input',
      });
    }
    expect(failure(Buffer.concat([STREAM_IDENTIFIER, chunk(0x02, Buffer.alloc(1))]))).toMatchObject({
      message: 'snappy: unsupported input',
    });
  });

  it('stops at the output limit', () => {
    expect(() => decodeSnappyFramed(snappyFramed('x'.repeat(100)), 50)).toThrow(
      'decompressed request body exceeds the limit of 50 bytes set by --push.max-decoded-bytes',
    );
  });
});
