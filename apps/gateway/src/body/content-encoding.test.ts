import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { snappyFramed } from '../../test/support/snappy-frames.js';
import { decodeContentEncoding } from './content-encoding.js';

const LIMIT = 1 << 20;

describe('decodeContentEncoding', () => {
  it('decodes gzip and snappy whatever the case, and passes other encodings through', async () => {
    const text = Buffer.from('a 1\n');
    expect((await decodeContentEncoding(gzipSync(text), 'GZip', LIMIT)).toString()).toBe('a 1\n');
    expect((await decodeContentEncoding(snappyFramed(text), 'SNAPPY', LIMIT)).toString()).toBe('a 1\n');
    for (const encoding of [undefined, 'identity', 'br', 'gzip, identity']) {
      expect(await decodeContentEncoding(text, encoding, LIMIT)).toBe(text);
    }
    const twoMembers = Buffer.concat([gzipSync('a 1\n'), gzipSync('b 2\n')]);
    expect((await decodeContentEncoding(twoMembers, 'gzip', LIMIT)).toString()).toBe('a 1\nb 2\n');
  });

  it('maps gzip failures to Go’s messages', async () => {
    const valid = gzipSync(Buffer.from('some body\n'));
    const badChecksum = Buffer.from(valid);
    badChecksum[valid.length - 8] = (badChecksum[valid.length - 8] ?? 0) ^ 0xff;
    const cases: [Buffer, string][] = [
      [Buffer.alloc(0), 'EOF'],
      [Buffer.from('abc'), 'unexpected EOF'],
      [Buffer.from('definitely not gzip'), 'gzip: invalid header'],
      [valid.subarray(0, valid.length - 4), 'unexpected EOF'],
      [badChecksum, 'gzip: invalid checksum'],
      [Buffer.concat([valid.subarray(0, 10), Buffer.from([0xff, 0xff, 0xff, 0xff])]), 'flate: corrupt input'],
    ];
    for (const [body, message] of cases) {
      await expect(decodeContentEncoding(body, 'gzip', LIMIT)).rejects.toMatchObject({
        status: 400,
        message,
      });
    }
  });

  it('refuses gzip bodies that inflate beyond the limit with 413', async () => {
    await expect(decodeContentEncoding(gzipSync(Buffer.alloc(2000)), 'gzip', 1000)).rejects.toMatchObject({
      status: 413,
      message: 'decompressed request body exceeds the limit of 1000 bytes set by --push.max-decoded-bytes',
    });
  });
});
