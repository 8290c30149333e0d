import { compareUtf8, type MetricFamily, type MetricType } from '@pushgate/protocol';
import { MergedFamilyView } from '../render/merged-family-view.js';
import type { SeriesHint } from '../render/sorted-series.js';
import type { MergedFamily } from './store.js';
import type { StoredFamily } from './stored-family.js';

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
  /**
   * The id of a group other than `exceptGroupId` holding the series with
   * label-set key `key` in a family of the merged view's type. With the
   * consistency check on, every holder of a name has that type (a push of
   * another type is refused while other groups hold the name), so this
   * finds any duplicate.
   */
  holderOf(key: string, exceptGroupId: string): string | undefined;
}

/** A group's family of some name, and where its series are in the merged view. */
export interface Held {
  readonly groupId: string;
  readonly stored: StoredFamily;
}

/** {@link Held} as the index keeps it: one object per group and name, kept across pushes. */
interface Holding extends Held {
  stored: StoredFamily;
  /** One per series when the family is in the merged view (its type is the view's), else empty. */
  hints: (SeriesHint | undefined)[];
}

class Entry implements FamilyHolders {
  readonly byGroup = new Map<string, Holding>();
  readonly typeCounts = new Map<MetricType, number>();

  constructor(readonly view: MergedFamilyView<Holding>) {}

  holderOf(key: string, exceptGroupId: string): string | undefined {
    return this.view.holderOf(key, (holding) => holding.groupId !== exceptGroupId)?.groupId;
  }
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
 * series of that type are in the view.
 */
export class FamilyIndex {
  private readonly entries = new Map<string, Entry>();
  /** Names in exposition order (code point order). */
  private readonly names: string[] = [];
  private mergedCache: MergedFamilyView<Holding>[] | undefined;
  /** The last array of families built, while a caller keeps it (see {@link MergedFamilyView.family}). */
  private familiesRef: WeakRef<MetricFamily[]> | undefined;

  /** `ownHelp` gives the standard HELP of the gateway's own families. */
  constructor(private readonly ownHelp: ReadonlyMap<string, string>) {}

  /** The holders of `name`, if any group holds a non-empty family of that name. */
  holders(name: string): FamilyHolders | undefined {
    return this.entries.get(name);
  }

  /** Some group's non-empty family of `name`, if any. */
  anyHolding(name: string): StoredFamily | undefined {
    return this.entries.get(name)?.byGroup.values().next().value?.stored;
  }

  /**
   * Records that group `groupId` now holds `after` under `name` instead of
   * `before` (either may be absent). `before` must be what was recorded last
   * for this group and name. When both have the same series in the same
   * order (the usual re-push), their series stay in place and are only
   * marked for re-rendering.
   */
  replace(
    groupId: string,
    name: string,
    before: StoredFamily | undefined,
    after: StoredFamily | undefined,
  ): void {
    const had = before !== undefined && before.keys.length > 0;
    const has = after !== undefined && after.keys.length > 0;
    if (!had && !has) return;
    let entry = this.entries.get(name);
    if (!entry) {
      if (!after) return;
      entry = this.createEntry(name, after);
    }
    this.familiesRef = undefined;
    let holding = entry.byGroup.get(groupId);
    if (had) decrement(entry.typeCounts, before.type);
    if (has) {
      increment(entry.typeCounts, after.type);
      if (!holding) {
        holding = { groupId, stored: after, hints: [] };
        entry.byGroup.set(groupId, holding);
      }
    } else {
      entry.byGroup.delete(groupId);
    }

    const eldest = entry.byGroup.values().next().value;
    if (!eldest) {
      this.deleteEntry(name);
      return;
    }
    const view = entry.view;
    const help = this.ownHelp.get(name) ?? (eldest === holding && has ? after : eldest.stored).help;
    const eldestType = eldest === holding && has ? after.type : eldest.stored.type;
    if (eldestType !== view.type) {
      // The eldest holder changed to one of another type (check off): rebuild.
      if (holding && has) holding.stored = after;
      view.reset(eldestType, help);
      for (const other of entry.byGroup.values()) {
        other.hints = other.stored.type === eldestType ? view.insert(other, other.stored.keys) : [];
      }
      return;
    }
    view.setHelp(help);
    if (!holding) return;
    const wasInView = had && before.type === view.type;
    const isInView = has && after.type === view.type;
    if (wasInView && isInView && sameKeys(before.keys, after.keys)) {
      holding.stored = after;
      view.touch(holding, after.keys, holding.hints);
      return;
    }
    if (wasInView) view.remove(holding, before.keys, holding.hints);
    if (has) {
      holding.stored = after;
      holding.hints = isInView ? view.insert(holding, after.keys) : [];
    }
  }

  /**
   * Records that the family `name` of group `groupId` was rewritten in place
   * with the same series (see `StoredFamily.rewrite`): they are re-rendered
   * on the next read.
   */
  touch(groupId: string, name: string): void {
    const entry = this.entries.get(name);
    const holding = entry?.byGroup.get(groupId);
    if (!entry || !holding) return;
    this.familiesRef = undefined;
    if (holding.stored.type === entry.view.type)
      entry.view.touch(holding, holding.stored.keys, holding.hints);
  }

  /** The merged views in exposition order. */
  merged(): readonly MergedFamily[] {
    this.mergedCache ??= this.names.flatMap((name) => {
      const entry = this.entries.get(name);
      return entry ? [entry.view] : [];
    });
    return this.mergedCache;
  }

  /** The merged families in exposition order: the same array while nothing changed. */
  families(): readonly MetricFamily[] {
    const cached = this.familiesRef?.deref();
    if (cached) return cached;
    const families = this.merged().map((view) => view.family());
    this.familiesRef = new WeakRef(families);
    return families;
  }

  private createEntry(name: string, first: StoredFamily): Entry {
    const entry = new Entry(new MergedFamilyView(name, first.type, this.ownHelp.get(name) ?? first.help));
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

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
    if (compareUtf8(names[mid] ?? '', name) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
