/**
 * A bare HTTP client for tests: sends the path byte for byte (no URL
 * normalisation, unlike fetch, which would resolve `/./` and `/../`) and
 * returns status, headers and the raw body.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface RawRequest {
  readonly method?: string;
  /** Sent as is; must be ASCII (percent-encode anything else). */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The body as UTF-8 text. */
  readonly text: string;
}

/** Sends one request to `base` (`http://127.0.0.1:port`) on a fresh connection. */
export function send(base: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: req.method ?? 'GET',
        path: req.path,
        // An explicit length: Node would send a DELETE body without one.
        headers:
          req.body === undefined
            ? { ...req.headers }
            : { 'Content-Length': String(Buffer.byteLength(req.body)), ...req.headers },
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body,
            text: body.toString('utf8'),
          });
        });
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    if (req.body !== undefined) outgoing.end(req.body);
    else outgoing.end();
  });
}

/** Shorthands for the common requests. */
export function client(base: string) {
  return {
    get: (path: string, headers?: Record<string, string>) =>
      send(base, headers === undefined ? { path } : { path, headers }),
    push: (
      method: 'PUT' | 'POST',
      path: string,
      body: string | Uint8Array,
      headers?: Record<string, string>,
    ) => send(base, headers === undefined ? { method, path, body } : { method, path, body, headers }),
    delete: (path: string) => send(base, { method: 'DELETE', path }),
    send: (req: RawRequest) => send(base, req),
  };
}
