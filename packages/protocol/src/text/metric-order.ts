/**
 * The order in which Go's scrape output lists families and metrics
 * (client_golang `internal.NormalizeMetricFamilies`).
 */

import type { Metric, MetricFamily } from '../model.js';
import { compareUtf8 } from './utf8-order.js';

/**
 * Go's `MetricSorter` order: fewer labels first; then label values compared
 * position by position, byte-wise (Go compares values only; the gateway keeps
 * labels sorted by name); then by timestamp, a metric without one last.
 */
export function compareMetrics(a: Metric, b: Metric): number {
  if (a.label.length !== b.label.length) return a.label.length - b.label.length;
  for (let i = 0; i < a.label.length; i++) {
    const x = a.label[i]!.value;
    const y = b.label[i]!.value;
    if (x !== y) return compareUtf8(x, y);
  }
  if (a.timestampMs === undefined) return b.timestampMs === undefined ? 0 : 1;
  if (b.timestampMs === undefined) return -1;
  return a.timestampMs < b.timestampMs ? -1 : a.timestampMs > b.timestampMs ? 1 : 0;
}

/**
 * Sorts in place as Go does before writing a scrape: families by name,
 * byte-wise, and each family's metrics by {@link compareMetrics}. (Dropping
 * empty families, Go's other normalisation, is left to the caller.)
 */
export function sortMetricFamilies(families: MetricFamily[]): void {
  families.sort((a, b) => compareUtf8(a.name, b.name));
  for (const family of families) family.metric.sort(compareMetrics);
}
