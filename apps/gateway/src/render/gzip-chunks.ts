import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * The gzip encoding (RFC 1952) of chunks written in order, assembled from
 * one compressed segment per chunk, each cached for as long as its chunk
 * lives: the exposition's chunks are its cached renderings, so a scrape
 * compresses only the blocks that changed since the last one (and the
 * gateway's own metrics, rendered anew for every scrape).
 *
 * Each segment is raw deflate of its chunk alone, ended by a sync flush
 * (byte-aligned, not final), so that segments concatenate into one valid
 * deflate stream: one gzip member, which every client reads. The stream is
 * closed by an empty final block, and the trailer's CRC-32 is combined from
 * the segments' CRCs without reading the data again. Compressing chunks
 * separately costs some ratio against compressing the whole text at once.
 */
export function gzipChunks(chunks: readonly Buffer[]): Buffer[] {
  const out: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let size = 0;
  for (const chunk of chunks) {
    if (chunk.length === 0) continue;
    const segment = segmentOf(chunk);
    out.push(segment.deflated);
    crc = crc32Combine(crc, segment.crc, chunk.length);
    size += chunk.length;
  }
  const trailer = Buffer.allocUnsafe(FINAL_EMPTY_BLOCK.length + 8);
  FINAL_EMPTY_BLOCK.copy(trailer, 0);
  trailer.writeUInt32LE(crc, FINAL_EMPTY_BLOCK.length);
  // ISIZE: the uncompressed size modulo 2^32.
  trailer.writeUInt32LE(size % 2 ** 32, FINAL_EMPTY_BLOCK.length + 4);
  out.push(trailer);
  return out;
}

/** One chunk compressed: its deflate segment, and the CRC-32 of the chunk. */
interface Segment {
  readonly deflated: Buffer;
  readonly crc: number;
}

const segments = new WeakMap<Buffer, Segment>();

function segmentOf(chunk: Buffer): Segment {
  let segment = segments.get(chunk);
  if (!segment) {
    // Level 1, as Go's pushgateway compresses: scrapes are many, bytes are cheap on the wire.
    const output = deflateRawSync(chunk, {
      level: constants.Z_BEST_SPEED,
      finishFlush: constants.Z_SYNC_FLUSH,
    });
    // zlib hands back a view of its 16 KiB output buffer: keeping that for every block of a large
    // store would cost several times the text itself, so keep an exact copy instead.
    const deflated = Buffer.allocUnsafeSlow(output.length);
    output.copy(deflated);
    segment = { deflated, crc: crc32(chunk) };
    segments.set(chunk, segment);
  }
  return segment;
}

/** Magic, deflate, no flags, no modification time, no extra flags, unknown OS. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff]);

/** A final block of fixed Huffman codes holding only the end-of-block code. */
const FINAL_EMPTY_BLOCK = Buffer.from([0x03, 0x00]);

/** The CRC-32 polynomial, bit-reversed as the CRC register holds it (bit 31 is x^0). */
const POLYNOMIAL = 0xedb88320;

/** `a · b` modulo the CRC polynomial, both in the register's bit-reversed form. */
function multiplyModP(a: number, b: number): number {
  let product = 0;
  let factor = b;
  for (let bit = 0x80000000; bit !== 0; bit >>>= 1) {
    if (a & bit) product ^= factor;
    // factor · x: a shift towards higher powers, reduced by the polynomial when x^32 appears.
    factor = factor & 1 ? (factor >>> 1) ^ POLYNOMIAL : factor >>> 1;
  }
  return product >>> 0;
}

/** x^(2^k) modulo the polynomial for k = 0…63, by repeated squaring from x^1. */
const X_POW_2K: readonly number[] = (() => {
  const table = [0x40000000];
  for (let k = 1; k < 64; k++) {
    const previous = table[k - 1] as number;
    table.push(multiplyModP(previous, previous));
  }
  return table;
})();

/**
 * The CRC-32 of A followed by B, from the CRC of A, the CRC of B and B's
 * length in bytes: appending B's bits multiplies A's remainder by x^(8·len),
 * and the CRCs' pre- and post-conditioning cancel out in the sum.
 */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  let shift = 0x80000000; // x^0
  let k = 3; // x^(8·len) = product of x^(2^(k+3)) over the bits k of len
  for (let n = lengthB; n > 0; n = Math.floor(n / 2), k++) {
    if (n % 2 === 1) shift = multiplyModP(X_POW_2K[k] as number, shift);
  }
  return (multiplyModP(shift, crcA) ^ crcB) >>> 0;
}
