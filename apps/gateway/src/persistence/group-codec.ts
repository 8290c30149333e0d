import type { MetricFamily } from '@pushgate/protocol';
import type { AppliedChange } from '../storage/journal.js';
import type { GroupingLabels, GroupSnapshot } from '../storage/store.js';
import { splitHeader, withHeader } from './change-codec.js';

const PUSH_TIME = 'push_time_seconds';
const PUSH_FAILURE_TIME = 'push_failure_time_seconds';

/**
 * A snapshot record: one whole group, as a JSON header (labels, the times of
 * its two gauges, its TTL, the write time of each family) followed by its
 * families in delimited protobuf, in the header's order.
 */
interface GroupHeader {
  l: GroupingLabels;
  /** When `push_time_seconds` was written, and its value. */
  pt: number;
  pv: number;
  /** When `push_failure_time_seconds` was written, and its value. */
  ft: number;
  fv: number;
  ttl?: number;
  /** Write time of each family, in the order the families follow. */
  ts: number[];
}

export function encodeGroup(group: GroupSnapshot): Uint8Array {
  const families: MetricFamily[] = [];
  const ts: number[] = [];
  for (const [name, stored] of group.families) {
    if (name === PUSH_TIME || name === PUSH_FAILURE_TIME) continue;
    families.push(stored.family);
    ts.push(stored.timestampMs);
  }
  const push = group.families.get(PUSH_TIME);
  const failure = group.families.get(PUSH_FAILURE_TIME);
  const header: GroupHeader = {
    l: group.labels,
    pt: push?.timestampMs ?? 0,
    pv: group.lastPushSeconds,
    ft: failure?.timestampMs ?? 0,
    fv: group.lastFailureSeconds,
    ts,
  };
  if (group.ttlMs !== undefined) header.ttl = group.ttlMs;
  return withHeader(header, families);
}

/**
 * The changes that, replayed into an empty memory store, rebuild the group
 * exactly: its creation (which stamps the failure gauge when it never
 * failed, or the push gauge when it was created by a refused push and never
 * accepted one since), its families in the order of their write times, the
 * last push (with the group's TTL), and its last failure.
 */
export function groupChanges(record: Uint8Array): AppliedChange[] {
  const { header, families } = splitHeader<GroupHeader>(record);
  const labels = header.l;
  const changes: AppliedChange[] = [];
  const post = (timestampMs: number, written: MetricFamily[], ttlMs?: number): AppliedChange => ({
    kind: 'write',
    request: {
      labels,
      timestampMs,
      families: written,
      replace: false,
      ...(ttlMs === undefined ? {} : { ttlMs }),
    },
  });
  if (header.pv > 0) {
    if (header.fv === 0) changes.push(post(header.ft, []));
    const byTime = new Map<number, MetricFamily[]>();
    families.forEach((family, i) => {
      const at = header.ts[i] ?? header.pt;
      byTime.set(at, [...(byTime.get(at) ?? []), family]);
    });
    for (const at of [...byTime.keys()].sort((a, b) => a - b)) {
      if (at !== header.pt) changes.push(post(at, byTime.get(at) ?? []));
    }
    changes.push(post(header.pt, byTime.get(header.pt) ?? [], header.ttl));
  } else if (header.fv > 0 && header.pt !== header.ft) {
    // A refusal created the group at `pt`; later refusals moved only the failure gauge.
    changes.push({ kind: 'failure', labels, timestampMs: header.pt });
  }
  if (header.fv > 0) changes.push({ kind: 'failure', labels, timestampMs: header.ft });
  return changes;
}
