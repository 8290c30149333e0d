import type { LabelPair, Metric } from '@pushgate/protocol';
import { compareUtf8 } from '@pushgate/protocol';
import type { GroupingLabels } from './store.js';

const INSTANCE = 'instance';

/**
 * A group's labels prepared for {@link sanitiseLabels}. The pair objects are
 * shared by every metric of the group (fewer objects for the garbage
 * collector to trace), so they must never be mutated.
 */
export interface GroupingPairs {
  /** The grouping labels. */
  readonly forced: readonly LabelPair[];
  /** `instance=""`, when the grouping labels have no `instance`. */
  readonly defaultInstance: LabelPair | undefined;
}

/** The grouping pairs of a group, from its {@link groupMetricLabels}. */
export function groupingPairs(metricLabels: readonly LabelPair[], labels: GroupingLabels): GroupingPairs {
  return {
    forced: metricLabels.filter((pair) => Object.hasOwn(labels, pair.name)),
    defaultInstance: Object.hasOwn(labels, INSTANCE)
      ? undefined
      : metricLabels.find((pair) => pair.name === INSTANCE),
  };
}

/**
 * Rewrites the labels of a pushed metric in place as Go's `sanitizeLabels`
 * does: every grouping label is forced onto the metric (overriding a body
 * label of the same name), `instance=""` is added when the metric has no
 * `instance` at all, and the labels are sorted by name (byte order). Of a
 * repeated label name only the first is overridden, as in Go; the repeat is
 * then refused by the consistency rules.
 */
export function sanitiseLabels(metric: Metric, grouping: GroupingPairs): void {
  const labels = metric.label;
  const forced = grouping.forced;
  // done[i]: grouping label i is on the metric already.
  const done: boolean[] = [];
  let hasInstance = false;
  for (let l = 0; l < labels.length; l++) {
    const label = labels[l] as LabelPair;
    for (let i = 0; i < forced.length; i++) {
      const pair = forced[i] as LabelPair;
      if (pair.name !== label.name) continue;
      if (!done[i]) {
        labels[l] = pair;
        done[i] = true;
      }
      break;
    }
    if (label.name === INSTANCE) hasInstance = true;
  }
  const added: LabelPair[] = [];
  for (let i = 0; i < forced.length; i++) {
    const pair = forced[i] as LabelPair;
    if (done[i]) continue;
    added.push(pair);
    if (pair.name === INSTANCE) hasInstance = true;
  }
  if (!hasInstance && grouping.defaultInstance) added.push(grouping.defaultInstance);
  // One exact-size array: pushing onto the parsed one would leave it with spare capacity, per stored metric.
  const sanitised = added.length > 0 ? labels.concat(added) : labels;
  if (!isSortedByName(sanitised)) sanitised.sort(byName);
  metric.label = sanitised;
}

/**
 * The labels every metric of a group carries at least, sorted: the grouping
 * labels plus `instance=""` when the key has no `instance`. They are the
 * labels of the group's `push_time_seconds` and `push_failure_time_seconds`.
 */
export function groupMetricLabels(labels: GroupingLabels): LabelPair[] {
  const pairs: LabelPair[] = Object.entries(labels).map(([name, value]) => ({ name, value }));
  if (!Object.hasOwn(labels, INSTANCE)) pairs.push({ name: INSTANCE, value: '' });
  return pairs.sort(byName);
}

function byName(a: LabelPair, b: LabelPair): number {
  return compareUtf8(a.name, b.name);
}

function isSortedByName(labels: readonly LabelPair[]): boolean {
  for (let i = 1; i < labels.length; i++) {
    const previous = labels[i - 1];
    const current = labels[i];
    if (previous && current && byName(previous, current) > 0) return false;
  }
  return true;
}
