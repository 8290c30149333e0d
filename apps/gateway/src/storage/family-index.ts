import type { MetricFamily, MetricType } from '@pushgate/protocol';
import { MergedFamilyView } from '../render/merged-family-view.js';
import type { SeriesHint } from '../render/sorted-series.js';
import { compareCodePoints } from './code-point-order.js';
import { sameSeries } from './same-series.js';
import type { MergedFamily } from './store.js';

/** What the store knows about one family name across groups. */
export interface FamilyHolders {
  /**
   * The non-empty family each group holds under this name, by group id, in
   * the order the groups started holding it (a group that keeps the name
   * across pushes keeps its place).
   */
  readonly byGroup: ReadonlyMap<string, Held>;
  /** How many of those families have each type (several types only with the check off). */
  readonly typeCounts: ReadonlyMap<MetricType, number>;
}

/** A group's family of some name, and where its metrics are in the merged view. */
export interface Held {
  readonly family: MetricFamily;
  /** One per metric when the family is in the merged view (its type is the view's), else empty. */
  readonly hints: readonly SeriesHint[];
}

interface Entry extends FamilyHolders {
  readonly byGroup: Map<string, Held>;
  readonly typeCounts: Map<MetricType, number>;
  readonly view: MergedFamilyView;
}

/**
 * Every family name held by some group, with its holders and its merged,
 * sorted view for scrapes, all updated incrementally: one change costs time
 * proportional to the families changed, not to the store. Families without
 * metrics are not indexed (they are never exposed).
 *
 * The merged view of a name takes its type and HELP from the group that has
 * held the name the longest (HELP from the gateway's own family when the
 * name is one of those); with several types present (check off), only the
 * metrics of that type are in the view.
 */
export class FamilyIndex {
  private readonly entries = new Map<string, Entry>();
  /** Names in exposition order (code point order). */
  private readonly names: string[] = [];
  private mergedCache: MergedFamilyView[] | undefined;
  private familiesCache: MetricFamily[] | undefined;

  /** `ownHelp` gives the standard HELP of the gateway's own families. */
  constructor(private readonly ownHelp: ReadonlyMap<string, string>) {}

  /** The holders of `name`, if any group holds a non-empty family of that name. */
  holders(name: string): FamilyHolders | undefined {
    return this.entries.get(name);
  }

  /**
   * Records that group `groupId` now holds `after` under `name` instead of
   * `before` (either may be absent). `before` must be what was recorded last
   * for this group and name.
   */
  replace(
    groupId: string,
    name: string,
    before: MetricFamily | undefined,
    after: MetricFamily | undefined,
  ): void {
    const had = before !== undefined && before.metric.length > 0;
    const has = after !== undefined && after.metric.length > 0;
    if (!had && !has) return;
    let entry = this.entries.get(name);
    if (!entry) {
      if (!after) return;
      entry = this.createEntry(name, after);
    }
    const held = entry.byGroup.get(groupId);
    if (had) decrement(entry.typeCounts, before.type);
    if (has) {
      increment(entry.typeCounts, after.type);
      // A group that held the name already keeps its place in the order.
      entry.byGroup.set(groupId, { family: after, hints: [] });
    } else {
      entry.byGroup.delete(groupId);
    }
    this.familiesCache = undefined;

    const eldest = entry.byGroup.values().next().value?.family;
    if (!eldest) {
      this.deleteEntry(name);
      return;
    }
    const view = entry.view;
    const help = this.ownHelp.get(name) ?? eldest.help;
    if (eldest.type !== view.type) {
      // The eldest holder changed to one of another type (check off): rebuild.
      view.reset(eldest.type, help);
      for (const [id, other] of entry.byGroup) {
        const hints = other.family.type === eldest.type ? view.insert(other.family.metric) : [];
        entry.byGroup.set(id, { family: other.family, hints });
      }
      return;
    }
    view.setHelp(help);
    const inView = (family: MetricFamily | undefined) => family !== undefined && family.type === view.type;
    const hints = held?.hints ?? [];
    let placed: SeriesHint[] = [];
    if (had && has && inView(before) && inView(after) && sameSeries(before.metric, after.metric)) {
      // The usual re-push of the same series: swap them in place.
      placed = view.replaceEach(before.metric, after.metric, hints);
    } else {
      if (had && inView(before)) view.remove(before.metric, hints);
      if (has && inView(after)) placed = view.insert(after.metric);
    }
    if (has) entry.byGroup.set(groupId, { family: after, hints: placed });
  }

  /** The merged views in exposition order. */
  merged(): readonly MergedFamily[] {
    this.mergedCache ??= this.names.flatMap((name) => {
      const entry = this.entries.get(name);
      return entry ? [entry.view] : [];
    });
    return this.mergedCache;
  }

  /** The merged families in exposition order. */
  families(): readonly MetricFamily[] {
    this.familiesCache ??= this.merged().map((view) => view.family());
    return this.familiesCache;
  }

  private createEntry(name: string, first: MetricFamily): Entry {
    const entry: Entry = {
      byGroup: new Map(),
      typeCounts: new Map(),
      view: new MergedFamilyView(name, first.type, this.ownHelp.get(name) ?? first.help),
    };
    this.entries.set(name, entry);
    this.names.splice(insertionPoint(this.names, name), 0, name);
    this.mergedCache = undefined;
    return entry;
  }

  private deleteEntry(name: string): void {
    this.entries.delete(name);
    const at = insertionPoint(this.names, name);
    if (this.names[at] === name) this.names.splice(at, 1);
    this.mergedCache = undefined;
  }
}

function increment<K>(counts: Map<K, number>, key: K): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function decrement<K>(counts: Map<K, number>, key: K): void {
  const count = (counts.get(key) ?? 0) - 1;
  if (count > 0) counts.set(key, count);
  else counts.delete(key);
}

/** The first index in the sorted `names` whose name is not before `name`. */
function insertionPoint(names: readonly string[], name: string): number {
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareCodePoints(names[mid] ?? '', name) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
