// Push and scrape throughput of 1, 2 and 3 gateway replicas on one Redis, as
// ratios to a single gateway on the memory store (issue 6). Every replica is
// a real process; wrk drives each one with its share of the connections, and
// the figures are the sums. Needs redis-server and wrk; run from the
// repository root after a build:
//
//   pnpm build && pnpm --filter @pushgate/gateway exec tsc -p tsconfig.bench.json
//   node apps/gateway/dist-bench/redis.bench.js [--seconds=10] [--groups=1000]
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { preload, pushBody } from './http/load.js';
import { freePort, type RunningServer, startServer } from './http/processes.js';
import { rotatingPutScript, runWrk } from './http/wrk.js';

const gatewayMain = join(dirname(fileURLToPath(import.meta.url)), '../dist/main.js');
const SERIES_PER_GROUP = 20;
const PUSH_CONNECTIONS = 32;
const SCRAPE_CONNECTIONS_PER_REPLICA = 4;

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    groups: { type: 'string', default: '1000' },
  },
});
const seconds = Number(values.seconds);
const groups = Number(values.groups);
const body = pushBody(SERIES_PER_GROUP);

interface Row {
  readonly setup: string;
  readonly pushesPerSecond: number;
  readonly scrapesPerSecond: number;
}

/** A throwaway redis-server without persistence, on a free port. */
async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'pushgate-bench-redis-'));
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  while (!(await answersPing(port))) await new Promise((resolve) => setTimeout(resolve, 50));
  return {
    url: `redis://127.0.0.1:${port}/0`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('error', () => resolve(false));
    socket.once('data', (chunk: Buffer) => {
      socket.destroy();
      resolve(chunk.toString('latin1').startsWith('+PONG'));
    });
    socket.once('connect', () => socket.write('PING\r\n'));
  });
}

function startGateway(name: string, flags: readonly string[]): Promise<RunningServer> {
  return startServer(name, process.execPath, (port) => [
    gatewayMain,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
    ...flags,
  ]);
}

/** Runs wrk against every replica at once, splitting the connections; the sum of their rates. */
async function throughput(
  replicas: readonly RunningServer[],
  connections: (replica: number) => number,
  path: string,
  requestScript?: string,
): Promise<number> {
  const results = await Promise.all(
    replicas.map((replica, i) =>
      runWrk({
        url: `${replica.url}${path}`,
        connections: connections(i),
        threads: 1,
        seconds,
        ...(requestScript === undefined ? {} : { requestScript }),
      }),
    ),
  );
  for (const result of results) {
    if (result.errors > 0 || result.non2xx > 0) {
      throw new Error(`${result.errors} errors and ${result.non2xx} non-2xx answers`);
    }
  }
  return results.reduce((sum, result) => sum + result.requestsPerSecond, 0);
}

async function measure(setup: string, replicas: readonly RunningServer[]): Promise<Row> {
  const first = replicas[0];
  if (!first) throw new Error('no replica');
  await preload(first.url, groups, body);
  const share = (i: number) =>
    Math.floor(PUSH_CONNECTIONS / replicas.length) + (i < PUSH_CONNECTIONS % replicas.length ? 1 : 0);
  const pushesPerSecond = await throughput(replicas, share, '/', rotatingPutScript(body, groups));
  const scrapesPerSecond = await throughput(replicas, () => SCRAPE_CONNECTIONS_PER_REPLICA, '/metrics');
  return { setup, pushesPerSecond, scrapesPerSecond };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const memory = await startGateway('memory', []);
  try {
    rows.push(await measure('memory, 1 gateway', [memory]));
  } finally {
    await memory.stop();
  }
  for (const count of [1, 2, 3]) {
    const redis = await startRedis();
    const replicas: RunningServer[] = [];
    try {
      for (let i = 0; i < count; i++) {
        replicas.push(await startGateway(`redis ${i}`, [`--redis.url=${redis.url}`]));
      }
      rows.push(await measure(`redis, ${count} replica${count > 1 ? 's' : ''}`, replicas));
    } finally {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await redis.stop();
    }
  }
  const base = rows[0];
  if (!base) return;
  console.log(`\n${groups} groups × ${SERIES_PER_GROUP} series, ${seconds} s per measurement\n`);
  console.log('| setup | pushes/s | × memory | scrapes/s | × memory |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    console.log(
      `| ${row.setup} | ${row.pushesPerSecond.toFixed(0)} | ${(row.pushesPerSecond / base.pushesPerSecond).toFixed(2)} | ${row.scrapesPerSecond.toFixed(1)} | ${(row.scrapesPerSecond / base.scrapesPerSecond).toFixed(2)} |`,
    );
  }
}

await main();
