/**
 * The body of `GET /api/v1/metrics`, in the Go pushgateway's exact JSON: one
 * object per group mixing `labels`, `last_push_successful` and one key per
 * family (a Go map, so all keys sorted — and a family named `labels` wins
 * over the grouping labels, as in Go); per family `time_stamp`, `type`,
 * `help` (left out when empty) and `metrics` (an array, empty for a family
 * pushed without metrics);
 * every number a string as Go's `fmt.Sprint` prints it.
 *
 * Pushgate adds `expires_at` (RFC 3339, like `time_stamp`) to groups that
 * have a TTL; without `--push.group-ttl` or `Pushgate-TTL` headers the
 * output is Go's exactly.
 */
import { formatGoFloat, type Metric, type MetricFamily } from '@pushgate/protocol';
import { expiryOf } from '../expiry/expiry-time.js';
import { type GoJson, goJsonMap, goJsonStringify, goJsonStruct } from '../http/go-json.js';
import { formatRfc3339Nano } from '../http/rfc3339.js';
import type { GroupSnapshot } from '../storage/store.js';
import { isNativeHistogram, nativeBuckets } from './native-buckets.js';

/** The whole `/api/v1/metrics` response text for `groups`; `defaultTtlMs` is `--push.group-ttl`. */
export function metricsResponseJson(groups: Iterable<GroupSnapshot>, defaultTtlMs = 0): string {
  const data: GoJson[] = [];
  for (const group of groups) data.push(groupJson(group, defaultTtlMs));
  return goJsonStringify(
    goJsonStruct([
      ['status', 'success'],
      ['data', data],
    ]),
  );
}

function groupJson(group: GroupSnapshot, defaultTtlMs: number): GoJson {
  const entries: [string, GoJson][] = [
    ['labels', goJsonMap(Object.entries(group.labels))],
    ['last_push_successful', !(group.lastFailureSeconds > group.lastPushSeconds)],
  ];
  const expiry = expiryOf(group, defaultTtlMs);
  if (expiry !== undefined) entries.push(['expires_at', formatRfc3339Nano(expiry.atMs)]);
  for (const [name, { family, timestampMs }] of group.families) {
    entries.push([name, familyJson(family, timestampMs)]);
  }
  return goJsonMap(entries);
}

function familyJson(family: MetricFamily, timestampMs: number): GoJson {
  const fields: [string, GoJson][] = [
    ['time_stamp', formatRfc3339Nano(timestampMs)],
    ['type', family.type],
  ];
  if (family.help !== undefined && family.help !== '') fields.push(['help', family.help]);
  fields.push(['metrics', family.metric.map((m) => metricJson(family, m))]);
  return goJsonStruct(fields);
}

function metricJson(family: MetricFamily, metric: Metric): GoJson {
  const entries: [string, GoJson][] = [['labels', goJsonMap(metric.label.map((l) => [l.name, l.value]))]];
  if (family.type === 'SUMMARY') {
    const summary = metric.summary;
    entries.push(
      [
        'quantiles',
        goJsonMap((summary?.quantile ?? []).map((q) => [formatGoFloat(q.quantile), formatGoFloat(q.value)])),
      ],
      ['count', (summary?.sampleCount ?? 0n).toString()],
      ['sum', formatGoFloat(summary?.sampleSum ?? 0)],
    );
  } else if (family.type === 'HISTOGRAM' && metric.histogram) {
    const histogram = metric.histogram;
    entries.push(
      [
        'buckets',
        isNativeHistogram(histogram) ? nativeBucketsJson(histogram) : classicBucketsJson(histogram),
      ],
      [
        'count',
        histogram.sampleCountFloat !== undefined && histogram.sampleCountFloat > 0
          ? formatGoFloat(histogram.sampleCountFloat)
          : histogram.sampleCount.toString(),
      ],
      ['sum', formatGoFloat(histogram.sampleSum)],
    );
  } else {
    // Go's getValue: gauge, counter, untyped, else 0 (gauge histograms land here).
    const value = metric.gauge?.value ?? metric.counter?.value ?? metric.untyped?.value ?? 0;
    entries.push(['value', formatGoFloat(value)]);
  }
  return goJsonMap(entries);
}

function classicBucketsJson(histogram: NonNullable<Metric['histogram']>): GoJson {
  return goJsonMap(
    histogram.bucket.map((bucket) => [
      formatGoFloat(bucket.upperBound),
      bucket.cumulativeCountFloat !== undefined && bucket.cumulativeCountFloat > 0
        ? formatGoFloat(bucket.cumulativeCountFloat)
        : bucket.cumulativeCount.toString(),
    ]),
  );
}

function nativeBucketsJson(histogram: NonNullable<Metric['histogram']>): GoJson {
  return nativeBuckets(histogram).map((bucket) => [
    bucket.rule,
    formatGoFloat(bucket.lower),
    formatGoFloat(bucket.upper),
    formatGoFloat(bucket.count),
  ]);
}
