/**
 * Caps on what one push may carry once decoded, so that neither the parser
 * nor the store can be made to hold more than an operator allows. Each is
 * a flag; each refusal names it.
 */

export interface PushLimits {
  /** `--push.max-series`: most series one push may carry (413). See {@link countSeries} for what counts. */
  readonly maxSeries: number;
  /** `--push.max-labels`: most labels one series may have, grouping labels included (400). */
  readonly maxLabels: number;
  /** `--push.max-label-length`: longest metric name, label name or label value, in UTF-8 bytes (400). */
  readonly maxLabelLength: number;
}

/** The flags' defaults: far above real pushes, low enough to bound a hostile one. */
export const DEFAULT_PUSH_LIMITS: PushLimits = {
  maxSeries: 1_000_000,
  maxLabels: 256,
  maxLabelLength: 64 * 1024,
};
