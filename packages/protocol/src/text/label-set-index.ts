/**
 * Metrics by label set, regardless of label order: how the text parser joins
 * the lines of one summary or histogram (expfmt's `LabelsToSignature`, which
 * Go trusts without checking for collisions; here equal sets are compared).
 *
 * The key is a sum of per-pair hashes, which does not depend on the order of
 * the pairs, so no sorted copy and no signature string is built per metric
 * (building them was a third of a parse's garbage).
 */

import type { LabelPair } from '../model.js';

/** Up to this many labels, set equality is checked by comparing pairs directly. */
const LINEAR_COMPARE_LIMIT = 16;

function stringHash(text: string): number {
  let hash = text.length;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x9e3779b1);
  return hash;
}

/** A hash of the set of `labels`: equal sets hash alike whatever their order. */
export function labelSetHash(labels: readonly LabelPair[]): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const { name, value } = labels[i]!;
    const pairHash = Math.imul(stringHash(name), 0x85ebca6b) ^ stringHash(value);
    sum = (sum + Math.imul(pairHash ^ (pairHash >>> 15), 0xc2b2ae35)) | 0;
  }
  return sum;
}

/** Whether two label lists without repeated names hold the same pairs. */
function sameLabelSet(a: readonly LabelPair[], b: readonly LabelPair[]): boolean {
  if (a.length !== b.length) return false;
  if (a.length > LINEAR_COMPARE_LIMIT) {
    const values = new Map<string, string>();
    for (const { name, value } of b) values.set(name, value);
    return a.every(({ name, value }) => values.get(name) === value);
  }
  return a.every(({ name, value }) => b.some((pair) => pair.name === name && pair.value === value));
}

interface Entry<T> {
  labels: readonly LabelPair[];
  value: T;
}

export class LabelSetIndex<T> {
  /** Entries by hash; a hash shared by different sets holds them all. */
  private readonly entries = new Map<number, Entry<T> | Entry<T>[]>();

  /**
   * The value stored for the set of `labels` (which must not repeat a name);
   * if there is none, `fresh` is stored for it and returned.
   */
  findOrAdd(labels: readonly LabelPair[], fresh: T): T {
    const hash = labelSetHash(labels);
    const found = this.entries.get(hash);
    const entry = { labels, value: fresh };
    if (found === undefined) {
      this.entries.set(hash, entry);
    } else if (Array.isArray(found)) {
      const same = found.find((candidate) => sameLabelSet(candidate.labels, labels));
      if (same !== undefined) return same.value;
      found.push(entry);
    } else {
      if (sameLabelSet(found.labels, labels)) return found.value;
      this.entries.set(hash, [found, entry]);
    }
    return fresh;
  }
}
