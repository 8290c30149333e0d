import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it: raw path, lower-cased headers, body bytes. */
export interface CapturedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Answers a captured request; may also never answer. */
export type Responder = (request: CapturedRequest, response: ServerResponse, index: number) => void;

export interface CaptureServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly requests: CapturedRequest[];
  close(): Promise<void>;
}

/** Answers 200 with an empty body, like the Go gateway after a checked push. */
export const answerOk: Responder = (_request, response) => {
  response.writeHead(200, { 'Content-Length': '0' }).end();
};

/**
 * A real HTTP server on 127.0.0.1 (random port) that records every request
 * in full before handing it to `respond`. `close` also drops connections left
 * hanging by responders that never answer.
 */
export async function startCaptureServer(respond: Responder = answerOk): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const captured = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(captured);
      respond(captured, res, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err === undefined ? resolve() : reject(err)));
      }),
  };
}
