/**
 * Request-body decompression as the Go pushgateway (≥ 1.6) does it: by the
 * `Content-Encoding` header compared case-insensitively as a whole, `gzip`
 * and `snappy` (framed) are decoded, anything else is taken as the plain
 * body. Errors carry the messages Go's decoders give, since Go returns them
 * verbatim in its 400 bodies.
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { HttpError } from '../http/http-error.js';
import { decodeSnappyFramed } from './snappy-framed.js';

const gunzipAsync = promisify(gunzip);

const GZIP_HEADER_BYTES = 10;

/**
 * Decodes `body` per `contentEncoding`. The decoded size is capped at
 * `maxDecodedBytes`.
 *
 * @throws {HttpError} `bad_content_encoding` with Go's message (`EOF` for an
 *   empty gzip body, `unexpected EOF` for a truncated one, `gzip: invalid
 *   header`, `gzip: invalid checksum`, `flate: corrupt input`, `snappy:
 *   corrupt input`, `snappy: unsupported input`); `payload_too_large` when
 *   the decoded body would exceed the cap.
 */
export async function decodeContentEncoding(
  body: Buffer,
  contentEncoding: string | undefined,
  maxDecodedBytes: number,
): Promise<Buffer> {
  switch (contentEncoding?.toLowerCase()) {
    case 'gzip':
      return gunzipBody(body, maxDecodedBytes);
    case 'snappy':
      return decodeSnappyFramed(body, maxDecodedBytes);
    default:
      return body;
  }
}

async function gunzipBody(body: Buffer, maxDecodedBytes: number): Promise<Buffer> {
  // Go's gzip.NewReader reads the 10-byte header before anything else.
  if (body.length === 0) throw new HttpError('bad_content_encoding', 'EOF');
  if (body.length < GZIP_HEADER_BYTES) throw new HttpError('bad_content_encoding', 'unexpected EOF');
  if (body[0] !== 0x1f || body[1] !== 0x8b || body[2] !== 0x08) {
    throw new HttpError('bad_content_encoding', 'gzip: invalid header');
  }
  try {
    return await gunzipAsync(body, { maxOutputLength: maxDecodedBytes });
  } catch (error) {
    throw gunzipError(error, maxDecodedBytes);
  }
}

/** Maps a node:zlib failure to the error Go's gzip reader would have reported. */
function gunzipError(error: unknown, maxDecodedBytes: number): HttpError {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : '';
  if (code === 'ERR_BUFFER_TOO_LARGE') {
    return new HttpError(
      'payload_too_large',
      `decompressed request body exceeds the limit of ${maxDecodedBytes} bytes set by --push.max-decoded-bytes`,
    );
  }
  if (code === 'Z_BUF_ERROR') return new HttpError('bad_content_encoding', 'unexpected EOF');
  if (/incorrect (data|length) check/.test(message)) {
    return new HttpError('bad_content_encoding', 'gzip: invalid checksum');
  }
  if (/header/.test(message)) return new HttpError('bad_content_encoding', 'gzip: invalid header');
  return new HttpError('bad_content_encoding', 'flate: corrupt input');
}
