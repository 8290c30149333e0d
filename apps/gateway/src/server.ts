/**
 * Starting and stopping the gateway process: flags → logger, own metrics,
 * store, web config, app → HTTP or HTTPS listeners with header and request
 * timeouts; and the graceful shutdown (stop accepting, let in-flight
 * requests finish, close the store) that SIGTERM, SIGINT and `/-/quit`
 * trigger.
 */
import { createServer, type RequestListener, type Server, type ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AppConfig, createApp } from './app.js';
import { GroupExpiry } from './expiry/group-expiry.js';
import { parseExternalUrl } from './flags/external-url.js';
import { formatListenAddress, type ListenAddress, parseListenAddress } from './flags/listen-address.js';
import { computeRoutePrefix } from './flags/route-prefix.js';
import type { GatewayFlags } from './flags/schema.js';
import { statusFlags } from './flags/status-flags.js';
import { createLogger, type LogDestination, type Logger } from './logging/logger.js';
import { createOwnMetrics } from './own-metrics/own-metrics.js';
import { createExposition } from './render/exposition.js';
import { createTlsServer } from './security/tls-server.js';
import type { WebSecurity } from './security/web-security.js';
import { openStore, StoreSetupError } from './storage/open-store.js';
import { freshnessOf } from './storage/redis/store-freshness.js';
import type { MetricStore } from './storage/store.js';
import { readBuildInfo } from './version.js';

/** Why the gateway could not start. */
export type StartErrorCode =
  /** `--web.config.file` cannot be read, parsed or applied (TLS files, password hashes). */
  | 'web_config_invalid'
  /** The store cannot be opened (persistence file unusable, Redis flags contradicting each other, ...). */
  | 'store_failed'
  /** A listen address could not be bound (in use, not permitted, unknown host, ...). */
  | 'listen_failed';

export class StartError extends Error {
  override readonly name = 'StartError';
  readonly code: StartErrorCode;
  constructor(code: StartErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export interface StartOptions {
  /** Where log lines go; stderr when absent. */
  readonly logDestination?: LogDestination;
  /** The process environment, for systemd socket activation; `process.env` when absent. */
  readonly env?: NodeJS.ProcessEnv;
  /** The clock for push times, in milliseconds since the epoch; the wall clock when absent. */
  readonly now?: () => number;
}

/** A started gateway. */
export interface RunningGateway {
  /** The addresses actually bound (port 0 resolved), in flag order. */
  readonly addresses: readonly AddressInfo[];
  readonly logger: Logger;
  readonly store: MetricStore;
  /**
   * Shuts down gracefully: stops accepting connections, waits for in-flight
   * requests, closes idle keep-alive connections, then closes the store.
   * Idempotent; resolves when done.
   */
  close(): Promise<void>;
  /** Settles when the gateway has shut down, whether by {@link close} or by `/-/quit`. */
  readonly closed: Promise<void>;
}

/**
 * Starts a gateway as the flags describe and resolves once every listener
 * is bound.
 *
 * @throws {StartError} `web_config_invalid` when `--web.config.file` is
 *   unusable (unlike Go, which then exits 0 without serving);
 *   `store_failed` when the store cannot be opened; `listen_failed` when an address
 *   cannot be bound (unlike Go, which then exits 0). Nothing is left running.
 */
export async function startGateway(flags: GatewayFlags, options: StartOptions = {}): Promise<RunningGateway> {
  const security = await loadSecurity(flags['web.config.file']);
  const targets = listenTargets(flags, options.env ?? process.env);
  const logger = createLogger({
    level: flags['log.level'],
    format: flags['log.format'],
    ...(options.logDestination === undefined ? {} : { destination: options.logDestination }),
  });
  const build = readBuildInfo();
  logger.info({ version: build.version }, 'starting pushgate');
  logger.info(
    { build_context: `(node=${build.runtimeVersion}, platform=${build.os}/${build.arch})` },
    'Build context',
  );

  const externalUrl = parseExternalUrl(flags['web.external-url']);
  const externalPath = 'path' in externalUrl ? externalUrl.path : '';
  const routePrefix = computeRoutePrefix(flags['web.route-prefix'], externalPath);
  logger.debug({ url: flags['web.external-url'], prefix: routePrefix }, 'external URL');

  const ownMetrics = await createOwnMetrics(build);
  const nameValidation = flags['push.enable-utf8-names'] ? 'utf8' : 'legacy';
  const consistencyCheck = !flags['push.disable-consistency-check'];
  const { store, kind: storeKind } = await openStore(flags, {
    consistencyCheck,
    ownFamilies: ownMetrics.definitions,
    nameValidation,
    logger,
    maxGroups: flags['push.max-groups'],
    onRecovery: (recovery) => ownMetrics.recordRecovery(recovery),
  }).catch((error: unknown) => {
    if (error instanceof StoreSetupError) throw new StartError('store_failed', error.message);
    throw error;
  });
  const freshness = freshnessOf(store);
  if (freshness) ownMetrics.setStalenessSource(() => freshness.stalenessSeconds());
  const expiry = new GroupExpiry({
    store,
    defaultTtlMs: Number(flags['push.group-ttl'] / 1_000_000n),
    logger,
    onExpired: () => ownMetrics.countExpiredGroup(),
  });
  expiry.start();
  const config: AppConfig = {
    routePrefix,
    telemetryPath: flags['web.telemetry-path'],
    enableLifecycle: flags['web.enable-lifecycle'],
    enableAdminApi: flags['web.enable-admin-api'],
    consistencyCheck,
    nameValidation,
    bodyLimits: {
      maxBodyBytes: flags['push.max-body-bytes'],
      maxDecodedBytes: flags['push.max-decoded-bytes'],
    },
    pushLimits: {
      maxSeries: flags['push.max-series'],
      maxLabels: flags['push.max-labels'],
      maxLabelLength: flags['push.max-label-length'],
    },
    defaultGroupTtlMs: Number(flags['push.group-ttl'] / 1_000_000n),
    maxGroupTtlMs: Number(flags['push.max-group-ttl'] / 1_000_000n),
    uiBasePath: externalPath === '' ? routePrefix : externalPath.replace(/\/+$/, ''),
    storeKind,
  };

  let shutdown: Promise<void> | undefined;
  const servers: Server[] = [];
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const close = (): Promise<void> => {
    shutdown ??= (async () => {
      await Promise.all(servers.map(stopServer));
      await expiry.stop();
      await store.close();
      logger.info('HTTP server stopped');
      resolveClosed();
    })();
    return shutdown;
  };

  const app = createApp({
    config,
    store,
    exposition: createExposition(store),
    ownMetrics,
    logger,
    status: { build, flags: statusFlags(flags, routePrefix), startTimeMs: options.now?.() ?? Date.now() },
    requestShutdown: () => {
      void close();
    },
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(security === undefined ? {} : { webConfig: security }),
  });

  const handler = app.callback();
  const timeouts = httpTimeouts(flags);
  const addresses: AddressInfo[] = [];
  try {
    for (const target of targets) {
      const server = createListener(handler, timeouts, security, logger);
      servers.push(server);
      const bound = await listen(server, target);
      addresses.push(bound);
      const address = formatListenAddress(bound.address, bound.port);
      logger.info({ address }, 'Listening on');
      if (security?.tls !== undefined) logger.info({ http2: security.http2, address }, 'TLS is enabled.');
      else if (security !== undefined) logger.info({ http2: false, address }, 'TLS is disabled.');
    }
  } catch (error) {
    await Promise.all(servers.map(stopServer));
    await expiry.stop();
    await store.close();
    throw error;
  }
  return { addresses, logger, store, close, closed };
}

/** The web config of `--web.config.file`, checked; `undefined` when the flag is empty. */
async function loadSecurity(path: string): Promise<WebSecurity | undefined> {
  if (path === '') return undefined;
  // Loaded only when asked for: the YAML parser and bcrypt add about 4 MB to every gateway.
  const { loadWebSecurity } = await import('./security/web-security.js');
  const loaded = loadWebSecurity(path);
  if ('security' in loaded) return loaded.security;
  const { file, line } = loaded.error.location;
  const where = line === undefined ? file : `${file}:${line}`;
  throw new StartError('web_config_invalid', `--web.config.file=${where}: ${loaded.error.message}`);
}

type HttpTimeouts = Pick<ServerOptions, 'headersTimeout' | 'requestTimeout' | 'connectionsCheckingInterval'>;

/**
 * `--web.read-header-timeout` and `--web.read-timeout` as Node's server
 * options (0 = no limit). Node checks its connections for them
 * periodically; the check runs often enough to keep them within about a
 * quarter of the shorter one (at least every second).
 */
function httpTimeouts(flags: GatewayFlags): HttpTimeouts & { readonly handshakeTimeoutMs: number } {
  const requestTimeout = Number(flags['web.read-timeout'] / 1_000_000n);
  let headersTimeout = Number(flags['web.read-header-timeout'] / 1_000_000n);
  // Node requires the header timeout not to exceed the whole-request one.
  if (requestTimeout > 0 && (headersTimeout === 0 || headersTimeout > requestTimeout)) {
    headersTimeout = requestTimeout;
  }
  const shortest = Math.min(...[headersTimeout, requestTimeout].filter((ms) => ms > 0), 4000);
  return {
    headersTimeout,
    requestTimeout,
    connectionsCheckingInterval: Math.max(10, Math.floor(shortest / 4)),
    handshakeTimeoutMs: headersTimeout,
  };
}

/** A listener serving `handler`: HTTPS when the web config enables TLS, HTTP otherwise. */
function createListener(
  handler: RequestListener,
  timeouts: ReturnType<typeof httpTimeouts>,
  security: WebSecurity | undefined,
  logger: Logger,
): Server {
  const { handshakeTimeoutMs, ...http } = timeouts;
  if (security?.tls === undefined) return createServer(http, handler);
  return createTlsServer({
    initial: security.tls,
    source: security.source,
    handler,
    http,
    handshakeTimeoutMs,
    logger,
  });
}

/** Where to listen: the addresses of the flags, or the sockets systemd passed in. */
type ListenTarget = { readonly address: ListenAddress; readonly text: string } | { readonly fd: number };

function listenTargets(flags: GatewayFlags, env: NodeJS.ProcessEnv): ListenTarget[] {
  if (flags['web.systemd-socket']) {
    const count = Number(env.LISTEN_FDS);
    if (env.LISTEN_PID !== String(process.pid) || !Number.isInteger(count) || count < 1) {
      throw new StartError('listen_failed', 'no sockets were passed by systemd (LISTEN_PID/LISTEN_FDS)');
    }
    // systemd passes its sockets from file descriptor 3 on.
    return Array.from({ length: count }, (_, i) => ({ fd: 3 + i }));
  }
  return flags['web.listen-address'].map((text) => {
    const parsed = parseListenAddress(text);
    if ('error' in parsed) throw new StartError('listen_failed', `listen tcp: ${parsed.error}`);
    return { address: parsed.address, text };
  });
}

/** Binds `server`; rejects with a Go-worded {@link StartError} when the address cannot be used. */
function listen(server: Server, target: ListenTarget): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const where = 'fd' in target ? `fd ${target.fd}` : `tcp ${target.text}`;
      reject(new StartError('listen_failed', `listen ${where}: ${describeListenError(error)}`));
    };
    server.once('error', onError);
    const onListening = () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    };
    if ('fd' in target) server.listen({ fd: target.fd }, onListening);
    else if (target.address.host === '') server.listen(target.address.port, onListening);
    else server.listen(target.address.port, target.address.host, onListening);
  });
}

function describeListenError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return 'bind: address already in use';
    case 'EACCES':
      return 'bind: permission denied';
    case 'EADDRNOTAVAIL':
      return 'bind: cannot assign requested address';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `lookup ${(error as { hostname?: string }).hostname ?? 'host'}: no such host`;
    default:
      return error.message;
  }
}

/**
 * Stops accepting connections and resolves once every connection is gone:
 * idle keep-alive connections are closed at once, busy ones as soon as their
 * response is done.
 */
function stopServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.on('request', (_request, response) => {
      response.shouldKeepAlive = false;
    });
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}
