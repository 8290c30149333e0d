import type { MetricFamily, MetricType } from '@pushgate/protocol';

/**
 * The labels that identify a group: always `job`, plus the other labels of the
 * push URL. Order is irrelevant; the identity is the set.
 */
export type GroupingLabels = Readonly<Record<string, string>>;

/**
 * One change to the store, produced by an HTTP handler. Mirrors the Go
 * pushgateway's `storage.WriteRequest`.
 */
export interface WriteRequest {
  /** The grouping key, `job` included. Already validated by the handler. */
  readonly labels: GroupingLabels;
  /**
   * When the request was received, in milliseconds since the epoch (may carry
   * a sub-millisecond fraction). Becomes `push_time_seconds` or
   * `push_failure_time_seconds` of the group.
   */
  readonly timestampMs: number;
  /**
   * The pushed families, unsanitised (the store forces grouping labels onto
   * them). `undefined` means delete the group. Of several families with the
   * same name the last one counts (as in Go, where they land in a map);
   * families named `push_time_seconds` or `push_failure_time_seconds` are
   * ignored, those two always belong to the gateway.
   */
  readonly families: readonly MetricFamily[] | undefined;
  /** PUT (`true`): replace the whole group. POST (`false`): replace families by name. */
  readonly replace: boolean;
  /**
   * The group's own time to live, from the push's `Pushgate-TTL` header, in
   * milliseconds (0 = never expire). Absent: the gateway's `--push.group-ttl`
   * applies. A successful push stores it with the group, replacing what an
   * earlier push set; a refused push changes nothing.
   */
  readonly ttlMs?: number;
}

/**
 * Why the store refused a write. Maps to HTTP 400 (`inconsistent`), 503
 * (`unavailable`) or 429 (`too_many_groups`: the push would create a group
 * beyond `--push.max-groups`; nothing is recorded, not even a failure time).
 */
export type StoreErrorCode = 'inconsistent' | 'unavailable' | 'too_many_groups';

/**
 * A refused write. For `inconsistent`, `message` is the part Go prints after
 * `pushed metrics are invalid or inconsistent with existing metrics: ` (one
 * problem, or Go's `N error(s) occurred:\n* …` list), and `problems` lists
 * the problems one by one.
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  readonly problems: readonly string[];
  constructor(code: StoreErrorCode, message: string, problems: readonly string[] = [message]) {
    super(message);
    this.code = code;
    this.problems = problems;
  }
}

/**
 * One of the gateway's own metric families (process, Node.js, `pushgateway_*`),
 * known at start: pushed families of that name must have its type, and are
 * exposed with its HELP.
 */
export interface OwnFamily {
  readonly type: MetricType;
  readonly help: string;
}

/** A stored family with the time of the push that last wrote it. */
export interface TimestampedFamily {
  readonly family: MetricFamily;
  /** Milliseconds since the epoch of the push that last wrote this family. */
  readonly timestampMs: number;
}

/**
 * When a group was last written and how long it lives: what an expiry sweep
 * needs, read without building a {@link GroupSnapshot}.
 */
export interface GroupTimes {
  readonly labels: GroupingLabels;
  /** `push_time_seconds` of the group (0 = never succeeded). */
  readonly lastPushSeconds: number;
  /** `push_failure_time_seconds` of the group (0 = never failed). */
  readonly lastFailureSeconds: number;
  /** The TTL the last successful push set ({@link WriteRequest.ttlMs}); absent: the gateway default. */
  readonly ttlMs: number | undefined;
}

/** A read-only view of one group, for the JSON API, the web UI and persistence snapshots. */
export interface GroupSnapshot extends GroupTimes {
  /**
   * Families by name as pushed (labels sanitised, HELP as pushed, families
   * without metrics included), plus `push_time_seconds` and
   * `push_failure_time_seconds`.
   */
  readonly families: ReadonlyMap<string, TimestampedFamily>;
}

/**
 * One family name merged across all groups, as a scrape shows it: the
 * metrics of every group that holds a non-empty family of that name, sorted
 * as Go sorts them. Its renderings are cached and redone only where the
 * family changed.
 */
export interface MergedFamily {
  readonly name: string;
  /**
   * The type of the group that has held this family name the longest. With
   * the consistency check on every group agrees; with it off, metrics of
   * groups that disagree are left out.
   */
  readonly type: MetricType;
  /**
   * The standard HELP when the name is one of the gateway's own families,
   * otherwise the HELP of the group that has held this family name the
   * longest (Go keeps a random group's; ours is deterministic).
   */
  readonly help: string | undefined;
  /** The merged family. The same object is returned until the family changes. */
  family(): MetricFamily;
  /**
   * The family in the text format 0.0.4 (HELP and TYPE lines, then the
   * samples), as UTF-8 chunks to be concatenated in order.
   */
  text(): readonly Buffer[];
}

/**
 * The store contract. Every implementation (memory, persistent file, Redis)
 * passes the same contract test suite (`test/store-contract.ts`).
 *
 * - **Atomicity**: a write request is applied entirely or not at all. A refused
 *   push changes nothing except the group's `push_failure_time_seconds`; it
 *   creates the group (with only the two `push_*` gauges) when the group does
 *   not exist, as Go does, unless those gauges could not be scraped (a
 *   grouping key with invalid labels, or one equal to an existing group's once
 *   `instance=""` is added: Go's store-poisoning bugs 12.1–12.3 are not copied).
 * - **Ordering**: write requests are applied in the order `write` was called;
 *   a read started after a `write` promise settled sees its effect.
 * - **Consistency check**: when enabled, a push is refused if the resulting
 *   store could not be scraped: type clashes between groups or with the
 *   gateway's own metrics, duplicate series, suffix collisions, invalid label
 *   names or values, invalid metric names. Its cost grows with the size of the
 *   push, not the size of the store. Whether enabled or not, a push is refused
 *   when it has timestamps, or when a problem within the push itself would
 *   break every scrape (invalid names, duplicate or reserved labels, a value
 *   that does not match the family type); with the check disabled, conflicts
 *   between groups are stored, and scrapes leave out the metrics whose type
 *   disagrees with their family's instead of failing.
 * - **Ownership**: the store takes ownership of the families passed to
 *   `write`; callers must not mutate them afterwards. Snapshots returned by
 *   reads must not be mutated by callers.
 */
export interface MetricStore {
  /**
   * Applies one request. Resolves once it is applied (and durable, for
   * persistent stores). Rejects with a {@link StoreError} when refused; the
   * refusal has then been recorded as the group's failure time. A delete of
   * a group that does not exist succeeds and changes nothing.
   */
  write(request: WriteRequest): Promise<void>;

  /** Deletes every group, atomically with respect to concurrent writes. */
  wipe(): Promise<void>;

  /**
   * Expires one group: deletes it, as a DELETE would, only if it has not
   * been written since `notWrittenSinceSeconds` (its `push_time_seconds`,
   * or for a group that never had a successful push its
   * `push_failure_time_seconds`, is at most that). Resolves `true` if this
   * call deleted it. Conditional and atomic, so that a push renewing the
   * group concurrently always wins, and so that of several replicas trying
   * to expire the same group exactly one succeeds.
   */
  expire(labels: GroupingLabels, notWrittenSinceSeconds: number): Promise<boolean>;

  /**
   * All groups, in no particular order. Each snapshot is built for this
   * call and not kept by the store: reading every group costs garbage, not
   * store memory.
   */
  groups(): Iterable<GroupSnapshot>;

  /**
   * The times of the groups that can expire when groups without a TTL of
   * their own live `defaultTtlMs` (0 = for ever): every group if it is
   * positive, otherwise only the groups whose own TTL is. In no particular
   * order, and without building snapshots: expiry sweeps run several times a
   * second, and with no TTL anywhere (the usual case) they look at nothing.
   */
  expirableGroups(defaultTtlMs: number): Iterable<GroupTimes>;

  /**
   * Every stored family with metrics, merged by name across groups and sorted
   * as the Go pushgateway sorts (families by name, byte-wise; metrics by label
   * count, then label values). An unchanged family is served from a cache,
   * and so is the whole array while nothing changed.
   */
  merged(): readonly MergedFamily[];

  /** `merged()` as plain families: the same array while nothing changed. */
  families(): readonly MetricFamily[];

  /** `undefined` when healthy, otherwise the reason. */
  health(): string | undefined;

  /** Flushes and releases resources. Writes after `close` are refused as `unavailable`. */
  close(): Promise<void>;
}
