import type { AppliedChange } from '../journal.js';
import type { MemoryStore } from '../memory-store.js';
import type { LoggedChange } from './change-entry.js';
import { replaySnapshot, type StoreSnapshot } from './store-snapshot.js';

/** What applying a change of the feed did. */
export type MirrorApplyOutcome =
  /** It was the next change: applied. */
  | 'applied'
  /** The mirror has it already (applied by the writer itself, or read twice). */
  | 'known'
  /** Changes before it are missing (the log was trimmed past them): the mirror needs a snapshot. */
  | 'gap';

interface Waiter {
  readonly epoch: string;
  readonly gen: number;
  readonly resolve: (reached: boolean) => void;
}

/**
 * A replica's local copy of the store in Redis: a memory store (that does
 * not check pushes: Redis did) fed with Redis's changes in their order, and
 * the epoch and generation of the last change it has. Every read of the
 * replica (scrapes, API, UI) is served from it.
 */
export class LocalMirror {
  private current: MemoryStore;
  private epochValue = '';
  private genValue = 0;
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly createStore: () => MemoryStore) {
    this.current = createStore();
  }

  /** The memory store serving reads; replaced by {@link load}. */
  get store(): MemoryStore {
    return this.current;
  }

  /** The data set the mirror copies (see `redis-keys.ts`); '' before the first snapshot. */
  get epoch(): string {
    return this.epochValue;
  }

  /** The generation of the last change the mirror has. */
  get gen(): number {
    return this.genValue;
  }

  /** Whether the mirror has change `gen` of data set `epoch`. */
  includes(epoch: string, gen: number): boolean {
    return this.epochValue === epoch && this.genValue >= gen;
  }

  /** Applies a change of the feed if it is the next one. */
  apply(logged: LoggedChange): MirrorApplyOutcome {
    if (logged.gen <= this.genValue) return 'known';
    if (logged.gen !== this.genValue + 1) return 'gap';
    this.advance(logged.change, logged.gen);
    return 'applied';
  }

  /**
   * Applies a change this replica made itself, when it is the next one of
   * data set `epoch` (saves decoding it from the feed). Returns false when
   * it is not: the feed then brings it in order.
   */
  applyOwn(epoch: string, gen: number, change: AppliedChange): boolean {
    if (this.epochValue !== epoch || gen !== this.genValue + 1) return false;
    this.advance(change, gen);
    return true;
  }

  /** Replaces the whole copy with `snapshot`, in a fresh memory store. */
  load(snapshot: StoreSnapshot): void {
    const store = this.createStore();
    replaySnapshot(snapshot, store);
    this.current = store;
    this.epochValue = snapshot.epoch;
    this.genValue = snapshot.gen;
    this.notify();
  }

  /**
   * Resolves `true` once the mirror has change `gen` of data set `epoch`, or
   * `false` after `timeoutMs` without it.
   */
  whenIncludes(epoch: string, gen: number, timeoutMs: number): Promise<boolean> {
    if (this.includes(epoch, gen)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(false);
      }, timeoutMs);
      const waiter: Waiter = {
        epoch,
        gen,
        resolve: (reached) => {
          clearTimeout(timer);
          resolve(reached);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Releases every waiter with `false` (the store is closing). */
  release(): void {
    for (const waiter of this.waiters) waiter.resolve(false);
    this.waiters.clear();
  }

  private advance(change: AppliedChange, gen: number): void {
    this.current.replay(change);
    this.genValue = gen;
    this.notify();
  }

  private notify(): void {
    for (const waiter of this.waiters) {
      if (this.includes(waiter.epoch, waiter.gen)) {
        this.waiters.delete(waiter);
        waiter.resolve(true);
      }
    }
  }
}
