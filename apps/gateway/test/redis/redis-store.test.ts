/**
 * The Redis store beyond the single-store contract: several stores on one
 * Redis acting as one (read-your-writes both ways, the consistency check
 * across them, one clock, exactly-once expiry), a replica that falls behind
 * the trimmed change log or starts late ending in the same state as one
 * that saw every change, and Redis going away and coming back.
 */
import { parseText } from '@pushgate/protocol';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  openRedisStore,
  type RedisStore,
  type RedisStoreOptions,
} from '../../src/storage/redis/redis-store.js';
import { type GroupingLabels, type MetricStore, StoreError } from '../../src/storage/store.js';
import { CONTRACT_OWN_FAMILIES } from '../store-contract.js';
import { startRedisServer, type TestRedisServer } from './support/redis-server.js';

let server: TestRedisServer;
let prefixes = 0;
const opened: RedisStore[] = [];

beforeAll(async () => {
  server = await startRedisServer();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

afterAll(async () => {
  await server.close();
});

/** Options for `count` stores sharing one fresh key prefix. */
function replicaOptions(overrides: Partial<RedisStoreOptions> = {}): RedisStoreOptions {
  return {
    target: server.target,
    keyPrefix: `replicas${prefixes++}:`,
    consistencyCheck: true,
    ownFamilies: CONTRACT_OWN_FAMILIES,
    blockMs: 200,
    ...overrides,
  };
}

async function open(options: RedisStoreOptions): Promise<RedisStore> {
  const store = await openRedisStore(options);
  opened.push(store);
  return store;
}

function push(
  store: MetricStore,
  labels: GroupingLabels,
  body: string,
  replace = true,
  timestampMs = Date.now(),
) {
  return store.write({ labels, timestampMs, families: parseText(body), replace });
}

/** The exposition as one string per family, for comparing replicas. */
function exposition(store: MetricStore): string[] {
  return store.merged().map((family) => Buffer.concat(family.text()).toString('utf8'));
}

/** Every group as comparable data: labels, gauges, TTL, families with their write times. */
function groupsOf(store: MetricStore): unknown[] {
  return [...store.groups()]
    .map((group) => ({
      labels: group.labels,
      push: group.lastPushSeconds,
      failure: group.lastFailureSeconds,
      ttl: group.ttlMs,
      families: [...group.families]
        .map(([name, { family, timestampMs }]) => ({ name, timestampMs, family }))
        .sort((a, b) => (a.name < b.name ? -1 : 1)),
    }))
    .sort((a, b) => (JSON.stringify(a.labels) < JSON.stringify(b.labels) ? -1 : 1));
}

async function refusal(written: Promise<unknown>): Promise<StoreError> {
  const outcome = await written.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(StoreError);
  return outcome as StoreError;
}

describe('several stores on one Redis', () => {
  it('read their writes both ways: the writer at once, the others after catchUp', async () => {
    const options = replicaOptions();
    const [a, b] = [await open(options), await open(options)];
    for (let round = 0; round < 20; round++) {
      const [writer, reader] = round % 2 === 0 ? [a, b] : [b, a];
      await push(writer, { job: 'ryw' }, `round ${round}\n`);
      expect(exposition(writer).join('')).toContain(`round{instance="",job="ryw"} ${round}\n`);
      await reader.catchUp();
      expect(exposition(reader)).toEqual(exposition(writer));
    }
  });

  it('follow each other’s changes without being asked', async () => {
    const options = replicaOptions();
    const [a, b] = [await open(options), await open(options)];
    await push(a, { job: 'feed' }, 'x 1\n');
    await expect
      .poll(() => exposition(b).join(''), { timeout: 2000, interval: 5 })
      .toContain('x{instance="",job="feed"} 1');
    expect(b.stalenessSeconds()).toBe(0);
  });

  it('refuse a type clash with a group pushed through another store, and share the failure time', async () => {
    const options = replicaOptions();
    const [a, b] = [await open(options), await open(options)];
    await push(a, { job: 'some_job' }, 'some_metric 3.14\n');
    const error = await refusal(
      push(b, { job: 'j2', instance: 'i1' }, '# TYPE some_metric counter\nsome_metric{label="val1"} 42\n'),
    );
    expect(error.message).toBe(
      'collected metric "some_metric" { label:<name:"instance" value:"i1" > label:<name:"job" value:"j2" > label:<name:"label" value:"val1" > counter:<value:42 > } is not a UNTYPED',
    );
    await a.catchUp();
    const failed = [...a.groups()].find((group) => group.labels.instance === 'i1');
    expect(failed?.lastPushSeconds).toBe(0);
    expect(failed?.lastFailureSeconds).toBeGreaterThan(0);
    expect(groupsOf(a)).toEqual(groupsOf(b));
  });

  it('refuse a series another store’s group holds', async () => {
    const options = replicaOptions();
    const [a, b] = [await open(options), await open(options)];
    await push(a, { job: 'a', x: '1' }, 'm 1\n');
    const error = await refusal(push(b, { job: 'a' }, 'm{x="1"} 2\n'));
    expect(error.message).toMatch(/was collected before with the same name and label values$/);
  });

  it('take push times from Redis’s clock, whatever the replicas’ clocks say', async () => {
    const options = replicaOptions({ clock: 'redis' });
    const [a, b] = [await open(options), await open(options)];
    const probe = new Redis({ host: '127.0.0.1', port: server.port });
    const [seconds] = await probe.time();
    await probe.quit();
    const hour = 3_600_000;
    await push(a, { job: 'early' }, 'x 1\n', true, Date.now() - hour);
    await push(b, { job: 'late' }, 'x 1\n', true, Date.now() + hour);
    await a.catchUp();
    const times = [...a.groups()].map((group) => group.lastPushSeconds);
    expect(times).toHaveLength(2);
    for (const time of times) expect(Math.abs(time - Number(seconds))).toBeLessThan(5);
    const [early, late] = ['early', 'late'].map(
      (job) => [...a.groups()].find((group) => group.labels.job === job)?.lastPushSeconds ?? 0,
    );
    expect(late).toBeGreaterThan(early ?? 0);
  });

  it('let exactly one of several stores expire a group, and never one renewed meanwhile', async () => {
    const options = replicaOptions({ clock: 'request' });
    const stores = [await open(options), await open(options), await open(options)];
    const [a] = stores as [RedisStore];
    await push(a, { job: 'old' }, 'x 1\n', true, 1_000_000);
    for (const store of stores) await store.catchUp();
    const outcomes = await Promise.all(stores.map((store) => store.expire({ job: 'old' }, 1000)));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    await push(a, { job: 'renewed' }, 'x 1\n', true, 5_000_000);
    expect(await a.expire({ job: 'renewed' }, 4000)).toBe(false);
    for (const store of stores) await store.catchUp();
    for (const store of stores)
      expect([...store.groups()].map((group) => group.labels)).toEqual([{ job: 'renewed' }]);
  });
});

describe('--push.max-groups', () => {
  it('counts the groups of every store sharing the Redis', async () => {
    const options = replicaOptions({ maxGroups: 2 });
    const [a, b] = [await open(options), await open(options)];
    await push(a, { job: 'one' }, 'x 1\n');
    await push(b, { job: 'two' }, 'x 1\n');
    const error = await refusal(push(a, { job: 'three' }, 'x 1\n'));
    expect(error.code).toBe('too_many_groups');
    expect(error.message).toBe(
      'the gateway holds 2 groups, the most --push.max-groups allows: a push may not create another',
    );
    await push(a, { job: 'two' }, 'x 2\n');
    await b.write({ labels: { job: 'one' }, timestampMs: Date.now(), families: undefined, replace: true });
    await push(a, { job: 'three' }, 'x 1\n');
    await b.catchUp();
    expect([...b.groups()].map((group) => group.labels.job).sort()).toEqual(['three', 'two']);
  });
});

describe('a replica that starts late or falls behind', () => {
  it('loads a snapshot equal to what applying every change gave, merged HELP included', async () => {
    const options = replicaOptions({ clock: 'request' });
    const a = await open(options);
    await push(a, { job: 'a' }, '# HELP hm first help\nhm 1\n', true, 1000);
    await push(a, { job: 'b' }, '# HELP hm second help\nhm 2\nkeep 1\n', true, 2000);
    await push(a, { job: 'a' }, '# HELP hm third help\nhm 1\n', false, 3000);
    await push(a, { job: 'a' }, 'other 1\n', true, 4000);
    await push(a, { job: 'a' }, '# HELP hm fourth help\nhm 1\n', false, 5000);
    await a.write({
      labels: { job: 'b' },
      timestampMs: 6000,
      families: [{ name: 'empty', type: 'GAUGE', metric: [] }],
      replace: false,
      ttlMs: 60_000,
    });
    await refusal(push(a, { job: 'b' }, 'keep 1 1234\n', false, 7000));
    await refusal(push(a, { job: 'never' }, 'ts 1 1234\n', false, 8000));
    await push(a, { job: 'gone' }, 'x 1\n', true, 9000);
    await a.write({ labels: { job: 'gone' }, timestampMs: 10_000, families: undefined, replace: true });
    const late = await open(options);
    expect(late.merged().find((family) => family.name === 'hm')?.help).toBe('second help');
    expect(exposition(late)).toEqual(exposition(a));
    expect(groupsOf(late)).toEqual(groupsOf(a));
  });

  it('reloads when the log was trimmed past it, and ends equal', async () => {
    const options = replicaOptions({ changeLog: { maxEntries: 2, maxBytes: 1 << 20 } });
    const [a, b] = [await open(options), await open(options)];
    // Sent at once: Redis runs them back to back while b reads at most the first.
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => push(a, { job: `j${i % 7}` }, `m${i % 5} ${i}\n`, i % 3 !== 0)),
    );
    await b.catchUp();
    await expect.poll(() => groupsOf(b), { timeout: 2000, interval: 10 }).toEqual(groupsOf(a));
    expect(exposition(b)).toEqual(exposition(a));
  });
});

describe('Redis going away', () => {
  it('refuses writes at once, serves the last state with its staleness, and resumes when Redis is back', async () => {
    const own = await startRedisServer({ appendOnly: true });
    try {
      const store = await open(replicaOptions({ target: own.target, timeoutMs: 1000 }));
      await push(store, { job: 'kept' }, 'x 1\n');
      const before = exposition(store);
      expect(store.health()).toBeUndefined();
      await own.stop();
      await expect
        .poll(() => store.health(), { timeout: 2000, interval: 10 })
        .toMatch(/^Redis at redis:\/\/127\.0\.0\.1:\d+\/0 is unreachable/);
      const started = Date.now();
      const error = await refusal(push(store, { job: 'lost' }, 'x 2\n'));
      expect(Date.now() - started).toBeLessThan(500);
      expect(error.code).toBe('unavailable');
      expect(error.message).toMatch(/is unreachable.*; the change was not applied$/);
      expect(exposition(store)).toEqual(before);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(store.stalenessSeconds()).toBeGreaterThan(0.2);
      await store.catchUp();
      expect(exposition(store)).toEqual(before);

      await own.restart();
      await expect.poll(() => store.health(), { timeout: 5000, interval: 20 }).toBeUndefined();
      await push(store, { job: 'after' }, 'x 3\n');
      expect(store.stalenessSeconds()).toBe(0);
      expect([...store.groups()].map((group) => group.labels.job).sort()).toEqual(['after', 'kept']);
    } finally {
      await own.close();
    }
  });

  it('notices that Redis lost its data and empties its copy', async () => {
    const own = await startRedisServer();
    try {
      const options = replicaOptions({ target: own.target });
      const store = await open(options);
      await push(store, { job: 'volatile' }, 'x 1\n');
      await own.stop();
      await own.restart();
      await expect.poll(() => store.health(), { timeout: 5000, interval: 20 }).toBeUndefined();
      await store.catchUp();
      await expect.poll(() => [...store.groups()].length, { timeout: 2000, interval: 10 }).toBe(0);
      await push(store, { job: 'fresh' }, 'x 1\n');
      expect([...store.groups()].map((group) => group.labels)).toEqual([{ job: 'fresh' }]);
    } finally {
      await own.close();
    }
  });

  it('is refused before it starts when Redis is out of memory, never half-way', async () => {
    const store = await open(replicaOptions());
    await push(store, { job: 'full' }, 'a 1\nb 1\n');
    const before = groupsOf(store);
    const admin = new Redis({ host: '127.0.0.1', port: server.port });
    try {
      await admin.config('SET', 'maxmemory', '1');
      const error = await refusal(push(store, { job: 'full' }, 'a 2\nc 2\n'));
      expect(error.code).toBe('unavailable');
      expect(error.message).toContain('OOM');
    } finally {
      await admin.config('SET', 'maxmemory', '0');
      await admin.quit();
    }
    await store.catchUp();
    expect(groupsOf(store)).toEqual(before);
    await push(store, { job: 'full' }, 'a 3\n');
  });

  it('does not start when Redis cannot be reached in time', async () => {
    const own = await startRedisServer();
    await own.close();
    const error = await openRedisStore(replicaOptions({ target: own.target, startTimeoutMs: 300 })).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(
      /^could not load the store from Redis at redis:\/\/127\.0\.0\.1:\d+\/0 within 0\.3s: /,
    );
  });
});

describe('key prefixes', () => {
  it('keep gateways sharing one Redis apart', async () => {
    const a = await open(replicaOptions());
    const b = await open(replicaOptions());
    await push(a, { job: 'mine' }, '# TYPE x counter\nx 1\n');
    await push(b, { job: 'theirs' }, 'x 1\n');
    await b.catchUp();
    expect([...b.groups()].map((group) => group.labels)).toEqual([{ job: 'theirs' }]);
  });
});
