import type { Metric } from '@pushgate/protocol';

/**
 * Whether `a` and `b` are the same series in the same order: same label
 * names and values, metric by metric. True for the usual re-push of a family
 * by the group that holds it, which the store then handles without searching.
 */
export function sameSeries(a: readonly Metric[], b: readonly Metric[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]?.label ?? [];
    const y = b[i]?.label ?? [];
    if (x.length !== y.length) return false;
    for (let j = 0; j < x.length; j++) {
      if (x[j]?.name !== y[j]?.name || x[j]?.value !== y[j]?.value) return false;
    }
  }
  return true;
}
