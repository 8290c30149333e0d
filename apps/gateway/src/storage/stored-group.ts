import { groupingKeyId, type LabelPair, type MetricFamily } from '@pushgate/protocol';
import { flatCopy } from './flat-string.js';
import { labelSetKey } from './label-set-key.js';
import { groupMetricLabels } from './sanitise-labels.js';
import type { GroupingLabels, GroupSnapshot, GroupTimes, TimestampedFamily } from './store.js';
import { type StoredFamily, type StoredGauges, storeGauges } from './stored-family.js';

/** The gauge of the last successful change of a group, owned by the gateway. */
export const PUSH_TIME = 'push_time_seconds';
/** The gauge of the last refused change of a group, owned by the gateway. */
export const PUSH_FAILURE_TIME = 'push_failure_time_seconds';

const PUSH_TIME_HELP = 'Last Unix time when changing this group in the Pushgateway succeeded.';
const PUSH_FAILURE_TIME_HELP = 'Last Unix time when changing this group in the Pushgateway failed.';

/** One group of the memory store. */
export interface StoredGroup {
  /** `groupingKeyId(labels)`. */
  readonly id: string;
  readonly labels: GroupingLabels;
  /** The labels of the group's own gauges: the grouping labels plus `instance=""` if absent, sorted. */
  readonly metricLabels: readonly LabelPair[];
  /**
   * The id of `metricLabels`: two groups with the same one would expose the
   * same `push_*` series (`{job="a"}` and `{job="a",instance=""}`), so only
   * one of them may exist.
   */
  readonly seriesId: string;
  /** The label-set keys of the group's own gauges (one: `metricLabels`'), shared by both. */
  readonly gaugeKeys: readonly string[];
  /** The pushed families by name; never `push_time_seconds` or `push_failure_time_seconds`. */
  readonly families: Map<string, StoredFamily>;
  readonly pushTime: StoredGauges;
  readonly pushFailureTime: StoredGauges;
  /** The TTL the last successful push asked for; absent: the gateway default applies. */
  ttlMs: number | undefined;
}

/** A group's identity as {@link StoredGroup} holds it, before the group exists. */
export interface GroupIdentity {
  readonly id: string;
  readonly labels: GroupingLabels;
  readonly metricLabels: readonly LabelPair[];
  readonly seriesId: string;
}

/**
 * The identity of the group `labels` names. Labels must be well-formed
 * strings (see `groupingKeyId`).
 */
export function groupIdentity(labels: GroupingLabels): GroupIdentity {
  const metricLabels = groupMetricLabels(labels);
  const asKey: Record<string, string> = {};
  for (const { name, value } of metricLabels) asKey[name] = value;
  return { id: groupingKeyId(labels), labels, metricLabels, seriesId: groupingKeyId(asKey) };
}

/**
 * `identity` with every string flat (see {@link flatCopy}), for a group
 * about to be stored: its labels are slices of a request path, its ids
 * concatenations.
 */
function keptIdentity(identity: GroupIdentity): GroupIdentity {
  const labels: Record<string, string> = {};
  // Names are property keys, which V8 already keeps as one shared flat string each.
  for (const [name, value] of Object.entries(identity.labels)) labels[name] = flatCopy(value);
  const metricLabels = groupMetricLabels(labels);
  return { id: flatCopy(identity.id), labels, metricLabels, seriesId: flatCopy(identity.seriesId) };
}

/** A new group whose two gauges are set to `pushSeconds` and `failureSeconds`, both written at `timestampMs`. */
export function newGroup(
  identity: GroupIdentity,
  timestampMs: number,
  pushSeconds: number,
  failureSeconds: number,
): StoredGroup {
  const kept = keptIdentity(identity);
  const gaugeKeys = [labelSetKey(kept.metricLabels)];
  return {
    id: kept.id,
    labels: kept.labels,
    metricLabels: kept.metricLabels,
    seriesId: kept.seriesId,
    gaugeKeys,
    families: new Map(),
    pushTime: storeGauges(PUSH_TIME, PUSH_TIME_HELP, gaugeKeys, pushSeconds, timestampMs),
    pushFailureTime: storeGauges(
      PUSH_FAILURE_TIME,
      PUSH_FAILURE_TIME_HELP,
      gaugeKeys,
      failureSeconds,
      timestampMs,
    ),
    ttlMs: undefined,
  };
}

/** The times of `group` as they are now. */
export function timesOf(group: StoredGroup): GroupTimes {
  return {
    labels: group.labels,
    lastPushSeconds: group.pushTime.value,
    lastFailureSeconds: group.pushFailureTime.value,
    ttlMs: group.ttlMs,
  };
}

/**
 * A snapshot of `group`: its stored families as they are now. It is not
 * kept on the group (a snapshot of every group, cached, would cost a
 * store's worth of copied values), and each read of its `families` gives
 * a new map whose families are decoded on first use, so that reading every
 * group (the API, the UI, a persistence snapshot) leaves the store as
 * compact as it was.
 */
export function snapshotOf(group: StoredGroup): GroupSnapshot {
  const stored: StoredFamily[] = [];
  for (const family of group.families.values()) stored.push(family.frozen());
  stored.push(group.pushTime.frozen(), group.pushFailureTime.frozen());
  const snapshot = timesOf(group);
  // Own enumerable accessors, so that comparing snapshots compares what they show.
  return Object.defineProperty(snapshot, 'families', {
    enumerable: true,
    get: () => new Map(stored.map((family) => [family.name, decodedOnUse(family)])),
  }) as typeof snapshot & Pick<GroupSnapshot, 'families'>;
}

/** A stored family as a {@link TimestampedFamily}, decoded when its `family` is first read. */
function decodedOnUse(stored: StoredFamily): TimestampedFamily {
  let decoded: MetricFamily | undefined;
  return Object.defineProperty({ timestampMs: stored.timestampMs }, 'family', {
    enumerable: true,
    get: () => {
      decoded ??= stored.family();
      return decoded;
    },
  }) as { timestampMs: number; family: MetricFamily };
}
