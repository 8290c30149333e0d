// The public surface of @pushgate/client: named re-exports only.
export type { BasicAuth } from './basic-auth.js';
export type { FetchFunction, PushgatewayOptions } from './client-options.js';
export type { PromClientRegistryLike } from './prom-client-registry.js';
export { familiesFromRegistry } from './prom-client-registry.js';
export type { DeleteParams, GroupParams, PushParams } from './push-params.js';
export { Pushgateway } from './pushgateway.js';
export type { OptionIssue, PushgatewayErrorCode, PushgatewayErrorDetails } from './pushgateway-error.js';
export { isPushgatewayError, PushgatewayError } from './pushgateway-error.js';
export type { Metrics } from './request-body.js';
export type { RetryPolicy } from './retry-policy.js';
export type { PushResponse } from './send-request.js';
export type { GroupTtl } from './ttl.js';
export { TTL_HEADER } from './ttl.js';
