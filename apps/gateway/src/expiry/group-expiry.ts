import type { Logger } from '../logging/logger.js';
import type { MetricStore } from '../storage/store.js';
import { expiryOf } from './expiry-time.js';

export interface GroupExpiryOptions {
  readonly store: MetricStore;
  /** `--push.group-ttl` in milliseconds; 0 = groups without their own TTL never expire. */
  readonly defaultTtlMs: number;
  readonly logger: Logger;
  /** Called once for each group this gateway expired. */
  readonly onExpired: () => void;
  /** How often to look for due groups; expiry happens at most this late. */
  readonly intervalMs?: number;
  /** The wall clock in milliseconds since the epoch. */
  readonly now?: () => number;
}

/** Groups expired per turn of the event loop, so that a mass expiry never stalls pushes or scrapes. */
const BATCH = 500;
/** Groups looked at per turn of the event loop while searching for due ones. */
const SCAN_SLICE = 1000;

/**
 * Removes groups whose TTL has run out, as a DELETE would, within
 * `intervalMs` of their expiry. Every sweep reads the times of the groups
 * that can expire (never their families; none when no TTL is set anywhere)
 * and expires the due ones in batches, yielding to pending requests every
 * 1,000 groups looked at and between batches. Each deletion goes through
 * the store's conditional `expire`, so a push that renews a group meanwhile
 * keeps it, and of several replicas sweeping one Redis exactly one deletes
 * each group.
 */
export class GroupExpiry {
  private readonly options: GroupExpiryOptions;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<number> | undefined;
  private stopped = false;
  /** Whether the last sweep could not reach the store, so that an outage is logged once. */
  private failing = false;

  constructor(options: GroupExpiryOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  start(): void {
    const interval = this.options.intervalMs ?? 250;
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep().finally(() => {
        this.sweeping = undefined;
      });
    }, interval);
    this.timer.unref();
  }

  /** Stops sweeping; resolves when a sweep under way has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** One sweep: expires every due group and resolves with how many this call deleted. */
  async sweep(): Promise<number> {
    const now = this.now();
    const due: { labels: Readonly<Record<string, string>>; writtenSeconds: number }[] = [];
    let seen = 0;
    for (const group of this.options.store.expirableGroups(this.options.defaultTtlMs)) {
      const expiry = expiryOf(group, this.options.defaultTtlMs);
      if (expiry !== undefined && expiry.atMs <= now) {
        due.push({ labels: group.labels, writtenSeconds: expiry.writtenSeconds });
      }
      if (++seen % SCAN_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    let expired = 0;
    for (let start = 0; start < due.length && !this.stopped; start += BATCH) {
      const batch = due.slice(start, start + BATCH);
      const results = await Promise.allSettled(
        batch.map(({ labels, writtenSeconds }) => this.options.store.expire(labels, writtenSeconds)),
      );
      let failure: string | undefined;
      results.forEach((result, i) => {
        const labels = batch[i]!.labels;
        if (result.status === 'rejected') {
          failure ??= result.reason instanceof Error ? result.reason.message : String(result.reason);
          return;
        }
        if (!result.value) return;
        expired++;
        this.options.onExpired();
        this.options.logger.info({ group: JSON.stringify(labels) }, 'group expired');
      });
      if (failure !== undefined) {
        // The store is failing (Redis unreachable, say): say so once per outage, retry next sweep.
        if (!this.failing) this.options.logger.warn({ err: failure }, 'could not expire groups; will retry');
        this.failing = true;
        return expired;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (this.failing && due.length > 0) this.options.logger.info('expiring groups again');
    this.failing = this.failing && due.length === 0;
    return expired;
  }
}
