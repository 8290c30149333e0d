import type { MetricFamily, MetricType, NameValidation } from '@pushgate/protocol';
import type { FamilyIndex } from './family-index.js';
import { goQuote } from './go-quote.js';
import { areKeysOf, labelSetKey } from './label-set-key.js';
import {
  describeMetric,
  familyNameProblem,
  hasValueOfType,
  metricProblem,
  typeMismatch,
} from './metric-problems.js';
import type { OwnFamily } from './store.js';
import type { StoredFamily } from './stored-family.js';

/** A push as the check sees it: sanitised, one family per name, `push_*` families removed. */
export interface PushUnderCheck {
  readonly groupId: string;
  /** The families the group holds now by name (empty for a new group). */
  readonly current: ReadonlyMap<string, StoredFamily>;
  readonly families: readonly MetricFamily[];
  readonly replace: boolean;
}

/** What the check compares a push against. */
export interface CheckContext {
  readonly validation: NameValidation;
  /** The gateway's own families by name. */
  readonly own: ReadonlyMap<string, OwnFamily>;
  readonly families: FamilyIndex;
  /** Whether the consistency check is on: then pushes are also checked against the store. */
  readonly checkStore: boolean;
}

const SUFFIXES = ['_count', '_sum', '_bucket'] as const;

/** The outcome of {@link findPushProblems}. */
export interface PushCheck {
  /** The problems, in push order; empty when the push is acceptable. */
  readonly problems: string[];
  /**
   * The label-set key of each metric by family name, in metric order, for
   * the store to keep (complete when there are no problems). A family that
   * re-pushes the series its group holds gets the very array stored before.
   */
  readonly keys: ReadonlyMap<string, readonly string[]>;
}

/**
 * Every problem of a push, in push order, each worded as the Go pushgateway
 * words it. Problems within the push itself are always looked for (see
 * `metric-problems.ts`, and a series repeated within the push). With the
 * consistency check on (`context.checkStore`), so are conflicts with
 * the store as it would be after the push: a type other than the gateway's
 * own family of that name, a name colliding with a histogram's or summary's
 * `_count`/`_sum`/`_bucket`, a type other than other groups' families of
 * that name, and series that another group already has. Families the push
 * replaces do not count, and neither do families without metrics (they are
 * stored, for the API, but never exposed).
 *
 * Costs time proportional to the size of the push: every lookup goes
 * through the indexes, and a family the group re-pushes with the same
 * series as before is not looked up at all.
 */
export function findPushProblems(push: PushUnderCheck, context: CheckContext): PushCheck {
  const problems: string[] = [];
  const keysByName = new Map<string, readonly string[]>();
  const checkStore = context.checkStore;
  const view = new StoreAfterPush(push, context);
  for (const family of push.families) {
    // A family without metrics is never exposed, so nothing about it can break a scrape.
    if (family.metric.length === 0) continue;
    const nameProblem = familyNameProblem(family.name, context.validation);
    if (nameProblem !== undefined) {
      problems.push(nameProblem);
      continue;
    }
    if (checkStore) {
      const familyProblem = view.familyProblem(family);
      if (familyProblem !== undefined) {
        problems.push(familyProblem);
        continue;
      }
    }
    const otherType = checkStore ? view.otherGroupsType(family) : undefined;
    const previous = push.current.get(family.name);
    if (previous?.type === family.type && areKeysOf(previous.keys, family.metric)) {
      // The group re-pushes the series it holds: their labels passed for this type, and they are its own.
      for (const metric of family.metric) {
        if (!hasValueOfType(metric, family.type))
          problems.push(typeMismatch(family.name, metric, family.type));
        else if (otherType !== undefined) problems.push(typeMismatch(family.name, metric, otherType));
      }
      keysByName.set(family.name, previous.keys);
      view.accept(family);
      continue;
    }
    const keys: string[] = [];
    const seen = new Set<string>();
    const holders = checkStore ? context.families.holders(family.name) : undefined;
    for (const metric of family.metric) {
      const problem = metricProblem(family, metric, context.validation);
      if (problem !== undefined) {
        problems.push(problem);
      } else if (otherType !== undefined) {
        problems.push(typeMismatch(family.name, metric, otherType));
      } else {
        const key = labelSetKey(metric.label);
        if (seen.has(key) || holders?.holderOf(key, push.groupId) !== undefined) {
          problems.push(
            `${describeMetric(family.name, metric)} was collected before with the same name and label values`,
          );
        } else {
          seen.add(key);
          keys.push(key);
        }
      }
    }
    // A copy of the exact length: the store keeps it as long as the family, growing by push left spare room.
    keysByName.set(family.name, keys.slice());
    view.accept(family);
  }
  return { problems, keys: keysByName };
}

/**
 * Answers questions about the family names of the store as it would be
 * after the push, without building it: other groups' families come from the
 * index, the pushing group's from the push and (for a POST) its families
 * that the push keeps. Pushed families count once checked, in push order,
 * as Go's gathering counts them in its order.
 */
class StoreAfterPush {
  private readonly accepted = new Map<string, MetricType>();
  private readonly pushedNames: ReadonlySet<string>;

  constructor(
    private readonly push: PushUnderCheck,
    private readonly context: CheckContext,
  ) {
    this.pushedNames = new Set(push.families.map((family) => family.name));
  }

  accept(family: MetricFamily): void {
    this.accepted.set(family.name, family.type);
  }

  /** The first problem of a pushed family as a whole: a clash with an own family, or a suffix collision. */
  familyProblem(family: MetricFamily): string | undefined {
    const own = this.context.own.get(family.name);
    if (own !== undefined) {
      return own.type === family.type
        ? undefined
        : `gathered metric family ${family.name} has type ${family.type} but should have ${own.type}`;
    }
    if (this.typesOf(family.name).length > 0) return undefined;
    return this.suffixCollision(family);
  }

  /** A type other groups hold `family`'s name with, if it differs from the family's. */
  otherGroupsType(family: MetricFamily): MetricType | undefined {
    return this.otherGroupsTypes(family.name).find((type) => type !== family.type);
  }

  /** client_golang's `checkSuffixCollisions`, for a name not yet present; gauge histograms count as histograms. */
  private suffixCollision(family: MetricFamily): string | undefined {
    const name = family.name;
    for (const suffix of SUFFIXES) {
      if (!name.endsWith(suffix)) continue;
      const base = name.slice(0, -suffix.length);
      const baseTypes = this.typesOf(base);
      if (suffix !== '_bucket' && baseTypes.includes('SUMMARY')) {
        return `collected metric named ${goQuote(name)} collides with previously collected summary named ${goQuote(base)}`;
      }
      if (baseTypes.some(isHistogram)) {
        return `collected metric named ${goQuote(name)} collides with previously collected histogram named ${goQuote(base)}`;
      }
    }
    if (family.type === 'SUMMARY' || isHistogram(family.type)) {
      for (const suffix of ['_count', '_sum'] as const) {
        if (this.typesOf(name + suffix).length > 0) {
          return `collected histogram or summary named ${goQuote(name)} collides with previously collected metric named ${goQuote(name + suffix)}`;
        }
      }
    }
    if (isHistogram(family.type) && this.typesOf(`${name}_bucket`).length > 0) {
      return `collected histogram named ${goQuote(name)} collides with previously collected metric named ${goQuote(`${name}_bucket`)}`;
    }
    return undefined;
  }

  /** The types `name` has so far: own family, families of the push checked already, the group's kept families, other groups. */
  private typesOf(name: string): MetricType[] {
    const own = this.context.own.get(name);
    if (own !== undefined) return [own.type];
    const accepted = this.accepted.get(name);
    if (accepted !== undefined) return [accepted];
    const kept = this.keptFamily(name);
    if (kept !== undefined) return [kept.type];
    return this.otherGroupsTypes(name);
  }

  /** The group's current non-empty family of that name if the push keeps it (a POST not naming it). */
  private keptFamily(name: string): StoredFamily | undefined {
    if (this.push.replace || this.pushedNames.has(name)) return undefined;
    const family = this.push.current.get(name);
    return family !== undefined && family.keys.length > 0 ? family : undefined;
  }

  /** The types of the non-empty families that groups other than the pushing one hold under `name`. */
  private otherGroupsTypes(name: string): MetricType[] {
    const holders = this.context.families.holders(name);
    if (holders === undefined) return [];
    const mine = holders.byGroup.get(this.push.groupId)?.stored.type;
    const types: MetricType[] = [];
    for (const [type, count] of holders.typeCounts) {
      if (count - (type === mine ? 1 : 0) > 0) types.push(type);
    }
    return types;
  }
}

function isHistogram(type: MetricType): boolean {
  return type === 'HISTOGRAM' || type === 'GAUGE_HISTOGRAM';
}
