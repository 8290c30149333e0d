/**
 * An HTTPS server that behaves like the Go pushgateway's TLS listener
 * (net/http with exporter-toolkit's config):
 *
 * - the web config and the certificate, key and client CA files are read
 *   again for every new connection, so renewed certificates and changed
 *   settings apply without a restart; a config that has become unusable
 *   makes the handshake fail (the connection is closed);
 * - `client_auth_type` is enforced as Go defines it: `RequestClientCert`
 *   asks for a certificate and accepts any; `RequireAnyClientCert` requires
 *   one but does not verify it; `VerifyClientCertIfGiven` verifies one if
 *   sent; `RequireAndVerifyClientCert` requires a verified one (against
 *   `client_ca_file`, or the usual roots without it);
 * - plain HTTP sent to the TLS port is answered, as Go does, with
 *   `HTTP/1.0 400 Bad Request` and `Client sent an HTTP request to an HTTPS
 *   server.`, and the connection closed;
 * - a connection that sends nothing within the header timeout is closed.
 *
 * HTTP/2 is not offered (Go offers it when `http2` is true): clients
 * negotiate HTTP/1.1 through ALPN.
 */
import type { RequestListener } from 'node:http';
import { createServer, type Server, type ServerOptions } from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Logger } from '../logging/logger.js';
import type { ClientAuthType } from './go-tls-names.js';
import { setUpTls, type TlsSetup } from './tls-setup.js';
import type { WebConfigSource } from './web-config-source.js';

export interface TlsServerOptions {
  /** The setup checked at start-up. */
  readonly initial: TlsSetup;
  /** Read again for every connection. */
  readonly source: WebConfigSource;
  readonly handler: RequestListener;
  /** HTTP timeouts and the like, as for `http.createServer`. */
  readonly http: Pick<ServerOptions, 'headersTimeout' | 'requestTimeout' | 'connectionsCheckingInterval'>;
  /** How long a connection may take to send its first byte and finish the handshake (0: no limit). */
  readonly handshakeTimeoutMs: number;
  readonly logger: Logger;
}

/** The first bytes of an HTTP request line, as Go's TLS server recognises them. */
const HTTP_STARTS = ['GET /', 'HEAD ', 'POST ', 'PUT /', 'OPTIO'];
const TLS_HANDSHAKE_RECORD = 0x16;
const PLAIN_HTTP_ANSWER = 'HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n';

/** Node's TLS server keeps whether to ask for client certificates in this (untyped) property. */
type CertificateRequesting = { requestCert: boolean };

/** Creates the server; listen on it as on any `net.Server`. */
export function createTlsServer(options: TlsServerOptions): Server {
  let current = options.initial;
  const server = createServer(
    {
      ...options.initial.context,
      ...options.http,
      requestCert: requestsCertificate(current.clientAuth),
      // Verification outcomes are judged per policy below, after the handshake.
      rejectUnauthorized: false,
      ...(options.handshakeTimeoutMs > 0 ? { handshakeTimeout: options.handshakeTimeoutMs } : {}),
    },
    options.handler,
  );

  /** Applies the web config as it is now; false when TLS cannot be served with it. */
  const refresh = (): boolean => {
    const loaded = options.source.read();
    const result = 'error' in loaded ? { error: loaded.error.message } : setUpTls(loaded.config.tls, current);
    if ('none' in result || 'error' in result) {
      options.logger.error(
        { err: 'none' in result ? 'TLS is no longer configured' : result.error },
        'TLS handshake refused: unusable web config',
      );
      return false;
    }
    if (result.setup.fingerprint !== current.fingerprint) {
      server.setSecureContext(result.setup.context);
      (server as Server & CertificateRequesting).requestCert = requestsCertificate(result.setup.clientAuth);
      current = result.setup;
    }
    return true;
  };

  // Node's TLS server starts the handshake as soon as a connection comes in;
  // its listener is taken over here so that the first bytes can be looked at
  // and the config re-read first.
  const startTls = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    inspectFirstBytes(socket, options.handshakeTimeoutMs, (kind) => {
      if (kind === 'http') {
        socket.end(PLAIN_HTTP_ANSWER, () => socket.destroy());
        return;
      }
      if (kind === 'other' || !refresh()) {
        socket.destroy();
        return;
      }
      for (const listener of startTls) listener.call(server, socket);
    });
  });

  server.prependListener('secureConnection', (socket: TLSSocket) => {
    if (!clientCertificateAccepted(current.clientAuth, socket)) {
      options.logger.debug(
        { source: socket.remoteAddress, err: socket.authorizationError?.message ?? 'no certificate' },
        'client certificate refused',
      );
      socket.destroy();
    }
  });
  return server;
}

function requestsCertificate(policy: ClientAuthType): boolean {
  return policy !== 'NoClientCert';
}

/** Whether the client's certificate (or its absence) passes `policy`. */
function clientCertificateAccepted(policy: ClientAuthType, socket: TLSSocket): boolean {
  const presented = Object.keys(socket.getPeerCertificate()).length > 0;
  switch (policy) {
    case 'NoClientCert':
    case 'RequestClientCert':
      return true;
    case 'RequireAnyClientCert':
      return presented;
    case 'VerifyClientCertIfGiven':
      return !presented || socket.authorized;
    case 'RequireAndVerifyClientCert':
      return presented && socket.authorized;
  }
}

/**
 * Waits for enough of the first bytes to tell a TLS handshake from plain
 * HTTP (or anything else), puts them back, and reports; closes the
 * connection when nothing useful arrives within `timeoutMs`.
 */
function inspectFirstBytes(
  socket: Socket,
  timeoutMs: number,
  then: (kind: 'tls' | 'http' | 'other') => void,
): void {
  let received = Buffer.alloc(0);
  const timer = timeoutMs > 0 ? setTimeout(() => socket.destroy(), timeoutMs) : undefined;
  const finish = (kind: 'tls' | 'http' | 'other') => {
    clearTimeout(timer);
    socket.off('data', onData);
    socket.off('close', onClose);
    // From here on the TLS socket reports the errors.
    if (kind === 'tls') socket.off('error', onError);
    socket.pause();
    socket.unshift(received);
    then(kind);
  };
  const onData = (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    if (received[0] === TLS_HANDSHAKE_RECORD) {
      finish('tls');
    } else if (received.length >= 5) {
      const start = received.subarray(0, 5).toString('latin1');
      finish(HTTP_STARTS.includes(start) ? 'http' : 'other');
    }
  };
  const onClose = () => {
    clearTimeout(timer);
  };
  // A reset before the handshake ends the connection; there is nothing to answer.
  const onError = () => {};
  socket.on('data', onData);
  socket.on('close', onClose);
  socket.on('error', onError);
}
