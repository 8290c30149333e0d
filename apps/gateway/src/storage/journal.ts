import type { GroupingLabels, WriteRequest } from './store.js';

/**
 * A change the store has applied, as a journal must record it so that
 * replaying the changes in order rebuilds the same store.
 *
 * - `write`: an accepted push or a delete. `request.families` are the
 *   families as stored (sanitised, one per name, without the `push_*` ones).
 * - `failure`: a refused push, which only set the group's failure time (and
 *   created the group if it did not exist).
 * - `wipe`: every group deleted.
 */
export type AppliedChange =
  | { readonly kind: 'write'; readonly request: WriteRequest }
  | { readonly kind: 'failure'; readonly labels: GroupingLabels; readonly timestampMs: number }
  | { readonly kind: 'wipe' };

/**
 * Where a persistent store makes changes durable. The memory store calls
 * `append` synchronously, in application order, right after applying each
 * change in memory; the write that caused the change settles only after the
 * returned promise does (a rejection turns it into a `StoreError` with code
 * `unavailable`). Changes that leave the store as it was are not appended.
 */
export interface WriteJournal {
  append(change: AppliedChange): Promise<void>;
}
