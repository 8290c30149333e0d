import type { LabelPair, Metric } from '@pushgate/protocol';

/**
 * The identity of a series: its family name and its label pairs (sorted, as
 * the store keeps them), each part length-prefixed so that no two distinct
 * series share a key whatever characters the names and values contain.
 */
export function seriesKey(familyName: string, labels: readonly LabelPair[]): string {
  let key = `${familyName.length}:${familyName}`;
  for (const { name, value } of labels) key += `${name.length}:${name}${value.length}:${value}`;
  return key;
}

/** The series keys of `metrics` of family `familyName`, in order. */
export function seriesKeys(familyName: string, metrics: readonly Metric[]): string[] {
  return metrics.map((metric) => seriesKey(familyName, metric.label));
}

/**
 * Which group holds each stored series, so that a push is checked for
 * duplicates in time proportional to its own size. Groups are identified by
 * their grouping-key id.
 */
export class SeriesIndex {
  private readonly owners = new Map<string, string>();

  /** The id of the group holding the series `key`, if any. */
  ownerOf(key: string): string | undefined {
    return this.owners.get(key);
  }

  /**
   * Records the series `keys` as held by `groupId`. A series some other
   * group already holds (possible only with the check off) keeps its first
   * holder.
   */
  add(groupId: string, keys: readonly string[]): void {
    for (const key of keys) if (!this.owners.has(key)) this.owners.set(key, groupId);
  }

  /** Forgets the series `keys` that `groupId` held. */
  remove(groupId: string, keys: readonly string[]): void {
    for (const key of keys) if (this.owners.get(key) === groupId) this.owners.delete(key);
  }
}
