import {
  groupingKeyId,
  isWellFormedUnicode,
  type MetricFamily,
  type NameValidation,
} from '@pushgate/protocol';
import { findPushProblems } from './consistency-check.js';
import { FamilyIndex } from './family-index.js';
import type { AppliedChange, WriteJournal } from './journal.js';
import { keysOfMetrics } from './label-set-key.js';
import { describeMetric, metricProblem } from './metric-problems.js';
import { formatProblems } from './problem-list.js';
import { groupingPairs, groupMetricLabels, sanitiseLabels } from './sanitise-labels.js';
import type {
  GroupingLabels,
  GroupSnapshot,
  GroupTimes,
  MergedFamily,
  MetricStore,
  OwnFamily,
  WriteRequest,
} from './store.js';
import { StoreError } from './store.js';
import { type StoredFamily, storeFamily } from './stored-family.js';
import {
  type GroupIdentity,
  groupIdentity,
  newGroup,
  PUSH_FAILURE_TIME,
  PUSH_TIME,
  type StoredGroup,
  snapshotOf,
  timesOf,
} from './stored-group.js';

export interface MemoryStoreOptions {
  /** Check pushes against the store (Go's default; `--push.disable-consistency-check` turns it off). */
  readonly consistencyCheck: boolean;
  /**
   * The gateway's own metric families (process, Node.js, `pushgateway_*`),
   * known at start. Pushed families of these names must have the same type;
   * scrapes show them with the standard HELP.
   */
  readonly ownFamilies: ReadonlyMap<string, OwnFamily>;
  /** Metric and label name rules: `legacy` (default) or `utf8` (`--push.enable-utf8-names`). */
  readonly nameValidation?: NameValidation;
  /** Where changes are made durable before writes resolve; none for a memory-only store. */
  readonly journal?: WriteJournal;
  /**
   * The most groups the store holds (`--push.max-groups`); a push that
   * would create one more is refused as `too_many_groups`. 0 or absent: no
   * bound.
   */
  readonly maxGroups?: number;
}

/** The memory store, which persistent stores build on. */
export interface MemoryStore extends MetricStore {
  /**
   * Applies a change a journal recorded, as it was applied then: without
   * checking it and without appending it to the journal again. For
   * restoring a persistent store before it serves requests.
   */
  replay(change: AppliedChange): void;

  /** How many groups the store holds. */
  groupCount(): number;
}

/**
 * Creates the in-memory store: groups by grouping key, plus the indexes that
 * make the consistency check and scrapes cost time proportional to what
 * changed (see {@link MetricStore} for the contract).
 */
export function createMemoryStore(options: MemoryStoreOptions): MemoryStore {
  return new InMemoryStore(options);
}

const TIMESTAMPS_REFUSED = 'pushed metrics must not have timestamps';
const OWN_GAUGES: readonly string[] = [PUSH_TIME, PUSH_FAILURE_TIME];
const NO_FAMILIES: ReadonlyMap<string, StoredFamily> = new Map();

/** What applying a request did: the change to journal, if any, and the refusal, if any. */
interface Outcome {
  readonly change?: AppliedChange;
  readonly error?: StoreError;
}

class InMemoryStore implements MemoryStore {
  private readonly groupsById = new Map<string, StoredGroup>();
  /** Group id by {@link StoredGroup.seriesId}. */
  private readonly groupsBySeriesId = new Map<string, string>();
  /** The groups whose last successful push set a positive TTL of their own. */
  private readonly groupsWithOwnTtl = new Set<StoredGroup>();
  private familyIndex: FamilyIndex;
  private readonly validation: NameValidation;
  private readonly ownHelp: ReadonlyMap<string, string>;
  private readonly pendingAppends = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly options: MemoryStoreOptions) {
    this.validation = options.nameValidation ?? 'legacy';
    this.ownHelp = new Map([...options.ownFamilies].map(([name, family]) => [name, family.help]));
    this.familyIndex = new FamilyIndex(this.ownHelp);
  }

  async write(request: WriteRequest): Promise<void> {
    if (this.closed) throw new StoreError('unavailable', 'the store is closed');
    // Applied before the first await: the order of application is the order of calls.
    const outcome = request.families === undefined ? this.delete(request) : this.push(request);
    if (outcome.change) await this.record(outcome.change);
    if (outcome.error) throw outcome.error;
  }

  async wipe(): Promise<void> {
    if (this.closed) throw new StoreError('unavailable', 'the store is closed');
    if (this.groupsById.size === 0) return;
    this.clear();
    await this.record({ kind: 'wipe' });
  }

  async expire(labels: GroupingLabels, notWrittenSinceSeconds: number): Promise<boolean> {
    if (this.closed) throw new StoreError('unavailable', 'the store is closed');
    if (!isWellFormedKey(labels)) return false;
    const group = this.groupsById.get(groupingKeyId(labels));
    if (!group) return false;
    const pushed = group.pushTime.value;
    const written = pushed > 0 ? pushed : group.pushFailureTime.value;
    if (written > notWrittenSinceSeconds) return false;
    this.removeGroup(group);
    // Journaled as the DELETE it is, so that a replay needs to know nothing of expiry.
    await this.record({
      kind: 'write',
      request: { labels, timestampMs: Date.now(), families: undefined, replace: false },
    });
    return true;
  }

  *groups(): Iterable<GroupSnapshot> {
    for (const group of this.groupsById.values()) yield snapshotOf(group);
  }

  groupCount(): number {
    return this.groupsById.size;
  }

  *expirableGroups(defaultTtlMs: number): Iterable<GroupTimes> {
    const groups = defaultTtlMs > 0 ? this.groupsById.values() : this.groupsWithOwnTtl;
    for (const group of groups) yield timesOf(group);
  }

  merged(): readonly MergedFamily[] {
    return this.familyIndex.merged();
  }

  families(): readonly MetricFamily[] {
    return this.familyIndex.families();
  }

  health(): string | undefined {
    return this.closed ? 'the store is closed' : undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled(this.pendingAppends);
  }

  replay(change: AppliedChange): void {
    switch (change.kind) {
      case 'wipe':
        this.clear();
        return;
      case 'failure':
        this.recordFailure(this.identify(change.labels), change.timestampMs);
        return;
      case 'write': {
        const { labels, families, timestampMs, replace, ttlMs } = change.request;
        if (families === undefined) this.delete(change.request);
        else this.applyPush(this.identify(labels), families, timestampMs, replace, ttlMs);
      }
    }
  }

  private async record(change: AppliedChange): Promise<void> {
    const journal = this.options.journal;
    if (!journal) return;
    const appended = journal.append(change);
    this.pendingAppends.add(appended);
    try {
      await appended;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new StoreError('unavailable', `the change could not be made durable: ${reason}`);
    } finally {
      this.pendingAppends.delete(appended);
    }
  }

  private delete(request: WriteRequest): Outcome {
    if (!isWellFormedKey(request.labels)) return {};
    const group = this.groupsById.get(groupingKeyId(request.labels));
    if (!group) return {};
    this.removeGroup(group);
    return { change: { kind: 'write', request } };
  }

  private push(request: WriteRequest): Outcome {
    const { labels, timestampMs, replace } = request;
    if (!isWellFormedKey(labels)) return { error: refusal(this.newGroupProblems(labels, timestampMs)) };
    const identity = this.identify(labels);
    const existing = this.groupsById.get(identity.id);
    const maxGroups = this.options.maxGroups ?? 0;
    if (!existing && maxGroups > 0 && this.groupsById.size >= maxGroups) {
      return {
        error: new StoreError(
          'too_many_groups',
          `too many groups: --push.max-groups=${maxGroups} reached, a push may not create another group`,
        ),
      };
    }
    const groupProblems = existing ? [] : this.newGroupProblems(labels, timestampMs, identity);
    const creatable = groupProblems.length === 0;

    const byName = new Map<string, MetricFamily>();
    for (const family of request.families ?? []) byName.set(family.name, family);
    // Go checks timestamps before anything else and then reports nothing else.
    if (hasTimestamps(byName.values())) {
      return this.refuse(identity, timestampMs, creatable, [TIMESTAMPS_REFUSED]);
    }
    const families: MetricFamily[] = [];
    const grouping = groupingPairs(identity.metricLabels, labels);
    for (const family of byName.values()) {
      if (OWN_GAUGES.includes(family.name)) continue;
      for (const metric of family.metric) sanitiseLabels(metric, grouping);
      families.push(family);
    }
    const check = findPushProblems(
      {
        groupId: identity.id,
        current: existing?.families ?? NO_FAMILIES,
        families,
        replace,
      },
      {
        validation: this.validation,
        own: this.options.ownFamilies,
        families: this.familyIndex,
        checkStore: this.options.consistencyCheck,
      },
    );
    const problems = groupProblems.concat(check.problems);
    if (problems.length > 0) return this.refuse(identity, timestampMs, creatable, problems);

    const { ttlMs } = request;
    this.applyPush(identity, families, timestampMs, replace, ttlMs, check.keys);
    const applied =
      ttlMs === undefined
        ? { labels, timestampMs, families, replace }
        : { labels, timestampMs, families, replace, ttlMs };
    return { change: { kind: 'write', request: applied } };
  }

  /**
   * Why a group with these labels cannot be created: its `push_*` gauges
   * would have invalid labels, or the same labels as another group's gauges
   * (Go creates such groups on failures and then cannot be scraped). Worded
   * as Go's check words the problems of those gauges.
   */
  private newGroupProblems(labels: GroupingLabels, timestampMs: number, identity?: GroupIdentity): string[] {
    const gaugeLabels = groupMetricLabels(labels);
    const gauges = [
      { name: PUSH_TIME, metric: { label: gaugeLabels, gauge: { value: timestampMs / 1000 } } },
      { name: PUSH_FAILURE_TIME, metric: { label: gaugeLabels, gauge: { value: 0 } } },
    ];
    const problems: string[] = [];
    for (const { name, metric } of gauges) {
      const problem = metricProblem({ name, type: 'GAUGE', metric: [metric] }, metric, this.validation);
      if (problem !== undefined) problems.push(problem);
    }
    if (problems.length > 0 || !identity || !this.groupsBySeriesId.has(identity.seriesId)) return problems;
    return gauges.map(
      ({ name, metric }) =>
        `${describeMetric(name, metric)} was collected before with the same name and label values`,
    );
  }

  /** Records a refused push as the group's failure time and returns the refusal. */
  private refuse(
    identity: GroupIdentity,
    timestampMs: number,
    creatable: boolean,
    problems: string[],
  ): Outcome {
    const error = refusal(problems);
    if (!creatable && !this.groupsById.has(identity.id)) return { error };
    this.recordFailure(identity, timestampMs);
    return { change: { kind: 'failure', labels: identity.labels, timestampMs }, error };
  }

  private recordFailure(identity: GroupIdentity, timestampMs: number): void {
    const group = this.groupsById.get(identity.id);
    if (!group) {
      this.addGroup(newGroup(identity, timestampMs, 0, timestampMs / 1000));
      return;
    }
    group.pushFailureTime.set(timestampMs / 1000, timestampMs);
    this.familyIndex.touch(group.id, PUSH_FAILURE_TIME);
  }

  /** Applies an accepted push; `keys` are the label-set keys the check computed, if it ran. */
  private applyPush(
    identity: GroupIdentity,
    families: readonly MetricFamily[],
    timestampMs: number,
    replace: boolean,
    ttlMs: number | undefined,
    keys?: ReadonlyMap<string, readonly string[]>,
  ): void {
    let group = this.groupsById.get(identity.id);
    if (!group) {
      group = newGroup(identity, timestampMs, timestampMs / 1000, 0);
      this.addGroup(group);
    } else {
      group.pushTime.set(timestampMs / 1000, timestampMs);
      this.familyIndex.touch(group.id, PUSH_TIME);
    }
    group.ttlMs = ttlMs;
    if (ttlMs !== undefined && ttlMs > 0) this.groupsWithOwnTtl.add(group);
    else this.groupsWithOwnTtl.delete(group);
    if (replace && group.families.size > 0) {
      const pushed = new Set(families.map((family) => family.name));
      for (const stored of group.families.values()) {
        if (!pushed.has(stored.name)) this.removeFamily(group, stored);
      }
    }
    for (const family of families) {
      const name = family.name;
      const before = group.families.get(name);
      const familyKeys = keys?.get(name) ?? keysOfMetrics(family.metric, before?.keys);
      if (before?.rewrite(family, familyKeys, timestampMs)) {
        this.familyIndex.touch(group.id, name);
        continue;
      }
      const after = storeFamily(family, familyKeys, timestampMs, before ?? this.familyIndex.anyHolding(name));
      this.familyIndex.replace(group.id, name, before, after);
      group.families.set(name, after);
    }
  }

  private addGroup(group: StoredGroup): void {
    this.groupsById.set(group.id, group);
    this.groupsBySeriesId.set(group.seriesId, group.id);
    this.familyIndex.replace(group.id, PUSH_TIME, undefined, group.pushTime);
    this.familyIndex.replace(group.id, PUSH_FAILURE_TIME, undefined, group.pushFailureTime);
  }

  private removeGroup(group: StoredGroup): void {
    for (const stored of group.families.values()) this.removeFamily(group, stored);
    this.familyIndex.replace(group.id, PUSH_TIME, group.pushTime, undefined);
    this.familyIndex.replace(group.id, PUSH_FAILURE_TIME, group.pushFailureTime, undefined);
    this.groupsById.delete(group.id);
    this.groupsBySeriesId.delete(group.seriesId);
    this.groupsWithOwnTtl.delete(group);
  }

  private removeFamily(group: StoredGroup, stored: StoredFamily): void {
    this.familyIndex.replace(group.id, stored.name, stored, undefined);
    group.families.delete(stored.name);
  }

  private clear(): void {
    this.groupsById.clear();
    this.groupsBySeriesId.clear();
    this.groupsWithOwnTtl.clear();
    this.familyIndex = new FamilyIndex(this.ownHelp);
  }

  /** The identity of the group `labels` names (well-formed): the stored group's when it exists. */
  private identify(labels: GroupingLabels): GroupIdentity {
    return this.groupsById.get(groupingKeyId(labels)) ?? groupIdentity(labels);
  }
}

/** Whether every name and value of `labels` is a well-formed string (so it has a grouping-key id). */
function isWellFormedKey(labels: GroupingLabels): boolean {
  for (const [name, value] of Object.entries(labels)) {
    if (!isWellFormedUnicode(name) || !isWellFormedUnicode(value)) return false;
  }
  return true;
}

function hasTimestamps(families: Iterable<MetricFamily>): boolean {
  for (const family of families) {
    for (const metric of family.metric) if (metric.timestampMs !== undefined) return true;
  }
  return false;
}

function refusal(problems: readonly string[]): StoreError {
  return new StoreError('inconsistent', formatProblems(problems), problems);
}
