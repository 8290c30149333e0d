import { parseText } from '@pushgate/protocol';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import { createMemoryStore } from '../storage/memory-store.js';
import { GroupExpiry } from './group-expiry.js';

const T0 = 1_800_000_000_000;

function setup(defaultTtlMs: number) {
  let clock = T0;
  const logs: string[] = [];
  let expired = 0;
  const store = createMemoryStore({ consistencyCheck: true, ownFamilies: new Map() });
  const expiry = new GroupExpiry({
    store,
    defaultTtlMs,
    logger: createLogger({
      level: 'info',
      format: 'logfmt',
      destination: { write: (line) => logs.push(line) },
    }),
    onExpired: () => expired++,
    now: () => clock,
  });
  const push = (job: string, atMs: number, ttlMs?: number) =>
    store.write({
      labels: { job },
      timestampMs: atMs,
      families: parseText('m 1\n'),
      replace: true,
      ...(ttlMs === undefined ? {} : { ttlMs }),
    });
  const jobs = () => [...store.groups()].map((g) => g.labels.job).sort();
  return {
    store,
    expiry,
    push,
    jobs,
    logs,
    expired: () => expired,
    at: (ms: number) => {
      clock = ms;
    },
  };
}

describe('group expiry', () => {
  it('removes a group once the default TTL has passed since its last push, and not before', async () => {
    const t = setup(60_000);
    await t.push('a', T0);
    await t.push('b', T0 + 30_000);
    t.at(T0 + 59_999);
    expect(await t.expiry.sweep()).toBe(0);
    t.at(T0 + 60_000);
    expect(await t.expiry.sweep()).toBe(1);
    expect(t.jobs()).toEqual(['b']);
    expect(t.expired()).toBe(1);
    expect(t.logs.join('')).toContain('msg="group expired"');
    expect(t.logs.join('')).toContain('group="{\\"job\\":\\"a\\"}"');
  });

  it('is renewed by any successful push', async () => {
    const t = setup(60_000);
    await t.push('a', T0);
    await t.store.write({ labels: { job: 'a' }, timestampMs: T0 + 50_000, families: [], replace: false });
    t.at(T0 + 100_000);
    expect(await t.expiry.sweep()).toBe(0);
    t.at(T0 + 110_000);
    expect(await t.expiry.sweep()).toBe(1);
  });

  it('honours a push’s own TTL over the default, including 0 for never', async () => {
    const t = setup(60_000);
    await t.push('short', T0, 1_000);
    await t.push('never', T0, 0);
    await t.push('default', T0);
    t.at(T0 + 1_000);
    await t.expiry.sweep();
    expect(t.jobs()).toEqual(['default', 'never']);
    t.at(T0 + 10 * 365 * 86_400_000);
    await t.expiry.sweep();
    expect(t.jobs()).toEqual(['never']);
  });

  it('expires nothing without a TTL (the Go pushgateway’s behaviour)', async () => {
    const t = setup(0);
    await t.push('a', T0);
    t.at(T0 + 10 * 365 * 86_400_000);
    expect(await t.expiry.sweep()).toBe(0);
    expect(t.jobs()).toEqual(['a']);
  });

  it('expires 20,000 due groups in batches, letting other work run in between', async () => {
    const t = setup(1_000);
    for (let i = 0; i < 20_000; i++) await t.push(`j${i}`, T0);
    t.at(T0 + 1_000);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 0);
    const expired = await t.expiry.sweep();
    clearInterval(ticker);
    expect(expired).toBe(20_000);
    expect(t.jobs()).toEqual([]);
    expect(ticks).toBeGreaterThan(5);
  });

  it('logs an unreachable store once per outage, and expires again when it is back', async () => {
    const t = setup(1_000);
    await t.push('a', T0);
    t.at(T0 + 5_000);
    const expire = t.store.expire.bind(t.store);
    t.store.expire = () => Promise.reject(new Error('redis unreachable'));
    await t.expiry.sweep();
    await t.expiry.sweep();
    expect(t.logs.filter((line) => line.includes('could not expire groups'))).toHaveLength(1);
    t.store.expire = expire;
    expect(await t.expiry.sweep()).toBe(1);
    expect(t.logs.join('')).toContain('expiring groups again');
  });
});
