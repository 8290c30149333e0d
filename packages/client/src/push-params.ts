import {
  encodeGroupingPath,
  isProtocolError,
  isReservedLabelName,
  isValidLabelName,
} from '@pushgate/protocol';
import { z } from 'zod/mini';
import { describeIssue, invalidOptionsError, toOptionIssues } from './option-issues.js';
import { isPromClientRegistry } from './prom-client-registry.js';
import type { Metrics } from './request-body.js';
import { type GroupTtl, isValidTtl } from './ttl.js';

/** Identifies a group: `job` plus the other grouping labels. */
export interface GroupParams {
  /** The job label of the group; any non-empty string. */
  readonly job: string;
  /** The other grouping labels; any values (`/`, empty, spaces, non-ASCII) arrive intact. Must not contain `job`. */
  readonly grouping?: Readonly<Record<string, string>>;
  /** Cancels the call, including retries and their waits. */
  readonly signal?: AbortSignal;
}

/** Parameters of `push` and `pushAdd`. */
export interface PushParams extends GroupParams {
  readonly metrics: Metrics;
  /**
   * Group TTL for Pushgate (`Pushgate-TTL` header): a Prometheus duration
   * (`'2h'`) or whole seconds; `0` means never expire. Other gateways ignore it.
   */
  readonly ttl?: GroupTtl;
}

/** Parameters of `delete`. */
export type DeleteParams = GroupParams;

/** Validated parameters, with the grouping key encoded as a URL path. */
export interface ResolvedParams {
  /** `/metrics/job/<job>{/<name>/<value>}`, base64 where a value needs it. */
  readonly groupingPath: string;
  readonly signal: AbortSignal | undefined;
  /** What to push; `undefined` for a delete. */
  readonly push: { readonly metrics: Metrics; readonly ttl: GroupTtl | undefined } | undefined;
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function'
  );
}

const groupShape = {
  job: z.string().check(z.minLength(1, 'must not be empty')),
  grouping: z.optional(
    z
      .record(z.string(), z.string())
      .check(
        z.refine(
          (grouping) => !Object.hasOwn(grouping, 'job'),
          'must not contain "job"; pass it as the job parameter',
        ),
      ),
  ),
  signal: z.optional(z.custom<AbortSignal>(isAbortSignal, 'must be an AbortSignal')),
};

const metricsSchema = z.custom<Metrics>(
  (metrics) => typeof metrics === 'string' || Array.isArray(metrics) || isPromClientRegistry(metrics),
  'must be a text exposition string, a MetricFamily[] or a prom-client Registry',
);

const deleteSchema = z.strictObject(groupShape);

const pushSchema = z.strictObject({
  ...groupShape,
  metrics: metricsSchema,
  ttl: z.optional(
    z
      .union([z.string(), z.number()])
      .check(
        z.refine(isValidTtl, 'must be a Prometheus duration such as "15m" or "2h", or whole seconds >= 0'),
      ),
  ),
});

/**
 * The URL path of the group. Label names are checked here, all at once, with
 * the gateway's wording; the encoder then refuses what remains (values that
 * are not well-formed Unicode).
 */
function groupingPathOf(job: string, grouping: Readonly<Record<string, string>> | undefined): string {
  const issues = Object.keys(grouping ?? {})
    .filter((name) => !isValidLabelName(name, 'legacy') || isReservedLabelName(name))
    .map((name) => ({ path: `grouping.${name}`, message: `improper label name ${JSON.stringify(name)}` }));
  if (issues.length > 0) throw invalidOptionsError('grouping key', issues);
  try {
    return encodeGroupingPath({ ...grouping, job });
  } catch (err) {
    if (!isProtocolError(err)) throw err;
    throw invalidOptionsError('grouping key', [
      { path: `grouping.${err.location.label ?? ''}`, message: err.message },
    ]);
  }
}

/**
 * Validates the parameters of `push`/`pushAdd` and builds the grouping key.
 * Throws {@link PushgatewayError} `invalid_options` listing every problem,
 * including label names the gateway would refuse.
 */
export function resolvePushParams(params: unknown): ResolvedParams {
  const result = pushSchema.safeParse(params, { error: describeIssue });
  if (!result.success) throw invalidOptionsError('push parameters', toOptionIssues(result.error, ''));
  const { job, grouping, signal, metrics, ttl } = result.data;
  return { groupingPath: groupingPathOf(job, grouping), signal, push: { metrics, ttl } };
}

/** Validates the parameters of `delete`, like {@link resolvePushParams}. */
export function resolveDeleteParams(params: unknown): ResolvedParams {
  const result = deleteSchema.safeParse(params, { error: describeIssue });
  if (!result.success) throw invalidOptionsError('delete parameters', toOptionIssues(result.error, ''));
  const { job, grouping, signal } = result.data;
  return { groupingPath: groupingPathOf(job, grouping), signal, push: undefined };
}
