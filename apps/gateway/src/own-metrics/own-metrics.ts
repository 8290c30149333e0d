/**
 * The gateway's own metrics, exposed on the telemetry path next to the
 * pushed ones: prom-client's process and Node.js metrics, plus the
 * `pushgateway_*` metrics of the Go pushgateway with the same names, types,
 * labels and HELP texts, so its dashboards and alerts keep working.
 */
import type { MetricFamily } from '@pushgate/protocol';
import { Counter, collectDefaultMetrics, Gauge, Registry, Summary } from 'prom-client';
import type { OwnFamily } from '../storage/store.js';
import type { BuildInfo } from '../version.js';
import { memoisedCollection } from './memoised-collection.js';
import { modelType, type PromClientMetric, toMetricFamilies } from './prom-client-families.js';

/** The gateway's own metrics: their definitions, current values, and the recorders the HTTP layer calls. */
export interface OwnMetrics {
  /**
   * Every own family by name with its type and HELP, known from the start
   * (including families with no samples yet), for the store's consistency
   * check.
   */
  readonly definitions: ReadonlyMap<string, OwnFamily>;
  /** The current samples of every own family (families without samples included). */
  families(): Promise<MetricFamily[]>;
  /** Counts one answered request of an instrumented handler. */
  countRequest(handler: string, method: string, code: number): void;
  /** Records the duration and approximate size of one push. */
  observePush(method: string, durationSeconds: number, sizeBytes: number): void;
  /** Counts one group removed because its TTL ran out. */
  countExpiredGroup(): void;
  /** Records what a persistent store had to set aside as damaged when it loaded. */
  recordRecovery(recovery: { readonly filesSetAside: number; readonly droppedBytes: number }): void;
  /**
   * Where `pushgate_store_staleness_seconds` comes from: how old the state a
   * replicated store serves is (0 when current). Unset: always 0.
   */
  setStalenessSource(seconds: () => number): void;
}

// The Go pushgateway's summaries: quantiles 0.1/0.5/0.9 over the last 10 minutes.
const PUSH_SUMMARY = { percentiles: [0.1, 0.5, 0.9], maxAgeSeconds: 600, ageBuckets: 5 };
/**
 * How long the push summaries' quantiles are reused while no push comes
 * in. Their window moves on every 2 minutes (600 s in 5 buckets), so a
 * scrape sees that change at most this late; a push is seen at once.
 */
const PUSH_SUMMARY_REUSE_MS = 1000;

/**
 * Creates a fresh registry with the default process/Node.js collectors and
 * the `pushgateway_*` metrics; `pushgateway_build_info` is set from `build`.
 */
export async function createOwnMetrics(build: BuildInfo): Promise<OwnMetrics> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // The push summaries have a registry of their own, so that they can be collected apart (see below).
  const pushRegistry = new Registry();

  const buildInfo = new Gauge({
    name: 'pushgateway_build_info',
    help: "A metric with a constant '1' value labeled by version, revision, branch, goversion from which pushgateway was built, and the goos and goarch for the build.",
    labelNames: ['branch', 'goarch', 'goos', 'goversion', 'revision', 'version'],
    registers: [registry],
  });
  buildInfo.set(
    {
      branch: build.branch,
      goarch: build.arch,
      goos: build.os,
      goversion: build.runtimeVersion,
      revision: build.revision,
      version: build.version,
    },
    1,
  );
  const requests = new Counter({
    name: 'pushgateway_http_requests_total',
    help: 'Total HTTP requests processed by the Pushgateway, excluding scrapes.',
    labelNames: ['code', 'handler', 'method'],
    registers: [registry],
  });
  const pushDuration = new Summary({
    name: 'pushgateway_http_push_duration_seconds',
    help: 'HTTP request duration for pushes to the Pushgateway.',
    labelNames: ['method'],
    registers: [pushRegistry],
    ...PUSH_SUMMARY,
  });
  const pushSize = new Summary({
    name: 'pushgateway_http_push_size_bytes',
    help: 'HTTP request size for pushes to the Pushgateway.',
    labelNames: ['method'],
    registers: [pushRegistry],
    ...PUSH_SUMMARY,
  });

  // Pushgate's own additions; none of them exists in the Go pushgateway.
  const expiredGroups = new Counter({
    name: 'pushgate_expired_groups_total',
    help: 'Groups deleted because their TTL (--push.group-ttl or Pushgate-TTL) ran out.',
    registers: [registry],
  });
  const recoveryFiles = new Gauge({
    name: 'pushgate_persistence_recovery_files_set_aside',
    help: 'Damaged persistence files renamed aside when the gateway loaded its state at start.',
    registers: [registry],
  });
  const recoveryBytes = new Gauge({
    name: 'pushgate_persistence_recovery_dropped_bytes',
    help: 'Bytes of damaged persistence data that could not be loaded at start (kept in the files set aside).',
    registers: [registry],
  });
  let staleness: () => number = () => 0;
  new Gauge({
    name: 'pushgate_store_staleness_seconds',
    help: 'How old the state this replica serves is, when its store cannot be reached (0 = current).',
    registers: [registry],
    collect() {
      this.set(staleness());
    },
  });

  const collect = async (from: Registry) => (await from.getMetricsAsJSON()) as unknown as PromClientMetric[];
  const pushSummaries = memoisedCollection(() => collect(pushRegistry), PUSH_SUMMARY_REUSE_MS);
  const snapshot = async () => [...(await collect(registry)), ...(await pushSummaries.get())];
  const definitions = new Map<string, OwnFamily>(
    (await snapshot()).map((metric) => [metric.name, { type: modelType(metric.type), help: metric.help }]),
  );

  return {
    definitions,
    families: async () => toMetricFamilies(await snapshot()),
    countRequest: (handler, method, code) => {
      requests.inc({ code: String(code), handler, method: method.toLowerCase() });
    },
    observePush: (method, durationSeconds, sizeBytes) => {
      const labels = { method: method.toLowerCase() };
      pushDuration.observe(labels, durationSeconds);
      pushSize.observe(labels, sizeBytes);
      pushSummaries.invalidate();
    },
    countExpiredGroup: () => expiredGroups.inc(),
    recordRecovery: ({ filesSetAside, droppedBytes }) => {
      recoveryFiles.set(filesSetAside);
      recoveryBytes.set(droppedBytes);
    },
    setStalenessSource: (seconds) => {
      staleness = seconds;
    },
  };
}
