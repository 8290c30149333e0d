/**
 * Shared zod schemas: label names and grouping keys as the client accepts
 * them, and the JSON shapes of the Pushgateway's `/api/v1/status` and
 * `/api/v1/metrics`, where every number is a string formatted as Go prints it.
 */

import { z } from 'zod';
import { METRIC_TYPES } from './model.js';
import { isReservedLabelName, isValidLabelName } from './names.js';

/** A legacy label name, `^[a-zA-Z_][a-zA-Z0-9_]*$` (reserved `__` names included). */
export const labelNameSchema = z.string().refine((name) => isValidLabelName(name, 'legacy'), {
  error: (issue) => `invalid label name ${JSON.stringify(issue.input)}`,
});

/**
 * A grouping key as a client passes it: a non-empty `job` and any further
 * labels with legacy names that are not reserved (`__` prefix), all values
 * strings. The same names the gateway accepts in a push URL.
 */
export const groupingKeySchema = z
  .object({ job: z.string().min(1, 'job name is required') })
  .catchall(z.string())
  .superRefine((key, ctx) => {
    for (const name of Object.keys(key)) {
      if (isValidLabelName(name, 'legacy') && !isReservedLabelName(name)) continue;
      ctx.addIssue({
        code: 'custom',
        message: `improper label name ${JSON.stringify(name)}`,
        path: [name],
        input: name,
      });
    }
  });

export type GroupingKeyInput = z.infer<typeof groupingKeySchema>;

const labelsSchema = z.record(z.string(), z.string());

/** `build_information` of `/api/v1/status`: the Go build metadata. */
export const buildInformationSchema = z.object({
  branch: z.string(),
  buildDate: z.string(),
  buildUser: z.string(),
  goVersion: z.string(),
  revision: z.string(),
  version: z.string(),
});

/** `GET /api/v1/status`: build information, every flag as a string, start time (RFC 3339, nanoseconds). */
export const statusResponseSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    build_information: buildInformationSchema,
    flags: z.record(z.string(), z.string()),
    start_time: z.string(),
  }),
});

/** Counter, gauge and untyped series (and, as a Go quirk, gauge histograms): `value` as Go prints a float. */
export const apiValueMetricSchema = z.object({
  labels: labelsSchema,
  value: z.string(),
});

/** A summary series: quantile → value, plus count and sum. */
export const apiSummaryMetricSchema = z.object({
  labels: labelsSchema,
  quantiles: z.record(z.string(), z.string()),
  count: z.string(),
  sum: z.string(),
});

/** A classic histogram series: upper bound → cumulative count. */
export const apiClassicHistogramMetricSchema = z.object({
  labels: labelsSchema,
  buckets: z.record(z.string(), z.string()),
  count: z.string(),
  sum: z.string(),
});

/**
 * One native-histogram bucket: boundary rule (0 `(lower, upper]`,
 * 1 `[lower, upper)`, 2 `(lower, upper)`, 3 `[lower, upper]`), lower bound,
 * upper bound, count.
 */
export const apiNativeBucketSchema = z.tuple([
  z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
  z.string(),
  z.string(),
  z.string(),
]);

/** A native histogram series: non-empty buckets from the most negative to the most positive. */
export const apiNativeHistogramMetricSchema = z.object({
  labels: labelsSchema,
  buckets: z.array(apiNativeBucketSchema),
  count: z.string(),
  sum: z.string(),
});

/** One series of a family in `/api/v1/metrics`; its shape depends on the family type. */
export const apiMetricSchema = z.union([
  apiValueMetricSchema,
  apiSummaryMetricSchema,
  apiClassicHistogramMetricSchema,
  apiNativeHistogramMetricSchema,
]);

/** One family of a group: when it was last pushed, its type, its HELP (omitted when empty) and series. */
export const apiFamilySchema = z.object({
  time_stamp: z.string(),
  type: z.enum(METRIC_TYPES),
  help: z.string().optional(),
  metrics: z.array(apiMetricSchema),
});

/**
 * One group of `/api/v1/metrics`: its grouping `labels`, whether the last
 * push succeeded, and one key per stored family name (the families share the
 * object with `labels` and `last_push_successful`, as in Go's output).
 * Pushgate adds `expires_at` (RFC 3339) to groups with a TTL.
 */
export const apiGroupSchema = z
  .object({
    labels: labelsSchema,
    last_push_successful: z.boolean(),
    expires_at: z.string().optional(),
  })
  .catchall(apiFamilySchema);

/** `GET /api/v1/metrics`: every group, in no particular order. */
export const metricsResponseSchema = z.object({
  status: z.literal('success'),
  data: z.array(apiGroupSchema),
});

export type BuildInformation = z.infer<typeof buildInformationSchema>;
export type StatusResponse = z.infer<typeof statusResponseSchema>;
export type ApiValueMetric = z.infer<typeof apiValueMetricSchema>;
export type ApiSummaryMetric = z.infer<typeof apiSummaryMetricSchema>;
export type ApiClassicHistogramMetric = z.infer<typeof apiClassicHistogramMetricSchema>;
export type ApiNativeBucket = z.infer<typeof apiNativeBucketSchema>;
export type ApiNativeHistogramMetric = z.infer<typeof apiNativeHistogramMetricSchema>;
export type ApiMetric = z.infer<typeof apiMetricSchema>;
export type ApiFamily = z.infer<typeof apiFamilySchema>;
export type ApiGroup = z.infer<typeof apiGroupSchema>;
export type MetricsResponse = z.infer<typeof metricsResponseSchema>;
