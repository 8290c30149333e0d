/**
 * The snappy framing ("stream") format, which the Go pushgateway (≥ 1.6)
 * accepts for `Content-Encoding: snappy` through golang/snappy's Reader:
 * a stream-identifier chunk, then compressed (0x00) or uncompressed (0x01)
 * chunks of at most 64 KiB each with a masked CRC-32C, skippable chunks
 * (0x80–0xfe) ignored, reserved ones (0x02–0x7f) refused. Blocks are
 * decompressed with snappyjs; the framing is ours.
 */
import { uncompress } from 'snappyjs';
import { HttpError } from '../http/http-error.js';
import { maskedCrc32c } from './crc32c.js';

/** golang/snappy's errors, as Go's pushgateway returns them in a 400. */
const CORRUPT = 'snappy: corrupt input';
const UNSUPPORTED = 'snappy: unsupported input';

const CHUNK_COMPRESSED = 0x00;
const CHUNK_UNCOMPRESSED = 0x01;
const CHUNK_LAST_UNSKIPPABLE = 0x7f;
const CHUNK_STREAM_IDENTIFIER = 0xff;
const STREAM_IDENTIFIER = Buffer.from('sNaPpY', 'latin1');
const CHECKSUM_BYTES = 4;
const MAX_BLOCK_BYTES = 65536;

/**
 * Decodes a framed snappy body. An empty body is an empty result, as for
 * Go's reader (clean end of stream).
 *
 * @throws {HttpError} `bad_content_encoding` with golang/snappy's message
 *   for a malformed stream; `payload_too_large` when the output would exceed
 *   `maxOutputBytes`.
 */
export function decodeSnappyFramed(input: Uint8Array, maxOutputBytes: number): Buffer {
  const parts: Uint8Array[] = [];
  let total = 0;
  let pos = 0;
  let sawIdentifier = false;
  while (pos < input.length) {
    if (input.length - pos < 4) throw corrupt();
    const type = input[pos] ?? 0;
    const length = (input[pos + 1] ?? 0) | ((input[pos + 2] ?? 0) << 8) | ((input[pos + 3] ?? 0) << 16);
    pos += 4;
    if (pos + length > input.length) throw corrupt();
    const chunk = input.subarray(pos, pos + length);
    pos += length;
    if (!sawIdentifier && type !== CHUNK_STREAM_IDENTIFIER) throw corrupt();

    if (type === CHUNK_STREAM_IDENTIFIER) {
      if (!STREAM_IDENTIFIER.equals(chunk)) throw corrupt();
      sawIdentifier = true;
      continue;
    }
    if (type === CHUNK_COMPRESSED || type === CHUNK_UNCOMPRESSED) {
      const data = chunkData(type, chunk);
      total += data.length;
      if (total > maxOutputBytes) {
        throw new HttpError(
          'payload_too_large',
          `decompressed request body exceeds the limit of ${maxOutputBytes} bytes set by --push.max-decoded-bytes`,
        );
      }
      parts.push(data);
      continue;
    }
    if (type <= CHUNK_LAST_UNSKIPPABLE) throw new HttpError('bad_content_encoding', UNSUPPORTED);
    // 0x80–0xfe: skippable and padding chunks.
  }
  return Buffer.concat(parts);
}

/** The checked data of a compressed or uncompressed chunk. */
function chunkData(type: number, chunk: Uint8Array): Uint8Array {
  if (chunk.length < CHECKSUM_BYTES) throw corrupt();
  const expected = Buffer.from(chunk.buffer, chunk.byteOffset, CHECKSUM_BYTES).readUInt32LE(0);
  const payload = chunk.subarray(CHECKSUM_BYTES);
  let data: Uint8Array;
  if (type === CHUNK_UNCOMPRESSED) {
    if (payload.length > MAX_BLOCK_BYTES) throw corrupt();
    data = payload;
  } else {
    try {
      data = uncompress(payload, MAX_BLOCK_BYTES);
    } catch {
      throw corrupt();
    }
  }
  if (maskedCrc32c(data) !== expected) throw corrupt();
  return data;
}

function corrupt(): HttpError {
  return new HttpError('bad_content_encoding', CORRUPT);
}
