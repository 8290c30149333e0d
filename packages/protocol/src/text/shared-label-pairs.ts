/**
 * Label pairs of the text parser's fast path, shared between metrics: a
 * pushed body repeats the same pair (`job="backup"`, `instance="a:9100"`) on
 * metric after metric, and one object for all of them spares the parse most
 * of its pair allocations. Pairs of the model are never changed in place
 * (the gateway replaces them), which is what makes sharing them safe; the
 * shared ones are frozen, so that code which does change a pair fails
 * loudly instead of changing the metrics of other bodies too.
 *
 * The cache is direct-mapped by the byte-string cache's slot of the value,
 * so that a lookup costs two string comparisons and no hashing.
 */

import type { LabelPair } from '../model.js';
import { SLOT_COUNT, UNCACHED } from './byte-strings.js';

/** The last pair made for a value in each slot of the byte-string cache. */
const pairsByValueSlot: (LabelPair | undefined)[] = new Array<LabelPair | undefined>(SLOT_COUNT).fill(
  undefined,
);

/**
 * A pair `{ name, value }`: the one made before for the same name and value
 * when it is still cached under `valueSlot` (the slot of `value` in the
 * byte-string cache, or {@link UNCACHED}), else a new one.
 */
export function sharedLabelPair(name: string, value: string, valueSlot: number): LabelPair {
  if (valueSlot === UNCACHED) return { name, value };
  const cached = pairsByValueSlot[valueSlot];
  if (cached !== undefined && cached.value === value && cached.name === name) return cached;
  const made = Object.freeze({ name, value });
  pairsByValueSlot[valueSlot] = made;
  return made;
}
