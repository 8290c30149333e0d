/**
 * The store and expiry contracts (test/store-contract.ts, test/expiry-contract.ts)
 * against the Redis store, on a
 * real redis-server: each test gets a store under a key prefix of its own.
 * Push times come from the requests here (the contract checks exact times);
 * Redis's own clock is tested in redis-store.test.ts.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { openRedisStore, type RedisStore } from '../../src/storage/redis/redis-store.js';
import { expiryContract } from '../expiry-contract.js';
import { type ContractStoreConfig, storeContract } from '../store-contract.js';
import { startRedisServer, type TestRedisServer } from './support/redis-server.js';

let server: TestRedisServer;
const opened: RedisStore[] = [];
let stores = 0;

beforeAll(async () => {
  server = await startRedisServer();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

afterAll(async () => {
  await server.close();
});

async function makeStore(config: ContractStoreConfig): Promise<RedisStore> {
  const store = await openRedisStore({
    ...config,
    target: server.target,
    keyPrefix: `contract${stores++}:`,
    clock: 'request',
  });
  opened.push(store);
  return store;
}

storeContract('redis', makeStore);
expiryContract('redis', makeStore);
