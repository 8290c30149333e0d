import {
  isReservedLabelName,
  isValidLabelName,
  isValidMetricName,
  isWellFormedUnicode,
  type Metric,
  type MetricFamily,
  type MetricType,
  type NameValidation,
} from '@pushgate/protocol';
import { goQuote } from './go-quote.js';
import { metricProtoText } from './proto-text.js';

/**
 * Problems a push can have on its own, whatever the store holds: each would
 * make every later scrape fail, so they are refused even with the consistency
 * check off. Messages follow client_golang's `checkMetricConsistency`, which
 * is what the Go pushgateway reports, plus two checks of ours (metric names,
 * which Go lets through into a broken exposition, and an explicit `le` on
 * histograms, which Go turns into a duplicate `le` label).
 */

/** Go's `collected metric "<name>" { <proto text>}` prefix of a per-metric problem. */
export function describeMetric(familyName: string, metric: Metric): string {
  return `collected metric ${goQuote(familyName)} { ${metricProtoText(metric)}}`;
}

/** The problem with a family's name, if any. */
export function familyNameProblem(name: string, validation: NameValidation): string | undefined {
  return isValidMetricName(name, validation) ? undefined : `invalid metric name ${goQuote(name)}`;
}

/** Whether `metric` carries the value field that a family of `type` needs. */
export function hasValueOfType(metric: Metric, type: MetricType): boolean {
  switch (type) {
    case 'COUNTER':
      return metric.counter !== undefined;
    case 'GAUGE':
      return metric.gauge !== undefined;
    case 'SUMMARY':
      return metric.summary !== undefined;
    case 'UNTYPED':
      return metric.untyped !== undefined;
    case 'HISTOGRAM':
    case 'GAUGE_HISTOGRAM':
      return metric.histogram !== undefined;
  }
}

/** Go's message for a metric whose value does not match the type of its family. */
export function typeMismatch(familyName: string, metric: Metric, type: MetricType): string {
  return `${describeMetric(familyName, metric)} is not a ${type}`;
}

/**
 * The first problem of one metric of `family` by itself, checked in Go's
 * order: a value of the wrong type, then label by label a repeated name, an
 * invalid or reserved name, an explicit `quantile` (summaries) or `le`
 * (histograms), a value that is not valid UTF-8. Labels must be sorted by
 * name (the store sanitises them first), so that repeats are adjacent.
 */
export function metricProblem(
  family: MetricFamily,
  metric: Metric,
  validation: NameValidation,
): string | undefined {
  if (!hasValueOfType(metric, family.type)) return typeMismatch(family.name, metric, family.type);
  const reservedBucketLabel = bucketLabelOf(family.type);
  let previous: string | undefined;
  for (const label of metric.label) {
    const name = label.name;
    if (name === previous) {
      return `${describeMetric(family.name, metric)} has two or more labels with the same name: ${name}`;
    }
    if (!isValidLabelName(name, validation) || isReservedLabelName(name)) {
      return `${describeMetric(family.name, metric)} has a label with an invalid name: ${name}`;
    }
    if (name === reservedBucketLabel) {
      return `${describeMetric(family.name, metric)} must not have an explicit ${goQuote(name)} label`;
    }
    if (!isWellFormedUnicode(label.value)) {
      return `${describeMetric(family.name, metric)} has a label named ${goQuote(name)} whose value is not utf8: ${goQuote(label.value)}`;
    }
    previous = name;
  }
  return undefined;
}

/** The label the exposition adds to each sample of a type, which a metric of that type must not carry. */
function bucketLabelOf(type: MetricType): string | undefined {
  switch (type) {
    case 'SUMMARY':
      return 'quantile';
    case 'HISTOGRAM':
    case 'GAUGE_HISTOGRAM':
      return 'le';
    default:
      return undefined;
  }
}
