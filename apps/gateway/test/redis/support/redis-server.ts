/**
 * A real redis-server (Debian's) for the tests, on a free 127.0.0.1 port
 * with a temporary directory, that can be stopped, killed and started again
 * on the same port and data directory.
 */
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedisTarget } from '../../../src/storage/redis/redis-url.js';
import { freePort } from '../../support/go-pushgateway.js';
import { type Running, start } from '../../support/processes.js';

const REDIS_SERVER = '/usr/bin/redis-server';

export interface RedisServerOptions {
  /** Keep the data in an append-only file synced on every write, so it survives a restart. */
  readonly appendOnly?: boolean;
  /** Start as a replica of the Redis on this 127.0.0.1 port. */
  readonly replicaOf?: number;
}

export interface TestRedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>/0`. */
  readonly url: string;
  /** The target as the store takes it. */
  readonly target: RedisTarget;
  /** Stops it (SIGTERM), waiting for the exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and directory. */
  restart(): Promise<void>;
  /** Stops it for good and removes its directory. */
  close(): Promise<void>;
}

/** Whether Debian's redis-server is installed (scripts/install-system-deps.sh installs it). */
export function redisServerInstalled(): boolean {
  try {
    accessSync(REDIS_SERVER, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Starts a redis-server and resolves once it answers PING. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<TestRedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'pushgate-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    ...(options.appendOnly ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
    ...(options.replicaOf === undefined ? [] : ['--replicaof', '127.0.0.1', String(options.replicaOf)]),
  ];
  let running: Running | undefined;
  const launch = async () => {
    running = start(REDIS_SERVER, args);
    await answersPing(port, running);
  };
  const stop = async () => {
    const current = running;
    running = undefined;
    if (!current || current.child.exitCode !== null) return;
    current.child.kill('SIGTERM');
    await current.exited;
  };
  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    target: { kind: 'standalone', address: { host: '127.0.0.1', port }, db: 0, tls: false },
    stop,
    restart: launch,
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function answersPing(port: number, running: Running): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (running.child.exitCode !== null) {
      throw new Error(`redis-server exited: ${running.stdout()}${running.stderr()}`);
    }
    if (await ping(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server did not answer on port ${port}: ${running.stdout()}`);
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    socket.once('error', () => resolve(false));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) {
        socket.destroy();
        resolve(answer.startsWith('+PONG'));
      }
    });
    socket.once('connect', () => socket.write('PING\r\n'));
  });
}
