import { groupingKeyId, type LabelPair, type MetricFamily } from '@pushgate/protocol';
import { groupMetricLabels } from './sanitise-labels.js';
import type { GroupingLabels, GroupSnapshot, TimestampedFamily } from './store.js';

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
  /** The pushed families by name; never `push_time_seconds` or `push_failure_time_seconds`. */
  readonly families: Map<string, TimestampedFamily>;
  /** The series keys of each family, in metric order; kept only with the consistency check on. */
  readonly seriesKeys: Map<string, readonly string[]>;
  pushTime: TimestampedFamily;
  pushFailureTime: TimestampedFamily;
  /** The TTL the last successful push asked for; absent: the gateway default applies. */
  ttlMs: number | undefined;
  /** The snapshot of the current state, built on demand. */
  snapshot: GroupSnapshot | undefined;
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

/** A new group whose two gauges are set to `pushSeconds` and `failureSeconds`, both written at `timestampMs`. */
export function newGroup(
  identity: GroupIdentity,
  timestampMs: number,
  pushSeconds: number,
  failureSeconds: number,
): StoredGroup {
  return {
    ...identity,
    families: new Map(),
    seriesKeys: new Map(),
    pushTime: pushTimeFamily(identity.metricLabels, pushSeconds, timestampMs),
    pushFailureTime: pushFailureTimeFamily(identity.metricLabels, failureSeconds, timestampMs),
    ttlMs: undefined,
    snapshot: undefined,
  };
}

/** `push_time_seconds` of a group with these labels, written at `timestampMs`. */
export function pushTimeFamily(
  labels: readonly LabelPair[],
  seconds: number,
  timestampMs: number,
): TimestampedFamily {
  return timeGauge(PUSH_TIME, PUSH_TIME_HELP, labels, seconds, timestampMs);
}

/** `push_failure_time_seconds` of a group with these labels, written at `timestampMs`. */
export function pushFailureTimeFamily(
  labels: readonly LabelPair[],
  seconds: number,
  timestampMs: number,
): TimestampedFamily {
  return timeGauge(PUSH_FAILURE_TIME, PUSH_FAILURE_TIME_HELP, labels, seconds, timestampMs);
}

function timeGauge(
  name: string,
  help: string,
  labels: readonly LabelPair[],
  seconds: number,
  timestampMs: number,
): TimestampedFamily {
  const family: MetricFamily = {
    name,
    help,
    type: 'GAUGE',
    metric: [{ label: [...labels], gauge: { value: seconds } }],
  };
  return { family, timestampMs };
}

/** The snapshot of `group`, cached on the group until it changes. */
export function snapshotOf(group: StoredGroup): GroupSnapshot {
  if (group.snapshot) return group.snapshot;
  const families = new Map(group.families);
  families.set(PUSH_TIME, group.pushTime);
  families.set(PUSH_FAILURE_TIME, group.pushFailureTime);
  group.snapshot = {
    labels: group.labels,
    families,
    lastPushSeconds: gaugeValue(group.pushTime),
    lastFailureSeconds: gaugeValue(group.pushFailureTime),
    ttlMs: group.ttlMs,
  };
  return group.snapshot;
}

/** The value of one of a group's time gauges. */
export function gaugeValue(family: TimestampedFamily): number {
  return family.family.metric[0]?.gauge?.value ?? 0;
}
