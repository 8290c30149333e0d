/**
 * What every MetricStore must do for group expiry (TTL), as a reusable
 * vitest suite: TTLs remembered with groups, and `expire` deleting a group
 * only when it has not been written since, exactly once.
 */
import { parseText } from '@pushgate/protocol';
import { describe, expect, it } from 'vitest';
import type { MetricStore } from '../src/storage/store.js';
import { CONTRACT_OWN_FAMILIES, type ContractStoreConfig } from './store-contract.js';

const CONFIG: ContractStoreConfig = { consistencyCheck: true, ownFamilies: CONTRACT_OWN_FAMILIES };
const T0 = 1_795_792_250_739.875;

function group(store: MetricStore, job: string) {
  return [...store.groups()].find((g) => g.labels.job === job);
}

/** A push of `body` to `labels` at `timestampMs`: PUT unless `replace` is false, with `ttlMs` if given. */
function push(
  store: MetricStore,
  labels: Readonly<Record<string, string>>,
  body: string,
  timestampMs: number,
  { ttlMs, replace = true }: { ttlMs?: number; replace?: boolean } = {},
): Promise<void> {
  return store.write({
    labels,
    timestampMs,
    families: parseText(body),
    replace,
    ...(ttlMs === undefined ? {} : { ttlMs }),
  });
}

export function expiryContract(
  name: string,
  make: (config: ContractStoreConfig) => Promise<MetricStore>,
): void {
  describe(`${name} store: group expiry`, () => {
    it('remembers the TTL of the last successful push, and forgets it when a push sends none', async () => {
      const store = await make(CONFIG);
      await push(store, { job: 'a' }, 'm 1\n', T0, { ttlMs: 7200_000 });
      expect(group(store, 'a')?.ttlMs).toBe(7200_000);
      await push(store, { job: 'a' }, 'm 2\n', T0 + 1, { ttlMs: 0, replace: false });
      expect(group(store, 'a')?.ttlMs).toBe(0);
      await push(store, { job: 'a' }, 'm 3\n', T0 + 2);
      expect(group(store, 'a')?.ttlMs).toBeUndefined();
      await store.close();
    });

    it('reads the times of the groups that can expire, as groups() has them', async () => {
      const store = await make(CONFIG);
      const pushTo = (job: string, body: string, timestampMs: number, ttlMs?: number) =>
        push(store, { job, instance: 'i' }, body, timestampMs, ttlMs === undefined ? {} : { ttlMs });
      await pushTo('own', 'm 1\n', T0, 60_000);
      await expect(pushTo('own', 'm 1 5\n', T0 + 1)).rejects.toThrow('timestamps');
      await pushTo('default', 'm 1\n', T0 + 2);
      await expect(pushTo('failed', 'm 1 123\n', T0 + 3, 5_000)).rejects.toThrow('timestamps');
      await pushTo('never', 'm 1\n', T0 + 4, 0);
      await pushTo('dropped', 'm 1\n', T0 + 5, 1_000);
      await pushTo('dropped', 'm 2\n', T0 + 6);
      await pushTo('deleted', 'm 1\n', T0 + 7, 1_000);
      await store.write({
        labels: { job: 'deleted', instance: 'i' },
        timestampMs: T0 + 8,
        families: undefined,
        replace: true,
      });

      const byJob = <T extends { labels: { job?: string } }>(groups: Iterable<T>) =>
        [...groups].sort((a, b) => String(a.labels.job).localeCompare(String(b.labels.job)));
      const times = (seconds: number, failure: number, ttlMs?: number) => ({
        lastPushSeconds: seconds,
        lastFailureSeconds: failure,
        ttlMs,
      });
      const labels = (job: string) => ({ job, instance: 'i' });
      expect(byJob(store.expirableGroups(0))).toEqual([
        { labels: labels('own'), ...times(T0 / 1000, (T0 + 1) / 1000, 60_000) },
      ]);
      const all = byJob(store.expirableGroups(3_600_000));
      expect(all).toEqual([
        { labels: labels('default'), ...times((T0 + 2) / 1000, 0) },
        { labels: labels('dropped'), ...times((T0 + 6) / 1000, 0) },
        { labels: labels('failed'), ...times(0, (T0 + 3) / 1000) },
        { labels: labels('never'), ...times((T0 + 4) / 1000, 0, 0) },
        { labels: labels('own'), ...times(T0 / 1000, (T0 + 1) / 1000, 60_000) },
      ]);
      expect(
        byJob(store.groups()).map(({ labels, lastPushSeconds, lastFailureSeconds, ttlMs }) => ({
          labels,
          lastPushSeconds,
          lastFailureSeconds,
          ttlMs,
        })),
      ).toEqual(all);
      await store.wipe();
      expect([...store.expirableGroups(0)]).toEqual([]);
      expect([...store.expirableGroups(3_600_000)]).toEqual([]);
      await store.close();
    });

    it('keeps the TTL when a push is refused', async () => {
      const store = await make(CONFIG);
      await push(store, { job: 'a' }, 'm 1\n', T0, { ttlMs: 60_000 });
      await expect(push(store, { job: 'a' }, 'm 1 123\n', T0 + 5, { ttlMs: 1 })).rejects.toThrow(
        'pushed metrics must not have timestamps',
      );
      expect(group(store, 'a')?.ttlMs).toBe(60_000);
      await store.close();
    });

    it('expires a group not written since the given time, as a DELETE would', async () => {
      const store = await make(CONFIG);
      await push(store, { job: 'a' }, 'm 1\n', T0);
      await push(store, { job: 'b' }, 'n 1\n', T0);
      expect(await store.expire({ job: 'a' }, T0 / 1000)).toBe(true);
      expect(group(store, 'a')).toBeUndefined();
      expect(store.families().map((f) => f.name)).not.toContain('m');
      expect(await store.expire({ job: 'a' }, T0 / 1000)).toBe(false);
      expect(group(store, 'b')).toBeDefined();
      await store.close();
    });

    it('does not expire a group renewed by a later push', async () => {
      const store = await make(CONFIG);
      await push(store, { job: 'a' }, 'm 1\n', T0);
      await push(store, { job: 'a' }, '', T0 + 1000, { replace: false });
      expect(await store.expire({ job: 'a' }, T0 / 1000)).toBe(false);
      expect(group(store, 'a')).toBeDefined();
      await store.close();
    });

    it('counts a group that never had a successful push from its failure', async () => {
      const store = await make(CONFIG);
      await expect(push(store, { job: 'f' }, 'm 1 1\n', T0)).rejects.toThrow('timestamps');
      expect(group(store, 'f')?.lastPushSeconds).toBe(0);
      expect(await store.expire({ job: 'f' }, T0 / 1000 - 1)).toBe(false);
      expect(await store.expire({ job: 'f' }, T0 / 1000)).toBe(true);
      await store.close();
    });

    it('lets exactly one of several concurrent expiries succeed', async () => {
      const store = await make(CONFIG);
      await push(store, { job: 'a' }, 'm 1\n', T0);
      const results = await Promise.all([1, 2, 3].map(() => store.expire({ job: 'a' }, T0 / 1000)));
      expect(results.filter(Boolean)).toHaveLength(1);
      await store.close();
    });
  });
}
