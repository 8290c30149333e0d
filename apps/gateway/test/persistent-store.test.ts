import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseText } from '@pushgate/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logging/logger.js';
import { PersistentStore } from '../src/persistence/persistent-store.js';
import type { MetricStore } from '../src/storage/store.js';
import { expiryContract } from './expiry-contract.js';
import { CONTRACT_OWN_FAMILIES, type ContractStoreConfig, storeContract } from './store-contract.js';
import { waitFor } from './support/processes.js';

const silent = createLogger({ level: 'error', format: 'logfmt', destination: { write: () => {} } });

async function freshFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'pushgate-persist-')), 'state');
}

function open(file: string, extra: { logs?: string[]; intervalMs?: number; sync?: boolean } = {}) {
  return PersistentStore.open({
    consistencyCheck: true,
    ownFamilies: CONTRACT_OWN_FAMILIES,
    file,
    intervalMs: extra.intervalMs ?? 3_600_000,
    sync: extra.sync ?? false,
    logger: extra.logs
      ? createLogger({ level: 'info', format: 'logfmt', destination: { write: (l) => extra.logs?.push(l) } })
      : silent,
  });
}

/** Everything a restart must bring back, in a comparable form. */
function stateOf(store: MetricStore) {
  return [...store.groups()]
    .map((g) => ({
      labels: g.labels,
      ttlMs: g.ttlMs,
      lastPushSeconds: g.lastPushSeconds,
      lastFailureSeconds: g.lastFailureSeconds,
      families: [...g.families.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
    }))
    .sort((a, b) => (JSON.stringify(a.labels) < JSON.stringify(b.labels) ? -1 : 1));
}

const persistentContract = (config: ContractStoreConfig) =>
  freshFile().then((file) =>
    PersistentStore.open({ ...config, file, intervalMs: 3_600_000, sync: false, logger: silent }),
  );
storeContract('persistent', persistentContract);
expiryContract('persistent', persistentContract);

const T0 = 1_795_792_250_739.875;

/** A varied history: pushes, merges, a refusal, a delete, TTLs, histograms, HELP. */
async function history(store: MetricStore): Promise<void> {
  const w = (job: string, body: string, replace: boolean, at: number, ttlMs?: number) =>
    store.write({
      labels: { job, instance: 'i' },
      timestampMs: at,
      families: parseText(body),
      replace,
      ...(ttlMs === undefined ? {} : { ttlMs }),
    });
  await w('a', '# HELP x An x.\n# TYPE x counter\nx{k="1"} 1\nx{k="2"} 2\n', true, T0);
  await w(
    'a',
    '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 3\nh_count 2\n',
    false,
    T0 + 10,
  );
  await w('b', 'y 1e+21\n', true, T0 + 20, 3_600_000);
  await w('a', 'z NaN\n', false, T0 + 30);
  await w('c', 'gone 1\n', true, T0 + 40);
  await store.write({
    labels: { job: 'c', instance: 'i' },
    timestampMs: T0 + 50,
    families: undefined,
    replace: true,
  });
  await expect(w('b', 'y 1 1000\n', true, T0 + 60)).rejects.toThrow();
  await expect(w('new', 'q 1 1000\n', true, T0 + 70)).rejects.toThrow();
  await store.write({
    labels: { job: 'e', instance: 'i' },
    timestampMs: T0 + 80,
    families: [],
    replace: true,
  });
}

describe('the persistent store', () => {
  it('brings back exactly the acknowledged state after a clean restart', async () => {
    const file = await freshFile();
    const first = await open(file);
    await history(first);
    const before = stateOf(first);
    await first.close();
    const second = await open(file);
    expect(stateOf(second)).toEqual(before);
    expect(second.families()).toEqual(first.families());
    await second.close();
  });

  it('brings back exactly the acknowledged state after a crash (journal only, no final snapshot)', async () => {
    const file = await freshFile();
    const first = await open(file);
    await history(first);
    // No close: the process "dies" here, with only the journal on disk.
    const second = await open(file);
    expect(stateOf(second)).toEqual(stateOf(first));
    await second.close();
  });

  it('keeps the creation time of a group that only ever had refused pushes, across a snapshot', async () => {
    const file = await freshFile();
    const first = await open(file);
    const refused = (at: number) =>
      first.write({ labels: { job: 'c' }, timestampMs: at, families: parseText('m 1 1\n'), replace: true });
    await expect(refused(T0 + 1)).rejects.toThrow();
    await expect(refused(T0 + 2)).rejects.toThrow();
    const before = stateOf(first);
    await first.close();
    const second = await open(file);
    expect(stateOf(second)).toEqual(before);
    await second.close();
  });

  it('keeps state across snapshot + journal, and deletes the segments a snapshot covers', async () => {
    const file = await freshFile();
    const walFiles = async () => (await readdir(join(file, '..'))).filter((n) => n.includes('.wal-'));
    const first = await open(file, { intervalMs: 50 });
    await history(first);
    await waitFor('a snapshot to cover the history and its segments to go', async () => {
      return (await walFiles()).length === 0;
    });
    // `first` writes nothing more, so it takes no further snapshot: from here on only `second`
    // changes the files, and `third` opens them at a moment when nothing is being rewritten.
    const second = await open(file);
    await second.write({
      labels: { job: 'late' },
      timestampMs: T0 + 100,
      families: parseText('l 1\n'),
      replace: true,
    });
    expect(await walFiles()).toHaveLength(1);
    const third = await open(file);
    expect(stateOf(third)).toEqual(stateOf(second));
    expect(stateOf(third).map((g) => g.labels.job)).toContain('late');
    await Promise.all([first.close(), second.close(), third.close()]);
  });

  it('matches a model over random histories, restarting with and without a clean close', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            job: fc.constantFrom('a', 'b', 'c'),
            op: fc.constantFrom('put', 'post', 'delete', 'refused', 'wipe', 'restart', 'crash'),
            value: fc.integer({ min: -5, max: 5 }),
            family: fc.constantFrom('m', 'n'),
          }),
          { maxLength: 25 },
        ),
        async (steps) => {
          const file = await freshFile();
          let store = await open(file);
          let at = T0;
          for (const step of steps) {
            at += 1;
            const labels = { job: step.job };
            if (step.op === 'restart' || step.op === 'crash') {
              const before = stateOf(store);
              if (step.op === 'restart') await store.close();
              store = await open(file);
              expect(stateOf(store)).toEqual(before);
            } else if (step.op === 'wipe') await store.wipe();
            else if (step.op === 'delete')
              await store.write({ labels, timestampMs: at, families: undefined, replace: true });
            else {
              const body = step.op === 'refused' ? `${step.family} 1 1\n` : `${step.family} ${step.value}\n`;
              await store
                .write({ labels, timestampMs: at, families: parseText(body), replace: step.op === 'put' })
                .catch(() => {});
            }
          }
          const before = stateOf(store);
          const reopened = await open(file);
          expect(stateOf(reopened)).toEqual(before);
          await reopened.close();
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('damaged persistence files', () => {
  async function journalOf(file: string): Promise<string> {
    const names = (await readdir(join(file, '..'))).filter((n) => n.includes('.wal-')).sort();
    return join(file, '..', names.at(-1)!);
  }

  it('drop a torn journal tail, keep what came before, and keep the damaged file aside', async () => {
    const file = await freshFile();
    const first = await open(file);
    await history(first);
    const journal = await journalOf(file);
    const bytes = await readFile(journal);
    await writeFile(journal, bytes.subarray(0, bytes.length - 7));
    const logs: string[] = [];
    const second = await open(file, { logs });
    const groups = stateOf(second).map((g) => g.labels.job);
    // The last record (the empty PUT of group e) was torn; the refused push before it had created group new.
    expect(groups).toEqual(['a', 'b', 'new']);
    expect(second.recovery.filesSetAside).toBe(1);
    expect(second.recovery.droppedBytes).toBeGreaterThan(0);
    expect(logs.join('')).toContain('damaged persistence file set aside');
    const names = await readdir(join(file, '..'));
    expect(names.some((n) => n.includes('.corrupt-'))).toBe(true);
    await second.close();
  });

  it('stop at a flipped byte in a snapshot, loading the groups before it', async () => {
    const file = await freshFile();
    const first = await open(file);
    await history(first);
    await first.close();
    const bytes = await readFile(file);
    bytes[bytes.length - 3]! ^= 0x10;
    await writeFile(file, bytes);
    const second = await open(file);
    expect(stateOf(second).length).toBe(stateOf(first).length - 1);
    expect(second.recovery.filesSetAside).toBe(1);
    await second.close();
  });

  it('treat an empty file as damaged, not as an error', async () => {
    const file = await freshFile();
    await writeFile(file, '');
    const store = await open(file);
    expect(stateOf(store)).toEqual([]);
    expect(store.recovery.filesSetAside).toBe(1);
    await store.close();
  });

  it('refuse a directory, an unwritable place, a newer format and a foreign file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pushgate-persist-'));
    await expect(open(dir)).rejects.toMatchObject({
      code: 'not_a_file',
      message: `persistence file ${dir} is a directory`,
    });
    await expect(open('/proc/pushgate-state')).rejects.toMatchObject({ code: 'unwritable' });
    const newer = await freshFile();
    const header = Buffer.alloc(16);
    header.write('PUSHGATE', 0, 'latin1');
    header.writeUInt16BE(9, 8);
    header[10] = 0x53;
    await writeFile(newer, header);
    await expect(open(newer)).rejects.toMatchObject({ code: 'newer_version' });
    const foreign = await freshFile();
    await writeFile(foreign, 'garbage from the Go pushgateway\n');
    await expect(open(foreign)).rejects.toMatchObject({ code: 'not_pushgate_file' });
  });
});
