/**
 * The real Go Pushgateway (Debian's 1.5.1 at /usr/bin/prometheus-pushgateway,
 * or PUSHGATEWAY_BIN) that the differential tests of this package compare
 * against: on 127.0.0.1, a free port, without persistence.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
import { createServer } from 'node:net';
import { statusResponseSchema } from '../../src/schemas.js';

const GO_BINARY = process.env.PUSHGATEWAY_BIN ?? '/usr/bin/prometheus-pushgateway';

export interface GoReply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface GoPushgateway {
  readonly port: number;
  readonly baseUrl: string;
  /** Sends `path` byte for byte (no URL normalisation, unlike fetch) and reads the whole answer. */
  send(
    method: string,
    path: string,
    headers?: Record<string, string>,
    body?: string | Uint8Array,
  ): Promise<GoReply>;
  /** Stops the process and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts a Go Pushgateway and resolves once it answers. Rejects, naming the
 * package to install, when the binary is missing, and with Go's stderr when
 * it exits or does not come up within 10 s.
 */
export async function startGoPushgateway(): Promise<GoPushgateway> {
  if (!existsSync(GO_BINARY)) {
    throw new Error(
      `Go pushgateway not found at ${GO_BINARY}: install the Debian package prometheus-pushgateway (1.5.1) or set PUSHGATEWAY_BIN`,
    );
  }
  const port = await freePort();
  // Go exits quietly when its port is taken meanwhile, and another process
  // could answer there: this otherwise unused interval, read back from the
  // status API, tells that the answer is from our instance.
  const marker = `${1 + Math.floor(Math.random() * 59)}m${1 + Math.floor(Math.random() * 59)}s`;
  const child = spawn(
    GO_BINARY,
    [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file=', `--persistence.interval=${marker}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  const gateway: GoPushgateway = {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    send: (method, path, headers = {}, body) => send(port, method, path, headers, body),
    stop: async () => {
      child.kill('SIGTERM');
      await exitOf(child);
    },
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (spawnError !== undefined) throw new Error(`cannot start ${GO_BINARY}: ${spawnError.message}`);
    if (child.exitCode !== null) throw new Error(`${GO_BINARY} exited (${child.exitCode}): ${stderr}`);
    try {
      const reply = await gateway.send('GET', '/api/v1/status');
      const status = statusResponseSchema.parse(JSON.parse(reply.body.toString('utf8')));
      if (status.data.flags['persistence.interval'] === marker) return gateway;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await gateway.stop();
      throw new Error(`${GO_BINARY} did not become ready on port ${port}: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Uint8Array,
): Promise<GoReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}

function exitOf(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}
