/**
 * The Redis store through Redis Sentinel, on real processes: a primary, a
 * replica and a Sentinel. When the primary goes away the Sentinel promotes
 * the replica; the store answers 503 meanwhile, then follows the new primary
 * without being restarted, keeping what was replicated before.
 */
import { parseText } from '@pushgate/protocol';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRedisStore, type RedisStore } from '../../src/storage/redis/redis-store.js';
import { StoreError } from '../../src/storage/store.js';
import { CONTRACT_OWN_FAMILIES } from '../store-contract.js';
import { waitFor } from '../support/processes.js';
import { startSentinel, type TestSentinel } from './support/redis-sentinel.js';
import { startRedisServer, type TestRedisServer } from './support/redis-server.js';

const MASTER = 'pushgate-test';
let primary: TestRedisServer;
let replica: TestRedisServer;
let sentinel: TestSentinel;
const stores: RedisStore[] = [];

beforeAll(async () => {
  primary = await startRedisServer();
  replica = await startRedisServer({ replicaOf: primary.port });
  // Started once the replica is in sync, the Sentinel learns of it with its first look at the primary.
  await waitFor('the replica to be in sync', async () => (await replication(replica.port)) === 'replica');
  sentinel = await startSentinel(primary.port, MASTER);
  await waitFor('the Sentinel to know the replica', async () => (await sentinel.replicaCount()) === 1);
});

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await sentinel?.close();
  await Promise.all([primary?.close(), replica?.close()]);
});

function openThroughSentinel(): Promise<RedisStore> {
  return openRedisStore({
    target: {
      kind: 'sentinel',
      sentinels: [{ host: '127.0.0.1', port: sentinel.port }],
      masterName: MASTER,
      db: 0,
    },
    keyPrefix: 'sentinel:',
    consistencyCheck: true,
    ownFamilies: CONTRACT_OWN_FAMILIES,
    timeoutMs: 1000,
    blockMs: 200,
  }).then((store) => {
    stores.push(store);
    return store;
  });
}

function push(store: RedisStore, job: string, body: string): Promise<void> {
  return store.write({ labels: { job }, timestampMs: Date.now(), families: parseText(body), replace: true });
}

/** The `role` of the Redis on `port`: `master` or `slave`, and whether a replica's link is up. */
async function replication(port: number): Promise<string> {
  const client = new Redis({ host: '127.0.0.1', port });
  try {
    const info = await client.info('replication');
    return /role:(\w+)/.exec(info)?.[1] === 'slave' && info.includes('master_link_status:up')
      ? 'replica'
      : 'primary';
  } finally {
    client.disconnect();
  }
}

it('follows a failover to the new primary without a restart', async () => {
  const store = await openThroughSentinel();
  await push(store, 'before', 'x 1\n');
  const admin = new Redis({ host: '127.0.0.1', port: primary.port });
  expect(await admin.call('WAIT', '1', '2000')).toBe(1);
  admin.disconnect();

  await primary.stop();
  const answers: string[] = [];
  await waitFor(
    'a push through the new primary',
    async () => {
      try {
        await push(store, 'after', 'x 2\n');
        return true;
      } catch (error) {
        expect(error).toBeInstanceOf(StoreError);
        answers.push((error as StoreError).code);
        return false;
      }
    },
    15_000,
  );
  expect(await sentinel.primaryPort()).toBe(replica.port);
  expect(answers.length).toBeGreaterThan(0);
  expect(answers.every((code) => code === 'unavailable')).toBe(true);
  await waitFor('the store to be healthy', () => store.health() === undefined);
  expect([...store.groups()].map((group) => group.labels.job).sort()).toEqual(['after', 'before']);
  const late = await openThroughSentinel();
  expect([...late.groups()].map((group) => group.labels.job).sort()).toEqual(['after', 'before']);
}, 30_000);
