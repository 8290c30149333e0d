/** Builds snappy framing-format streams for tests, chunk by chunk. */
import { compress } from 'snappyjs';
import { maskedCrc32c } from '../../src/body/crc32c.js';

/** One chunk: type byte, 3-byte little-endian length, payload. */
export function chunk(type: number, payload: Uint8Array): Buffer {
  const header = Buffer.alloc(4);
  header[0] = type;
  header.writeUIntLE(payload.length, 1, 3);
  return Buffer.concat([header, payload]);
}

/** The stream identifier chunk every stream starts with. */
export const STREAM_IDENTIFIER = chunk(0xff, Buffer.from('sNaPpY', 'latin1'));

function checksum(data: Uint8Array): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(maskedCrc32c(data), 0);
  return bytes;
}

/** A compressed-data chunk for `data` (at most 64 KiB). */
export function compressedChunk(data: Uint8Array): Buffer {
  return chunk(0x00, Buffer.concat([checksum(data), compress(data)]));
}

/** An uncompressed-data chunk for `data` (at most 64 KiB). */
export function uncompressedChunk(data: Uint8Array): Buffer {
  return chunk(0x01, Buffer.concat([checksum(data), data]));
}

/** A complete stream of `text`, compressed in chunks of 64 KiB as Go's snappy writer does. */
export function snappyFramed(text: string | Uint8Array): Buffer {
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  const chunks = [STREAM_IDENTIFIER];
  for (let offset = 0; offset < data.length; offset += 65536) {
    chunks.push(compressedChunk(data.subarray(offset, offset + 65536)));
  }
  return Buffer.concat(chunks);
}
