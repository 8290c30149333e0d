/**
 * An HTTP proxy on 127.0.0.1 in front of a gateway that records every
 * request and the status it got, so that a test can check what a documented
 * command sent and how the gateway answered, whatever the command prints.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as it passed through the proxy. */
export interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The gateway's response body (the reason of a refusal). */
  readonly body: string;
}

export interface RecordingProxy {
  /** `host:port` to put where the documentation says `localhost:9091`. */
  readonly host: string;
  readonly exchanges: readonly Exchange[];
  close(): Promise<void>;
}

/** Starts a proxy that forwards everything to `target` (`http://127.0.0.1:port`). */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const exchanges: Exchange[] = [];
  const server = createServer((incoming, outgoing) => {
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
        agent: false,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          exchanges.push({
            method: incoming.method ?? '',
            path: incoming.url ?? '',
            status: answer.statusCode ?? 0,
            body: body.toString('utf8'),
          });
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          outgoing.end(body);
        });
      },
    );
    forwarded.on('error', (error) => {
      outgoing.writeHead(502);
      outgoing.end(`proxy: ${error.message}`);
    });
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
