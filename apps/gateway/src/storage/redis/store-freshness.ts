import type { MetricStore } from '../store.js';

/**
 * What a store whose reads come from a local copy of shared state (the
 * Redis store) offers the HTTP layer and the gateway's own metrics.
 */
export interface StoreFreshness {
  /**
   * How far behind the shared state reads may be, in seconds: 0 while the
   * copy follows it, otherwise the time since it was last known to be up to
   * date (Redis unreachable). Exposed as `pushgate_store_staleness_seconds`.
   */
  stalenessSeconds(): number;
  /**
   * Brings the copy up to date before a read: one round trip to Redis when
   * nothing changed, the missing changes otherwise. Never rejects; when the
   * shared state cannot be reached, reads go on from the copy as it is.
   */
  catchUp(): Promise<void>;
}

/** The freshness side of `store`, when it has one (the memory store has none: it is always up to date). */
export function freshnessOf(store: MetricStore): StoreFreshness | undefined {
  const candidate = store as Partial<StoreFreshness>;
  return typeof candidate.stalenessSeconds === 'function' && typeof candidate.catchUp === 'function'
    ? (candidate as StoreFreshness)
    : undefined;
}
