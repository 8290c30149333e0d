/**
 * Starting and stopping the gateway process: flags → logger, own metrics,
 * store, app → HTTP listeners; and the graceful shutdown (stop accepting,
 * let in-flight requests finish, close the store) that SIGTERM, SIGINT and
 * `/-/quit` trigger.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AppConfig, createApp } from './app.js';
import { DEFAULT_BODY_LIMITS } from './body/body-limits.js';
import { GroupExpiry } from './expiry/group-expiry.js';
import { parseExternalUrl } from './flags/external-url.js';
import { formatListenAddress, type ListenAddress, parseListenAddress } from './flags/listen-address.js';
import { computeRoutePrefix } from './flags/route-prefix.js';
import type { GatewayFlags } from './flags/schema.js';
import { statusFlags } from './flags/status-flags.js';
import { createLogger, type LogDestination, type Logger } from './logging/logger.js';
import { createOwnMetrics } from './own-metrics/own-metrics.js';
import { createExposition } from './render/exposition.js';
import { openStore, StoreSetupError } from './storage/open-store.js';
import type { MetricStore } from './storage/store.js';
import { readBuildInfo } from './version.js';

/** Why the gateway could not start. */
export type StartErrorCode =
  /** A flag asks for something this version cannot do yet. */
  | 'unsupported'
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
 * @throws {StartError} `unsupported` for `--web.config.file` (not
 *   implemented yet: refusing is safer than silently running without TLS);
 *   `store_failed` when the store cannot be opened; `listen_failed` when an address
 *   cannot be bound (unlike Go, which then exits 0). Nothing is left running.
 */
export async function startGateway(flags: GatewayFlags, options: StartOptions = {}): Promise<RunningGateway> {
  refuseUnsupported(flags);
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
  }).catch((error: unknown) => {
    if (error instanceof StoreSetupError) throw new StartError('store_failed', error.message);
    throw error;
  });
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
    bodyLimits: DEFAULT_BODY_LIMITS,
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
  });

  const handler = app.callback();
  const addresses: AddressInfo[] = [];
  try {
    for (const target of targets) {
      const server = createServer(handler);
      servers.push(server);
      const bound = await listen(server, target);
      addresses.push(bound);
      logger.info({ address: formatListenAddress(bound.address, bound.port) }, 'Listening on');
    }
  } catch (error) {
    await Promise.all(servers.map(stopServer));
    await expiry.stop();
    await store.close();
    throw error;
  }
  return { addresses, logger, store, close, closed };
}

function refuseUnsupported(flags: GatewayFlags): void {
  if (flags['web.config.file'] !== '') {
    throw new StartError(
      'unsupported',
      '--web.config.file (TLS, basic auth) is not supported yet; terminate TLS in a reverse proxy for now',
    );
  }
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
