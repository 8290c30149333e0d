/**
 * The Koa app alone (createApp) on a 127.0.0.1 listener, for tests that need
 * settings no flag exposes, such as small body limits.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AppConfig, createApp } from '../../src/app.js';
import { DEFAULT_BODY_LIMITS } from '../../src/body/body-limits.js';
import { createLogger } from '../../src/logging/logger.js';
import { createOwnMetrics } from '../../src/own-metrics/own-metrics.js';
import { createExposition } from '../../src/render/exposition.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { readBuildInfo } from '../../src/version.js';

export interface TestApp {
  readonly base: string;
  close(): Promise<void>;
}

/** Serves createApp with the default configuration overridden by `config`. */
export async function startTestApp(config: Partial<AppConfig> = {}): Promise<TestApp> {
  const build = readBuildInfo();
  const ownMetrics = await createOwnMetrics(build);
  const store = createMemoryStore({ consistencyCheck: true, ownFamilies: ownMetrics.definitions });
  const app = createApp({
    config: {
      routePrefix: '',
      telemetryPath: '/metrics',
      enableLifecycle: false,
      enableAdminApi: false,
      consistencyCheck: true,
      nameValidation: 'legacy',
      bodyLimits: DEFAULT_BODY_LIMITS,
      defaultGroupTtlMs: 0,
      maxGroupTtlMs: 0,
      uiBasePath: '',
      storeKind: 'memory',
      ...config,
    },
    store,
    exposition: createExposition(store),
    ownMetrics,
    logger: createLogger({ level: 'error', format: 'logfmt', destination: { write: () => {} } }),
    status: { build, flags: {}, startTimeMs: Date.now() },
    requestShutdown: () => {},
  });
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
