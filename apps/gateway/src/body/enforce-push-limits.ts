/**
 * The refusals of {@link PushLimits}: each names the limit, its value and
 * the flag that sets it, so that the client's operator knows what to change
 * on which side.
 */
import type { MetricFamily } from '@pushgate/protocol';
import { HttpError } from '../http/http-error.js';
import type { SeriesCount } from './count-series.js';
import type { PushLimits } from './push-limits.js';

/**
 * Refuses a body whose pre-parse count exceeds the series or label limit.
 *
 * @throws {HttpError} `too_many_series` (413) or `too_many_labels` (400).
 */
export function enforceSeriesCount(count: SeriesCount, limits: PushLimits): void {
  if (count.series > limits.maxSeries) {
    throw new HttpError(
      'too_many_series',
      `push has more than ${limits.maxSeries} series, the limit set by --push.max-series`,
    );
  }
  if (count.mostLabels > limits.maxLabels) throw tooManyLabels(undefined, count.mostLabels, limits);
}

/**
 * Refuses parsed families (to be stored under `groupingLabels`) with a
 * series of more labels than allowed, grouping labels included, or a
 * metric name, label name or label value longer than allowed.
 *
 * @throws {HttpError} `too_many_labels` or `label_too_long` (both 400).
 */
export function enforceLabelLimits(
  families: readonly MetricFamily[],
  groupingLabels: Readonly<Record<string, string>>,
  limits: PushLimits,
): void {
  const groupingNames = Object.keys(groupingLabels);
  for (const name of groupingNames) {
    checkLength(name, () => `grouping label name ${excerpt(name)}`, limits);
    checkLength(groupingLabels[name] ?? '', () => `value of grouping label ${excerpt(name)}`, limits);
  }
  for (const family of families) {
    checkLength(family.name, () => `metric name ${excerpt(family.name)}`, limits);
    for (const metric of family.metric) {
      if (metric.label.length + groupingNames.length > limits.maxLabels) {
        const own = new Set(metric.label.map((label) => label.name));
        const labels = own.size + groupingNames.filter((name) => !own.has(name)).length;
        if (labels > limits.maxLabels) throw tooManyLabels(family.name, labels, limits);
      }
      for (const label of metric.label) {
        checkLength(
          label.name,
          () => `label name ${excerpt(label.name)} of metric ${excerpt(family.name)}`,
          limits,
        );
        checkLength(
          label.value,
          () => `value of label ${excerpt(label.name)} of metric ${excerpt(family.name)}`,
          limits,
        );
      }
    }
  }
}

function tooManyLabels(metric: string | undefined, labels: number, limits: PushLimits): HttpError {
  const which = metric === undefined ? 'a series' : `a series of metric ${excerpt(metric)}`;
  return new HttpError(
    'too_many_labels',
    `${which} has ${labels} labels, more than the limit of ${limits.maxLabels} set by --push.max-labels`,
  );
}

/** Refuses `text` if its UTF-8 form is longer than the limit; `what` describes it for the message. */
function checkLength(text: string, what: () => string, limits: PushLimits): void {
  // A UTF-16 unit is at most 3 UTF-8 bytes: short strings need no counting.
  if (text.length * 3 <= limits.maxLabelLength) return;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= limits.maxLabelLength) return;
  throw new HttpError(
    'label_too_long',
    `${what()} is ${bytes} bytes long, more than the limit of ${limits.maxLabelLength} set by --push.max-label-length`,
  );
}

/** A name for a message: quoted, and cut short if long. */
function excerpt(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}
