import { compareMetrics, compareUtf8, type Metric } from '@pushgate/protocol';

/**
 * The order of series within a merged family: Go's (fewer labels first, then
 * label values position by position, byte-wise), with ties that Go leaves to
 * its unstable sort broken by label names, so that only true duplicates
 * compare equal and the order never depends on insertion history.
 */
export function compareSeries(a: Metric, b: Metric): number {
  const byGo = compareMetrics(a, b);
  if (byGo !== 0) return byGo;
  const n = Math.min(a.label.length, b.label.length);
  for (let i = 0; i < n; i++) {
    const byName = compareUtf8(a.label[i]?.name ?? '', b.label[i]?.name ?? '');
    if (byName !== 0) return byName;
  }
  return 0;
}
