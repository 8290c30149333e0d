// The public surface of @pushgate/gateway: named re-exports only.
export type { StatusInfo } from './api/status-json.js';
export { type AppConfig, type AppDependencies, createApp } from './app.js';
export { type BodyLimits, DEFAULT_BODY_LIMITS } from './body/body-limits.js';
export { formatGoDuration, type GoDurationParse, parseGoDuration } from './flags/go-duration.js';
export { type FlagError, type FlagErrorCode, type FlagsParse, parseFlags } from './flags/parse-flags.js';
export { apiPathFor, computeRoutePrefix, telemetryPathFor } from './flags/route-prefix.js';
export {
  describeFlags,
  type FlagDescription,
  type FlagKind,
  type FlagMeta,
  type FlagName,
  flagsSchema,
  type GatewayFlags,
} from './flags/schema.js';
export { statusFlags } from './flags/status-flags.js';
export { helpText, manPage } from './flags/usage.js';
export { HttpError, type HttpErrorCode } from './http/http-error.js';
export {
  createLogger,
  type LogDestination,
  type LogFormat,
  type Logger,
  type LoggerOptions,
  type LogLevel,
} from './logging/logger.js';
export { createOwnMetrics, type OwnMetrics } from './own-metrics/own-metrics.js';
export { createExposition, type Exposition } from './render/exposition.js';
export {
  type RunningGateway,
  StartError,
  type StartErrorCode,
  type StartOptions,
  startGateway,
} from './server.js';
export { createMemoryStore, type MemoryStoreOptions } from './storage/memory-store.js';
export {
  type GroupingLabels,
  type GroupSnapshot,
  type GroupTimes,
  type MetricStore,
  StoreError,
  type StoreErrorCode,
  type WriteRequest,
} from './storage/store.js';
export { type BuildInfo, readBuildInfo, versionText } from './version.js';
