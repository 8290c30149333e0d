import type { MetricFamily } from '@pushgate/protocol';

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
   * them). `undefined` means delete the group.
   */
  readonly families: readonly MetricFamily[] | undefined;
  /** PUT (`true`): replace the whole group. POST (`false`): replace families by name. */
  readonly replace: boolean;
}

/** Why the store refused a write. Maps to HTTP 400 (`inconsistent`) or 503 (`unavailable`). */
export type StoreErrorCode = 'inconsistent' | 'unavailable';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** A stored family with the time of the push that last wrote it. */
export interface TimestampedFamily {
  readonly family: MetricFamily;
  /** Milliseconds since the epoch of the push that last wrote this family. */
  readonly timestampMs: number;
}

/** A read-only view of one group, for the JSON API and the web UI. */
export interface GroupSnapshot {
  readonly labels: GroupingLabels;
  /** Families by name, including `push_time_seconds` and `push_failure_time_seconds`. */
  readonly families: ReadonlyMap<string, TimestampedFamily>;
  /** `push_time_seconds` of the group (0 = never succeeded). */
  readonly lastPushSeconds: number;
  /** `push_failure_time_seconds` of the group (0 = never failed). */
  readonly lastFailureSeconds: number;
}

/**
 * The store contract. Every implementation (memory, persistent file, Redis)
 * passes the same contract test suite.
 *
 * - **Atomicity**: a write request is applied entirely or not at all. A refused
 *   push changes nothing except the group's `push_failure_time_seconds` (and
 *   creates no group that the push could not have created: groups whose labels
 *   would duplicate another group's series are never created).
 * - **Ordering**: write requests are applied in the order `write` was called;
 *   a read started after a `write` promise settled sees its effect.
 * - **Consistency check**: when enabled, a push is refused if the resulting
 *   store could not be scraped: type clashes between groups or with the
 *   gateway's own metrics, duplicate series, suffix collisions, invalid label
 *   names or values, timestamps. Its cost grows with the size of the push, not
 *   the size of the store. Timestamps are refused even when the check is off.
 * - **Ownership**: the store takes ownership of the families passed to
 *   `write`; callers must not mutate them afterwards. Snapshots returned by
 *   reads must not be mutated by callers.
 */
export interface MetricStore {
  /**
   * Applies one request. Resolves once it is applied (and durable, for
   * persistent stores). Rejects with a {@link StoreError} when refused; the
   * refusal has then been recorded as the group's failure time.
   */
  write(request: WriteRequest): Promise<void>;

  /** Deletes every group, atomically with respect to concurrent writes. */
  wipe(): Promise<void>;

  /** All groups, in no particular order. */
  groups(): Iterable<GroupSnapshot>;

  /**
   * Every stored family, merged by name across groups (metrics of all groups
   * in one family, first-seen HELP kept deterministically) and sorted as the
   * Go pushgateway sorts (families by name; metrics by label count, then label
   * values). Families without metrics are left out. Unchanged families are
   * served from a cache, so a scrape does not redo work for groups that did
   * not change.
   */
  families(): readonly MetricFamily[];

  /** `undefined` when healthy, otherwise the reason. */
  health(): string | undefined;

  /** Flushes and releases resources. Writes after `close` are refused. */
  close(): Promise<void>;
}
