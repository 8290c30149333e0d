import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

/** A gateway process under test, listening on 127.0.0.1. */
export interface RunningServer {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** Resident set size in bytes, read from /proc. */
  rssBytes(): number;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/-/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url}: not ready after ${timeoutMs} ms`);
}

/**
 * Starts `command args` (which must listen on `port`) and waits until
 * /-/ready answers 200. Its stderr (the gateway's log) goes to ours, or
 * line by line to `onLogLine`.
 */
export async function startServer(
  name: string,
  command: string,
  args: (port: number) => string[],
  readyTimeoutMs = 600_000,
  onLogLine?: (line: string) => void,
): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(command, args(port), { stdio: ['ignore', 'ignore', onLogLine ? 'pipe' : 'inherit'] });
  if (onLogLine && child.stderr) createInterface({ input: child.stderr }).on('line', onLogLine);
  await waitReady(url, child, readyTimeoutMs);
  return {
    name,
    url,
    child,
    rssBytes() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
      return Number(kb ?? 0) * 1024;
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}
