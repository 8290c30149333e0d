/**
 * One HTTPS request on a fresh connection with the TLS options of the test
 * (CA, client certificate, versions, ciphers); the outcome is the answer,
 * or the failure when the handshake or connection is refused.
 */
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import type { SecureVersion } from 'node:tls';

export interface HttpsRequest {
  readonly port: number;
  readonly path?: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** PEM file of the CA to trust. */
  readonly ca: string;
  /** PEM files of a client certificate and its key. */
  readonly cert?: string;
  readonly key?: string;
  readonly minVersion?: SecureVersion;
  readonly maxVersion?: SecureVersion;
  readonly ciphers?: string;
  readonly alpn?: readonly string[];
}

export type HttpsOutcome =
  | {
      readonly status: number;
      readonly headers: IncomingHttpHeaders;
      readonly text: string;
      readonly protocol: string | null;
      readonly alpn: string | false | null;
    }
  | { readonly failed: string };

export function httpsSend(req: HttpsRequest): Promise<HttpsOutcome> {
  return new Promise((resolve) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port: req.port,
        path: req.path ?? '/-/healthy',
        method: req.method ?? 'GET',
        headers:
          req.body === undefined
            ? { ...req.headers }
            : { 'Content-Length': String(Buffer.byteLength(req.body)), ...req.headers },
        ca: readFileSync(req.ca),
        ...(req.cert === undefined ? {} : { cert: readFileSync(req.cert) }),
        ...(req.key === undefined ? {} : { key: readFileSync(req.key) }),
        ...(req.minVersion === undefined ? {} : { minVersion: req.minVersion }),
        ...(req.maxVersion === undefined ? {} : { maxVersion: req.maxVersion }),
        ...(req.ciphers === undefined ? {} : { ciphers: req.ciphers }),
        ...(req.alpn === undefined ? {} : { ALPNProtocols: [...req.alpn] }),
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const socket = response.socket as import('node:tls').TLSSocket;
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
            protocol: socket.getProtocol?.() ?? null,
            alpn: socket.alpnProtocol ?? null,
          });
        });
        response.on('error', (error: NodeJS.ErrnoException) =>
          resolve({ failed: error.code ?? error.message }),
        );
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => resolve({ failed: error.code ?? error.message }));
    outgoing.end(req.body);
  });
}

/** The status of an outcome, or `failed` when there was no answer. */
export function statusOf(outcome: HttpsOutcome): number | 'failed' {
  return 'failed' in outcome ? 'failed' : outcome.status;
}
