import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http/http-error.js';

/**
 * Reads a request body into memory, refusing it once it exceeds `maxBytes`:
 * at once when `Content-Length` announces more, otherwise as soon as more
 * has arrived. The rest of a refused body is left unread (the error
 * middleware closes the connection after answering), rather than destroying
 * the request, which would take the socket and the answer with it.
 *
 * @throws {HttpError} `payload_too_large`, naming the limit and its flag;
 *   `body_incomplete` when the connection ends first (the client gave up, or
 *   the server's read timeout cut it off).
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = () =>
    new HttpError(
      'payload_too_large',
      `request body exceeds the limit of ${maxBytes} bytes set by --push.max-body-bytes`,
    );
  const incomplete = () => new HttpError('body_incomplete', 'request body incomplete: the connection ended');
  const announced = Number(request.headers['content-length']);
  if (Number.isFinite(announced) && announced > maxBytes) return Promise.reject(tooLarge());

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const stop = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        stop();
        request.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, total));
    };
    const onError = () => {
      stop();
      reject(incomplete());
    };
    const onClose = () => {
      stop();
      reject(incomplete());
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}
