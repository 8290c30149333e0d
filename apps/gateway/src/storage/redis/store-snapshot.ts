import type { MetricFamily } from '@pushgate/protocol';
import type { MemoryStore } from '../memory-store.js';
import type { GroupingLabels } from '../store.js';
import { decodeStoredFamily, parseStoredLabels } from './change-entry.js';
import { RedisDataError } from './redis-data-error.js';

/** The whole store as the snapshot script read it at one generation. */
export interface StoreSnapshot {
  readonly epoch: string;
  readonly gen: number;
  /** In the order the groups were created. */
  readonly groups: readonly SnapshotGroup[];
}

/** One group of a snapshot. */
export interface SnapshotGroup {
  readonly labels: GroupingLabels;
  /** `push_time_seconds` in milliseconds (0 = never pushed) and when that gauge was written. */
  readonly pushMs: number;
  readonly pushWrittenMs: number;
  /** `push_failure_time_seconds` in milliseconds (0 = never failed) and when that gauge was written. */
  readonly failureMs: number;
  readonly failureWrittenMs: number;
  readonly ttlMs: number | undefined;
  readonly families: readonly SnapshotFamily[];
}

/** One family of a snapshot group. */
export interface SnapshotFamily {
  readonly family: MetricFamily;
  /** When the family was written, in milliseconds. */
  readonly writtenMs: number;
  /** From which generation the group has held the name (non-empty families only): its place among the holders. */
  readonly since: number | undefined;
}

/**
 * Parses the snapshot script's answer (`lua/snapshot-script.ts`), read with
 * Buffer replies.
 *
 * @throws {RedisDataError} `unexpected_reply` or `corrupt_group` when it does not decode.
 */
export function parseSnapshot(reply: unknown): StoreSnapshot {
  if (!Array.isArray(reply) || reply.length < 2) {
    throw new RedisDataError('unexpected_reply', 'the snapshot script answered no epoch and generation');
  }
  const [epoch, gen, ...groups] = reply as unknown[];
  return {
    epoch: bufferText(epoch, 'epoch'),
    gen: Number(gen),
    groups: groups.map(parseGroup),
  };
}

/**
 * Rebuilds the snapshot in `store` (empty, not checking pushes) through
 * `replay`, so that it ends in the state a replica that applied every change
 * one by one is in: the same families with the same write times, the same
 * `push_*` gauges with theirs, and for every family name the groups holding
 * it in the order they started holding it (which decides its merged HELP).
 */
export function replaySnapshot(snapshot: StoreSnapshot, store: MemoryStore): void {
  // Create every group so that the failure gauge gets its write time (the creation time when it never failed).
  for (const group of snapshot.groups) {
    if (group.pushMs > 0) {
      const created = group.failureMs > 0 ? group.pushWrittenMs : group.failureWrittenMs;
      post(store, group.labels, [], created, undefined);
    } else {
      store.replay({ kind: 'failure', labels: group.labels, timestampMs: group.pushWrittenMs });
    }
  }
  const held: { group: SnapshotGroup; family: SnapshotFamily; since: number }[] = [];
  const empty: { group: SnapshotGroup; family: SnapshotFamily }[] = [];
  for (const group of snapshot.groups) {
    for (const family of group.families) {
      if (family.since === undefined) empty.push({ group, family });
      else held.push({ group, family, since: family.since });
    }
  }
  held.sort((a, b) => a.since - b.since);
  for (const { group, family } of [...held, ...empty]) {
    post(store, group.labels, [family.family], family.writtenMs, undefined);
  }
  for (const group of snapshot.groups) {
    if (group.pushMs > 0) post(store, group.labels, [], group.pushMs, group.ttlMs);
    if (group.failureMs > 0) {
      store.replay({ kind: 'failure', labels: group.labels, timestampMs: group.failureMs });
    }
  }
}

function post(
  store: MemoryStore,
  labels: GroupingLabels,
  families: MetricFamily[],
  timestampMs: number,
  ttlMs: number | undefined,
): void {
  const request =
    ttlMs === undefined
      ? { labels, timestampMs, families, replace: false }
      : { labels, timestampMs, families, replace: false, ttlMs };
  store.replay({ kind: 'write', request });
}

function parseGroup(value: unknown): SnapshotGroup {
  if (!Array.isArray(value) || value.length !== 4) {
    throw new RedisDataError('unexpected_reply', 'the snapshot script answered a malformed group');
  }
  const [key, meta, types, families] = value as unknown[];
  const groupKey = bufferText(key, 'group key');
  try {
    const m = hashOf(meta);
    const t = hashOf(types);
    const f = hashOf(families);
    const ttl = m.get('ttl')?.toString('latin1');
    return {
      labels: parseStoredLabels(required(m, 'labels').toString('utf8')),
      pushMs: Number(required(m, 'pt').toString('latin1')),
      pushWrittenMs: Number(required(m, 'ptTs').toString('latin1')),
      failureMs: Number(required(m, 'ft').toString('latin1')),
      failureWrittenMs: Number(required(m, 'ftTs').toString('latin1')),
      ttlMs: ttl === undefined ? undefined : Number(ttl),
      families: [...f].map(([name, bytes]) => {
        const entry = t.get(name)?.toString('latin1');
        if (entry === undefined) throw new Error(`family ${name} has no type entry`);
        const [type = '', since = '', ...written] = entry.split('|');
        return {
          family: decodeStoredFamily(bytes),
          writtenMs: Number(written.join('|')),
          since: type === '-' ? undefined : Number(since),
        };
      }),
    };
  } catch (error) {
    throw new RedisDataError(
      'corrupt_group',
      `group ${groupKey} does not decode: ${error instanceof Error ? error.message : String(error)}`,
      { key: `m:${groupKey}` },
    );
  }
}

/** A flat field/value list as a map, field names as UTF-8. */
function hashOf(value: unknown): Map<string, Buffer> {
  if (!Array.isArray(value)) throw new Error('a hash is not a list');
  const map = new Map<string, Buffer>();
  for (let i = 0; i + 1 < value.length; i += 2) {
    const field: unknown = value[i];
    const content: unknown = value[i + 1];
    if (!Buffer.isBuffer(field) || !Buffer.isBuffer(content)) throw new Error('a hash entry is not binary');
    map.set(field.toString('utf8'), content);
  }
  return map;
}

function required(hash: ReadonlyMap<string, Buffer>, field: string): Buffer {
  const value = hash.get(field);
  if (value === undefined) throw new Error(`field ${field} is missing`);
  return value;
}

function bufferText(value: unknown, what: string): string {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'string') return value;
  throw new RedisDataError('unexpected_reply', `the snapshot script answered no ${what}`);
}
