/**
 * The real Go pushgateway (Debian's 1.5.1, the judge of compatibility),
 * started on 127.0.0.1 with a free port and no persistence file. Missing
 * binary is an error, never a reason to skip.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { send } from './raw-http.js';

export const GO_PUSHGATEWAY = '/usr/bin/prometheus-pushgateway';

export interface GoPushgateway {
  readonly base: string;
  /** stderr (its log) so far. */
  readonly log: () => string;
  close(): Promise<void>;
}

/** A port that was free a moment ago (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts the Go pushgateway with `args` and waits until it answers HTTP. */
export async function startGoPushgateway(args: readonly string[] = []): Promise<GoPushgateway> {
  try {
    accessSync(GO_PUSHGATEWAY, constants.X_OK);
  } catch {
    throw new Error(
      `${GO_PUSHGATEWAY} is missing: install the Debian package prometheus-pushgateway (the differential suite needs it)`,
    );
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = spawn(
      GO_PUSHGATEWAY,
      [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file=', ...args],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const base = `http://127.0.0.1:${port}`;
    if (await becomesReady(base, child)) {
      return { base, log: () => stderr, close: () => stop(child) };
    }
    await stop(child);
  }
  throw new Error('the Go pushgateway did not start (no free port after 5 attempts)');
}

async function becomesReady(base: string, child: ChildProcess): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) return false;
    try {
      // Any answer will do: with a route prefix /-/ready lives elsewhere.
      await send(base, { path: '/-/ready' });
      return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
