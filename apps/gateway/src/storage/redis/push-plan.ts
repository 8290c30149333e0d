import {
  encodeDelimited,
  isWellFormedUnicode,
  METRIC_TYPES,
  type Metric,
  type MetricFamily,
  type MetricType,
  type NameValidation,
} from '@pushgate/protocol';
import { goQuote } from '../go-quote.js';
import { describeMetric, familyNameProblem, metricProblem, typeMismatch } from '../metric-problems.js';
import { formatProblems } from '../problem-list.js';
import { groupingPairs, groupMetricLabels, sanitiseLabels } from '../sanitise-labels.js';
import type { GroupingLabels, OwnFamily, WriteRequest } from '../store.js';
import { StoreError } from '../store.js';
import { groupIdentity, PUSH_FAILURE_TIME, PUSH_TIME } from '../stored-group.js';
import { groupKeyOf, SERIES_DIGEST_BYTES, seriesDigest, seriesIdKeyOf } from './redis-keys.js';

/** What a push is checked against, besides the store. */
export interface PushPlanContext {
  readonly consistencyCheck: boolean;
  /** `--push.max-groups`: the most groups the store may hold (0 = no bound). */
  readonly maxGroups: number;
  readonly ownFamilies: ReadonlyMap<string, OwnFamily>;
  readonly validation: NameValidation;
}

/**
 * A push prepared for the push script (`lua/push-script.ts`): everything
 * that depends on the push alone is done here, in Node, so that the script
 * only looks up the names and series of the push.
 */
export interface PushPlan {
  readonly groupKey: string;
  /** The script's JSON header, given the change log's limits. */
  header(maxEntries: number, maxBytes: number): string;
  /** The three script arguments of each family, in order. */
  readonly familyArgs: readonly (string | Buffer)[];
  /** The families as they will be stored: sanitised, one per name, without the `push_*` ones. */
  readonly families: MetricFamily[];
  /** Go's messages for the problem references the script answered, the push time being `timeMs`. */
  problems(refs: readonly ProblemRef[], timeMs: number): string[];
}

/** A problem reference of the push script: a kind, then numbers (1-based) or a suffix. */
export type ProblemRef = readonly (string | number)[];

const TIMESTAMPS_REFUSED = 'pushed metrics must not have timestamps';
const OWN_GAUGES: readonly string[] = [PUSH_TIME, PUSH_FAILURE_TIME];
const SUFFIXES = ['_count', '_sum', '_bucket'] as const;
const PROBLEM_FLAG = '1';
const NO_PROBLEM_FLAG = '0';
const NO_DIGEST = Buffer.alloc(SERIES_DIGEST_BYTES);

/** One family as the script's header describes it. */
interface FamilyHeader {
  readonly n: string;
  readonly t: number;
  readonly e: boolean;
  readonly np: boolean;
  readonly op: boolean;
  readonly own: Record<string, number>;
}

/**
 * Prepares a push (a request with families) as the memory store prepares
 * it: families deduplicated by name (the last one counts), the gateway's
 * `push_*` gauges dropped, labels sanitised in place (the store owns the
 * families). A grouping key that is not well-formed UTF-8 cannot name a
 * group, so it is refused here and never reaches Redis.
 */
export function planPush(
  request: WriteRequest,
  context: PushPlanContext,
): PushPlan | { refusal: StoreError } {
  const { labels, timestampMs } = request;
  if (!isWellFormedKey(labels)) {
    return { refusal: refusal(gaugeProblems(labels, timestampMs, context.validation)) };
  }
  const identity = groupIdentity(labels);
  const byName = new Map<string, MetricFamily>();
  for (const family of request.families ?? []) byName.set(family.name, family);
  const timestamps = hasTimestamps(byName.values());
  const families: MetricFamily[] = [];
  if (!timestamps) {
    const grouping = groupingPairs(identity.metricLabels, labels);
    for (const family of byName.values()) {
      if (OWN_GAUGES.includes(family.name)) continue;
      for (const metric of family.metric) sanitiseLabels(metric, grouping);
      families.push(family);
    }
  }

  const headers: FamilyHeader[] = [];
  const familyArgs: (string | Buffer)[] = [];
  const selfProblems: (string | undefined)[][] = [];
  const nameProblems: (string | undefined)[] = [];
  let doomed = timestamps;
  for (const family of families) {
    const empty = family.metric.length === 0;
    const nameProblem = empty ? undefined : familyNameProblem(family.name, context.validation);
    const own = context.ownFamilies.get(family.name);
    const ownMismatch = !empty && nameProblem === undefined && own !== undefined && own.type !== family.type;
    nameProblems.push(nameProblem);
    headers.push({
      n: isWellFormedUnicode(family.name) ? family.name : '',
      t: typeNumber(family.type),
      e: empty,
      np: nameProblem !== undefined,
      op: ownMismatch,
      own: ownTypesAround(family.name, context.ownFamilies),
    });
    const problems: (string | undefined)[] = [];
    selfProblems.push(problems);
    if (nameProblem !== undefined || (ownMismatch && context.consistencyCheck)) {
      doomed = true;
      familyArgs.push('', '', '');
      continue;
    }
    let flags = '';
    const digests = Buffer.allocUnsafe(family.metric.length * SERIES_DIGEST_BYTES);
    family.metric.forEach((metric, m) => {
      const problem = metricProblem(family, metric, context.validation);
      problems.push(problem);
      if (problem === undefined) {
        flags += NO_PROBLEM_FLAG;
        seriesDigest(family.name, metric.label).copy(digests, m * SERIES_DIGEST_BYTES);
      } else {
        doomed = true;
        flags += PROBLEM_FLAG;
        NO_DIGEST.copy(digests, m * SERIES_DIGEST_BYTES);
      }
    });
    familyArgs.push(flags, digests, Buffer.alloc(0));
  }
  // A push that is refused whatever the store holds needs no encoding.
  if (!doomed) {
    families.forEach((family, i) => {
      const encoded = encodeDelimited([family]);
      familyArgs[i * 3 + 2] = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
    });
  }

  const labelsJson = JSON.stringify(labels);
  const sid = seriesIdKeyOf(identity.seriesId);
  const gaugeBad = gaugeProblems(labels, timestampMs, context.validation).length > 0;
  const ttl = request.ttlMs === undefined ? '' : String(request.ttlMs);
  return {
    groupKey: groupKeyOf(labels),
    header: (maxEntries, maxBytes) =>
      JSON.stringify({
        labels: labelsJson,
        sid,
        replace: request.replace,
        ttl,
        check: context.consistencyCheck,
        gaugeBad,
        timestamps,
        maxEntries,
        maxBytes,
        maxGroups: context.maxGroups,
        fams: headers,
      }),
    familyArgs,
    families,
    problems(refs, timeMs) {
      const out: string[] = [];
      for (const ref of refs) {
        const kind = ref[0];
        const family = families[Number(ref[1]) - 1];
        const metric = family?.metric[Number(ref[2]) - 1];
        switch (kind) {
          case 'gauge':
            out.push(...gaugeProblems(labels, timeMs, context.validation));
            break;
          case 'gsid':
            out.push(...gaugeSeriesTaken(labels, timeMs));
            break;
          case 'ts':
            out.push(TIMESTAMPS_REFUSED);
            break;
          case 'name':
            out.push(nameProblems[Number(ref[1]) - 1] ?? unknownRef(ref));
            break;
          case 'own':
            out.push(family ? ownTypeProblem(family, context.ownFamilies) : unknownRef(ref));
            break;
          case 'sfx':
            out.push(family ? suffixProblem(family.name, Number(ref[2]), String(ref[3])) : unknownRef(ref));
            break;
          case 'self':
            out.push(selfProblems[Number(ref[1]) - 1]?.[Number(ref[2]) - 1] ?? unknownRef(ref));
            break;
          case 'type': {
            const type = METRIC_TYPES[Number(ref[3])];
            out.push(family && metric && type ? typeMismatch(family.name, metric, type) : unknownRef(ref));
            break;
          }
          case 'dup':
            out.push(family && metric ? collectedBefore(family.name, metric) : unknownRef(ref));
            break;
          default:
            out.push(unknownRef(ref));
        }
      }
      return out;
    },
  };
}

/** The refusal for `problems`, as the memory store words it. */
export function refusal(problems: readonly string[]): StoreError {
  return new StoreError('inconsistent', formatProblems(problems), problems);
}

/** Whether every name and value of `labels` is a well-formed string (so it has a grouping-key id). */
export function isWellFormedKey(labels: GroupingLabels): boolean {
  for (const [name, value] of Object.entries(labels)) {
    if (!isWellFormedUnicode(name) || !isWellFormedUnicode(value)) return false;
  }
  return true;
}

/** The problems of the `push_*` gauges a new group with these labels would have (invalid labels). */
function gaugeProblems(labels: GroupingLabels, timeMs: number, validation: NameValidation): string[] {
  const problems: string[] = [];
  for (const { name, metric } of groupGauges(labels, timeMs)) {
    const problem = metricProblem({ name, type: 'GAUGE', metric: [metric] }, metric, validation);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}

/** The problems of a new group whose gauges another group's already are (`{job="a"}` and `{job="a",instance=""}`). */
function gaugeSeriesTaken(labels: GroupingLabels, timeMs: number): string[] {
  return groupGauges(labels, timeMs).map(({ name, metric }) => collectedBefore(name, metric));
}

function groupGauges(labels: GroupingLabels, timeMs: number): { name: string; metric: Metric }[] {
  const label = groupMetricLabels(labels);
  return [
    { name: PUSH_TIME, metric: { label, gauge: { value: timeMs / 1000 } } },
    { name: PUSH_FAILURE_TIME, metric: { label, gauge: { value: 0 } } },
  ];
}

function collectedBefore(familyName: string, metric: Metric): string {
  return `${describeMetric(familyName, metric)} was collected before with the same name and label values`;
}

function ownTypeProblem(family: MetricFamily, ownFamilies: ReadonlyMap<string, OwnFamily>): string {
  const own = ownFamilies.get(family.name);
  return `gathered metric family ${family.name} has type ${family.type} but should have ${own?.type ?? family.type}`;
}

/** client_golang's suffix collision messages, by the script's variant number. */
function suffixProblem(name: string, variant: number, suffix: string): string {
  switch (variant) {
    case 1:
      return `collected metric named ${goQuote(name)} collides with previously collected summary named ${goQuote(name.slice(0, -suffix.length))}`;
    case 2:
      return `collected metric named ${goQuote(name)} collides with previously collected histogram named ${goQuote(name.slice(0, -suffix.length))}`;
    case 3:
      return `collected histogram or summary named ${goQuote(name)} collides with previously collected metric named ${goQuote(name + suffix)}`;
    default:
      return `collected histogram named ${goQuote(name)} collides with previously collected metric named ${goQuote(name + suffix)}`;
  }
}

/**
 * The gateway's own family types of the names the check may ask about for a
 * family called `name`: the name itself, the name with each suffix, and the
 * name without the suffix it ends with.
 */
function ownTypesAround(name: string, ownFamilies: ReadonlyMap<string, OwnFamily>): Record<string, number> {
  const candidates = [name, ...SUFFIXES.map((suffix) => name + suffix)];
  for (const suffix of SUFFIXES) if (name.endsWith(suffix)) candidates.push(name.slice(0, -suffix.length));
  const own: Record<string, number> = {};
  for (const candidate of candidates) {
    const family = ownFamilies.get(candidate);
    if (family !== undefined) own[candidate] = typeNumber(family.type);
  }
  return own;
}

function typeNumber(type: MetricType): number {
  return METRIC_TYPES.indexOf(type);
}

function hasTimestamps(families: Iterable<MetricFamily>): boolean {
  for (const family of families) {
    for (const metric of family.metric) if (metric.timestampMs !== undefined) return true;
  }
  return false;
}

/** A reference the script should never answer; shown rather than hidden if it does. */
function unknownRef(ref: ProblemRef): string {
  return `the store reported an unknown problem ${JSON.stringify(ref)}`;
}
