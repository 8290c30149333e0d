/**
 * Three real gateway processes (the built dist/main.js) on one real Redis,
 * behaving as one gateway: read-your-writes both ways, identical scrapes and
 * API answers, concurrent pushes to one group ending coherent, the
 * consistency check across replicas, a replica killed with SIGKILL losing
 * nothing, and Redis restarted under load (503s meanwhile, then everything
 * resumes without restarting the gateways).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Running, start, waitFor } from '../support/processes.js';
import { startRedisServer, type TestRedisServer } from './support/redis-server.js';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
/** Families of each gateway process itself, which differ between replicas. */
const OWN_PREFIXES = ['process_', 'nodejs_', 'pushgateway_', 'pushgate_'];

interface Replica {
  readonly base: string;
  readonly process: Running;
  /** Ends the process: SIGTERM (graceful) or SIGKILL. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

async function startReplica(redisUrl: string): Promise<Replica> {
  const running = start(process.execPath, [
    MAIN,
    `--redis.url=${redisUrl}`,
    '--web.listen-address=127.0.0.1:0',
    '--web.enable-admin-api',
  ]);
  await waitFor('the replica to listen', () => /msg="Listening on"/.test(running.stderr()));
  const port = /address=127\.0\.0\.1:(\d+)/.exec(running.stderr())?.[1];
  return {
    base: `http://127.0.0.1:${port}`,
    process: running,
    stop: async (signal = 'SIGTERM') => {
      if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill(signal);
      await running.exited;
    },
  };
}

async function put(replica: Replica, path: string, body: string, method = 'PUT'): Promise<Response> {
  return fetch(`${replica.base}/metrics/${path}`, { method, body });
}

async function scrape(replica: Replica): Promise<string> {
  const response = await fetch(`${replica.base}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The pushed part of a scrape: every line but those of the gateway's own families. */
function pushedPart(text: string): string {
  return text
    .split('\n')
    .filter((line) => {
      const name = line.startsWith('# ') ? (line.split(' ')[2] ?? '') : line;
      return !OWN_PREFIXES.some((prefix) => name.startsWith(prefix));
    })
    .join('\n');
}

async function apiGroups(replica: Replica): Promise<unknown> {
  const response = await fetch(`${replica.base}/api/v1/metrics`);
  expect(response.status).toBe(200);
  return response.json();
}

async function ready(replica: Replica): Promise<number> {
  return (await fetch(`${replica.base}/-/ready`)).status;
}

let redis: TestRedisServer;
let replicas: Replica[] = [];
const extra: Replica[] = [];

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the gateway first (pnpm build)`);
  redis = await startRedisServer({ appendOnly: true });
  replicas = await Promise.all([0, 1, 2].map(() => startReplica(redis.url)));
});

afterAll(async () => {
  await Promise.all([...replicas, ...extra].map((replica) => replica.stop('SIGKILL')));
  await redis?.close();
});

describe('three replicas on one Redis', () => {
  it('read their writes both ways: a push acknowledged by one is in the next scrape of every other', async () => {
    for (let round = 0; round < 30; round++) {
      const writer = replicas[round % 3] as Replica;
      expect((await put(writer, 'job/ryw', `ryw_round ${round}\n`)).status).toBe(200);
      for (const reader of replicas) {
        expect(await scrape(reader)).toContain(`ryw_round{instance="",job="ryw"} ${round}\n`);
      }
    }
  });

  it('serve identical scrapes and API answers', async () => {
    const [a, b, c] = replicas as [Replica, Replica, Replica];
    await put(
      a,
      'job/same/instance/1',
      '# HELP same_total Things.\n# TYPE same_total counter\nsame_total 3\n',
    );
    await put(
      b,
      'job/same/instance/2',
      '# HELP same_total Other things.\n# TYPE same_total counter\nsame_total 4\n',
    );
    await put(c, 'job/same/instance/1', 'extra{a="b"} 1\n', 'POST');
    await put(
      a,
      'job/other',
      '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 3\nh_count 2\n',
    );
    await fetch(`${b.base}/metrics/job/ryw`, { method: 'DELETE' });
    const scrapes = await Promise.all(replicas.map(scrape));
    const pushed = scrapes.map(pushedPart);
    expect(pushed[0]).toContain('# HELP same_total Things.\n');
    expect(pushed[0]).toContain('extra{a="b",instance="1",job="same"} 1\n');
    expect(pushed[0]).not.toContain('ryw_round');
    expect(pushed[1]).toBe(pushed[0]);
    expect(pushed[2]).toBe(pushed[0]);
    const api = await Promise.all(replicas.map(apiGroups));
    expect(api[1]).toEqual(api[0]);
    expect(api[2]).toEqual(api[0]);
  });

  it('end concurrent pushes to one group through all replicas in one coherent state', async () => {
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        const replica = replicas[i % 3] as Replica;
        return put(
          replica,
          'job/conc',
          `pa{w="${i}"} ${i}\npb{w="${i}"} ${i}\n`,
          i % 4 === 0 ? 'POST' : 'PUT',
        );
      }),
    );
    expect(responses.map((response) => response.status)).toEqual(responses.map(() => 200));
    const scrapes = (await Promise.all(replicas.map(scrape))).map(pushedPart);
    expect(scrapes[1]).toBe(scrapes[0]);
    expect(scrapes[2]).toBe(scrapes[0]);
    const lines = (scrapes[0] ?? '').split('\n').filter((line) => /^p[ab]\{/.test(line));
    // The last change was one push: its two families carry the same writer.
    const writers = new Set(lines.map((line) => /w="(\d+)"/.exec(line)?.[1]));
    expect(lines).toHaveLength(2);
    expect(writers.size).toBe(1);
  });

  it('refuse a type clash with a group pushed through another replica', async () => {
    const [a, b, c] = replicas as [Replica, Replica, Replica];
    expect((await put(a, 'job/cc1', 'cc_metric 1\n')).status).toBe(200);
    const refused = await put(b, 'job/cc2', '# TYPE cc_metric counter\ncc_metric 2\n');
    expect(refused.status).toBe(400);
    expect(await refused.text()).toBe(
      'pushed metrics are invalid or inconsistent with existing metrics: collected metric "cc_metric" { label:<name:"instance" value:"" > label:<name:"job" value:"cc2" > counter:<value:2 > } is not a UNTYPED\n',
    );
    const text = await scrape(c);
    expect(text).toMatch(/\npush_failure_time_seconds\{instance="",job="cc2"\} [1-9]/);
    expect(text).toMatch(/\npush_time_seconds\{instance="",job="cc2"\} 0\n/);
    expect(text).not.toContain('cc_metric{instance="",job="cc2"}');
  });

  it('lose nothing a replica acknowledged when it is killed with SIGKILL', async () => {
    const victim = await startReplica(redis.url);
    extra.push(victim);
    const acknowledged: number[] = [];
    // Pushes one group after the other until the replica is gone.
    const pushing = (async () => {
      for (let i = 0; ; i++) {
        const status = await put(victim, `job/k${i}`, `killed_replica ${i}\n`).then(
          (response) => response.status,
          () => 0,
        );
        if (status === 0) return;
        if (status === 200) acknowledged.push(i);
      }
    })();
    await waitFor('some acknowledged pushes', () => acknowledged.length >= 15);
    await victim.stop('SIGKILL');
    await pushing;
    const survivor = await scrape(replicas[0] as Replica);
    for (const i of acknowledged)
      expect(survivor).toContain(`killed_replica{instance="",job="k${i}"} ${i}\n`);
    const restarted = await startReplica(redis.url);
    extra.push(restarted);
    expect(pushedPart(await scrape(restarted))).toBe(pushedPart(await scrape(replicas[0] as Replica)));
  });

  it('answer 503 while Redis is restarted under load, then resume without restarting', async () => {
    const statuses = new Map<string, number>();
    let loading = true;
    const load = replicas.map(async (replica, r) => {
      for (let i = 0; loading; i++) {
        const job = `load${r}_${i}`;
        const response = await put(replica, `job/${job}`, `under_load ${i}\n`);
        statuses.set(job, response.status);
        if (response.status === 503) {
          expect(await response.text()).toMatch(/^Redis at redis:\/\/127\.0\.0\.1:\d+\/0 /);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    });
    await waitFor('pushes under load', () => statuses.size >= 30);
    const before = pushedPart(await scrape(replicas[0] as Replica));
    await redis.stop();
    await waitFor('503 answers', () => [...statuses.values()].filter((status) => status === 503).length >= 3);
    for (const replica of replicas) expect(await ready(replica)).toBe(500);
    const stale = await scrape(replicas[1] as Replica);
    expect(stale).toContain('under_load{');
    expect(pushedPart(stale).length).toBeGreaterThanOrEqual(before.length);
    await redis.restart();
    await waitFor('every replica ready again', async () =>
      (await Promise.all(replicas.map(ready))).every((s) => s === 200),
    );
    const resumedFrom = statuses.size;
    await waitFor(
      'pushes after the restart',
      () => [...statuses.entries()].slice(resumedFrom).filter(([, status]) => status === 200).length >= 30,
    );
    loading = false;
    await Promise.all(load);
    const scrapes = (await Promise.all(replicas.map(scrape))).map(pushedPart);
    expect(scrapes[1]).toBe(scrapes[0]);
    expect(scrapes[2]).toBe(scrapes[0]);
    for (const [job, status] of statuses) {
      if (status === 200) expect(scrapes[0]).toContain(`under_load{instance="",job="${job}"}`);
    }
  });
});
