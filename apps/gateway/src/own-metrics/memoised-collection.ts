/**
 * A collection that is redone only when something it depends on has
 * changed or it has grown old: for the push summaries, whose quantiles
 * prom-client recomputes (compressing a t-digest per label set) on every
 * collection, which made them most of the cost of scraping a small store.
 */
export interface MemoisedCollection<T> {
  /** The last result, or a new one if `invalidate` was called since or it is `maxAgeMs` old. */
  get(): Promise<T>;
  /** Marks the last result out of date (called on every observation). */
  invalidate(): void;
}

/**
 * Memoises `collect`. The age bound is for what changes without an
 * observation: a summary's sliding window dropping its oldest bucket.
 */
export function memoisedCollection<T>(
  collect: () => Promise<T>,
  maxAgeMs: number,
  now: () => number = Date.now,
): MemoisedCollection<T> {
  let last: { readonly result: Promise<T>; readonly atMs: number } | undefined;
  return {
    get() {
      const at = now();
      if (last === undefined || at - last.atMs >= maxAgeMs) {
        const result = collect();
        last = { result, atMs: at };
        // A failed collection is not kept: the next call tries again.
        result.catch(() => {
          if (last?.result === result) last = undefined;
        });
      }
      return last.result;
    },
    invalidate() {
      last = undefined;
    },
  };
}
