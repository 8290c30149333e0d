import type { MetricFamily, NameValidation } from '@pushgate/protocol';
import type { Redis } from 'ioredis';
import type { Logger } from '../../logging/logger.js';
import type { AppliedChange } from '../journal.js';
import { createMemoryStore } from '../memory-store.js';
import type {
  GroupingLabels,
  GroupSnapshot,
  GroupTimes,
  MergedFamily,
  MetricStore,
  OwnFamily,
  WriteRequest,
} from '../store.js';
import { StoreError } from '../store.js';
import { ChangeFeed } from './change-feed.js';
import { LocalMirror } from './local-mirror.js';
import { isWellFormedKey, type ProblemRef, type PushPlanContext, planPush, refusal } from './push-plan.js';
import { createRedisClient } from './redis-connection.js';
import { RedisDataError } from './redis-data-error.js';
import { groupKeyOf } from './redis-keys.js';
import { describeRedisTarget, type RedisTarget } from './redis-url.js';
import type { StoreFreshness } from './store-freshness.js';
import { loadScripts, runScript, type ScriptName } from './store-scripts.js';

/** Where push times come from. */
export type PushClock =
  /**
   * Redis's clock (`TIME`, read inside the scripts): one clock for every
   * replica, whatever their own clocks say, and push times that never go
   * back within the order changes were applied. The default.
   */
  | 'redis'
  /** The time each request was received (`WriteRequest.timestampMs`), as the memory store does. */
  | 'request';

/** Bounds of the change log in Redis; the oldest changes beyond either are trimmed. */
export interface ChangeLogLimits {
  readonly maxEntries: number;
  readonly maxBytes: number;
}

export interface RedisStoreOptions {
  readonly target: RedisTarget;
  /** `--redis.key-prefix`: the start of every key. */
  readonly keyPrefix: string;
  readonly consistencyCheck: boolean;
  readonly ownFamilies: ReadonlyMap<string, OwnFamily>;
  readonly nameValidation?: NameValidation;
  /**
   * The most groups the store holds (`--push.max-groups`), counted in Redis
   * across replicas; a push that would create one more is refused as
   * `too_many_groups`. 0 or absent: no bound.
   */
  readonly maxGroups?: number;
  /** Default `redis`. */
  readonly clock?: PushClock;
  /**
   * Default 10,000 changes and 64 MiB: a replica that falls further behind
   * (a long pause, a network partition) loads a snapshot instead.
   */
  readonly changeLog?: ChangeLogLimits;
  /** How long one change may take in Redis before the write fails (503). Default 5 s. */
  readonly timeoutMs?: number;
  /** How long opening may wait for Redis before giving up. Default 10 s. */
  readonly startTimeoutMs?: number;
  /** How long the change feed's blocking reads last before checking the data set. Default 2 s. */
  readonly blockMs?: number;
  readonly logger?: Logger;
  /** The clock for staleness, in milliseconds since the epoch; the wall clock when absent. */
  readonly now?: () => number;
}

/** The Redis store: a {@link MetricStore} whose reads can be brought up to date ({@link StoreFreshness}). */
export interface RedisStore extends MetricStore, StoreFreshness {}

const DEFAULT_CHANGE_LOG: ChangeLogLimits = { maxEntries: 10_000, maxBytes: 64 * 1024 * 1024 };

/**
 * Opens the store kept in Redis, shared by any number of gateway replicas
 * that act as one gateway:
 *
 * - every change runs as one Lua script (`lua/`), so it is atomic, and all
 *   changes are totally ordered by Redis; the consistency check runs in the
 *   same script against indexes in Redis (family name → types, series →
 *   group), so it holds across replicas at a cost that grows with the push;
 * - reads are served from a local mirror kept up to date by the change feed
 *   (`change-feed.ts`); a write resolves only once this replica's mirror has
 *   it, and `catchUp` brings the mirror up to date before a read;
 * - when Redis is unreachable, writes fail at once as `unavailable`,
 *   `health()` says why, reads serve the last known state and
 *   `stalenessSeconds()` says how old it is; everything resumes by itself
 *   when Redis is back.
 *
 * Resolves once the mirror holds the store.
 *
 * @throws {StoreError} `unavailable` when Redis cannot be reached within `startTimeoutMs`.
 */
export async function openRedisStore(options: RedisStoreOptions): Promise<RedisStore> {
  const store = new RedisBackedStore(options);
  await store.start(options.startTimeoutMs ?? 10_000);
  return store;
}

/** The script's answer to a push. */
interface PushReply {
  /** `full`: refused for `--push.max-groups`, `refs` then holds the number of groups. */
  readonly outcome: 'ok' | 'refused' | 'full';
  readonly gen: number;
  readonly time: string;
  readonly epoch: string;
  readonly refs: readonly ProblemRef[];
}

class RedisBackedStore implements RedisStore {
  private readonly commands: Redis;
  private readonly follower: Redis;
  private readonly mirror: LocalMirror;
  private readonly feed: ChangeFeed;
  private readonly prefix: string;
  private readonly where: string;
  private readonly clock: PushClock;
  private readonly limits: ChangeLogLimits;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly planContext: PushPlanContext;
  private lastError: string | undefined;
  private connected = false;
  private closed = false;

  constructor(private readonly options: RedisStoreOptions) {
    this.prefix = options.keyPrefix;
    this.where = describeRedisTarget(options.target);
    this.clock = options.clock ?? 'redis';
    this.limits = options.changeLog ?? DEFAULT_CHANGE_LOG;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.now = options.now ?? Date.now;
    this.planContext = {
      consistencyCheck: options.consistencyCheck,
      ownFamilies: options.ownFamilies,
      validation: options.nameValidation ?? 'legacy',
      maxGroups: options.maxGroups ?? 0,
    };
    const blockMs = options.blockMs ?? 2000;
    this.commands = createRedisClient(options.target, { role: 'commands', timeoutMs: this.timeoutMs });
    this.follower = createRedisClient(options.target, {
      role: 'follower',
      timeoutMs: blockMs + this.timeoutMs,
    });
    this.watchConnection();
    this.mirror = new LocalMirror(() =>
      createMemoryStore({
        consistencyCheck: false,
        ownFamilies: options.ownFamilies,
        ...(options.nameValidation === undefined ? {} : { nameValidation: options.nameValidation }),
      }),
    );
    this.feed = new ChangeFeed({
      follower: this.follower,
      commands: this.commands,
      prefix: this.prefix,
      mirror: this.mirror,
      logger: options.logger,
      blockMs,
      now: this.now,
    });
  }

  /** Connects and loads the mirror; see {@link openRedisStore}. */
  async start(timeoutMs: number): Promise<void> {
    this.commands.connect().catch(() => undefined);
    const ready = new Promise<void>((resolve) => {
      if (this.commands.status === 'ready') resolve();
      else this.commands.once('ready', () => resolve());
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([Promise.all([this.feed.start(), ready]), timedOut]).catch(
      (error: unknown) => error,
    );
    clearTimeout(timer);
    if (Array.isArray(outcome)) return;
    const reason = outcome === 'timeout' ? (this.lastError ?? 'no answer') : String(outcome);
    await this.close();
    throw new StoreError(
      'unavailable',
      `could not load the store from Redis at ${this.where} within ${timeoutMs / 1000}s: ${reason}`,
    );
  }

  async write(request: WriteRequest): Promise<void> {
    this.refuseWhenClosed();
    if (request.families === undefined) {
      await this.deleteGroup(request);
      return;
    }
    const plan = planPush(request, this.planContext);
    if ('refusal' in plan) throw plan.refusal;
    const reply = pushReplyOf(
      await this.run('push', [
        this.prefix,
        plan.groupKey,
        plan.header(this.limits.maxEntries, this.limits.maxBytes),
        this.timeArgument(request.timestampMs),
        ...plan.familyArgs,
      ]),
    );
    const { labels } = request;
    const timestampMs = Number(reply.time);
    if (reply.outcome === 'full') {
      throw new StoreError(
        'too_many_groups',
        `the gateway holds ${Number(reply.refs[0]?.[0])} groups, the most --push.max-groups allows: a push may not create another`,
      );
    }
    if (reply.gen > 0) {
      await this.settle(
        reply.epoch,
        reply.gen,
        reply.outcome === 'ok'
          ? { kind: 'write', request: storedPush(request, plan.families, timestampMs) }
          : { kind: 'failure', labels, timestampMs },
      );
    }
    if (reply.outcome === 'refused') throw refusal(plan.problems(reply.refs, timestampMs));
  }

  async wipe(): Promise<void> {
    this.refuseWhenClosed();
    const [gen, epoch] = tupleOf(
      await this.run('wipe', [this.prefix, String(this.limits.maxEntries), String(this.limits.maxBytes)]),
      2,
    );
    if (Number(gen) > 0) await this.settle(String(epoch), Number(gen), { kind: 'wipe' });
  }

  async expire(labels: GroupingLabels, notWrittenSinceSeconds: number): Promise<boolean> {
    this.refuseWhenClosed();
    if (!isWellFormedKey(labels)) return false;
    return this.removeGroup(labels, String(notWrittenSinceSeconds), this.now(), true);
  }

  groups(): Iterable<GroupSnapshot> {
    return this.mirror.store.groups();
  }

  expirableGroups(defaultTtlMs: number): Iterable<GroupTimes> {
    return this.mirror.store.expirableGroups(defaultTtlMs);
  }

  merged(): readonly MergedFamily[] {
    return this.mirror.store.merged();
  }

  families(): readonly MetricFamily[] {
    return this.mirror.store.families();
  }

  health(): string | undefined {
    if (this.closed) return 'the store is closed';
    if (this.commands.status !== 'ready') return this.unreachable();
    return this.feed.problem();
  }

  catchUp(): Promise<void> {
    return this.closed ? Promise.resolve() : this.feed.catchUp(this.timeoutMs);
  }

  stalenessSeconds(): number {
    return this.feed.stalenessSeconds();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.feed.stop();
    this.mirror.release();
    // QUIT is answered after the replies to every command sent before it.
    await this.commands.quit().catch(() => this.commands.disconnect());
  }

  private async deleteGroup(request: WriteRequest): Promise<void> {
    if (!isWellFormedKey(request.labels)) return;
    await this.removeGroup(request.labels, '', request.timestampMs, request.replace);
  }

  /** DELETE (`cutoff` '') or expiry of a group; resolves whether this call removed it. */
  private async removeGroup(
    labels: GroupingLabels,
    cutoff: string,
    timestampMs: number,
    replace: boolean,
  ): Promise<boolean> {
    const [gen, time, epoch] = tupleOf(
      await this.run('delete', [
        this.prefix,
        groupKeyOf(labels),
        cutoff,
        this.timeArgument(timestampMs),
        String(this.limits.maxEntries),
        String(this.limits.maxBytes),
      ]),
      3,
    );
    if (Number(gen) === 0) return false;
    await this.settle(String(epoch), Number(gen), {
      kind: 'write',
      request: { labels, timestampMs: Number(time), families: undefined, replace },
    });
    return true;
  }

  /**
   * Waits until this replica's mirror has change `gen` (read-your-writes):
   * applies it at once when it is the next one, otherwise lets the feed
   * bring it, with the changes before it, in order.
   */
  private async settle(epoch: string, gen: number, change: AppliedChange): Promise<void> {
    if (this.mirror.includes(epoch, gen)) return;
    if (!this.feed.reloading() && this.mirror.applyOwn(epoch, gen, change)) return;
    if (this.mirror.epoch !== epoch) this.feed.wantReload();
    if (await this.mirror.whenIncludes(epoch, gen, 50)) return;
    await this.feed.catchUp(this.timeoutMs);
    if (!this.mirror.includes(epoch, gen) && !this.closed) {
      // Applied in Redis, so acknowledged; this replica's reads show it once the feed is back.
      this.options.logger?.warn({ gen }, 'a change applied in Redis has not reached the local copy yet');
    }
  }

  private async run(name: ScriptName, args: readonly (string | Buffer)[]): Promise<unknown> {
    if (this.commands.status !== 'ready') {
      throw new StoreError('unavailable', `${this.unreachable()}; the change was not applied`);
    }
    try {
      return await runScript(this.commands, name, args);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new StoreError(
        'unavailable',
        `Redis at ${this.where} failed the change (${message}); it was applied entirely or not at all, retry it`,
      );
    }
  }

  private timeArgument(timestampMs: number): string {
    return this.clock === 'request' ? String(timestampMs) : '';
  }

  private refuseWhenClosed(): void {
    if (this.closed) throw new StoreError('unavailable', 'the store is closed');
  }

  private unreachable(): string {
    return `Redis at ${this.where} is unreachable${this.lastError === undefined ? '' : ` (${this.lastError})`}`;
  }

  private watchConnection(): void {
    const logger = this.options.logger;
    this.commands.on('error', (error: Error) => {
      this.lastError = error.message;
    });
    this.follower.on('error', (error: Error) => {
      this.lastError = error.message;
    });
    this.commands.on('ready', () => {
      loadScripts(this.commands).catch(() => undefined);
      if (this.connected) return;
      this.connected = true;
      this.lastError = undefined;
      logger?.info({ redis: this.where }, 'connected to Redis');
    });
    this.commands.on('close', () => {
      if (!this.connected || this.closed) return;
      this.connected = false;
      logger?.warn(
        { redis: this.where, err: this.lastError },
        'lost the connection to Redis; pushes are refused until it is back',
      );
    });
  }
}

/** The request as the mirror stores it: the families as sanitised, the push time as applied. */
function storedPush(request: WriteRequest, families: MetricFamily[], timestampMs: number): WriteRequest {
  const { labels, replace, ttlMs } = request;
  return ttlMs === undefined
    ? { labels, timestampMs, families, replace }
    : { labels, timestampMs, families, replace, ttlMs };
}

function pushReplyOf(reply: unknown): PushReply {
  const [kind, gen, time, epoch, refs] = tupleOf(reply, 5);
  if (
    (kind !== 'ok' && kind !== 'refused' && kind !== 'full') ||
    !Array.isArray(refs) ||
    !refs.every(Array.isArray)
  ) {
    throw new RedisDataError('unexpected_reply', `the push script answered ${JSON.stringify(reply)}`);
  }
  return {
    outcome: kind,
    gen: Number(gen),
    time: String(time),
    epoch: String(epoch),
    refs: refs as ProblemRef[],
  };
}

function tupleOf(reply: unknown, length: number): unknown[] {
  if (!Array.isArray(reply) || reply.length !== length) {
    throw new RedisDataError('unexpected_reply', `a script answered ${JSON.stringify(reply)}`);
  }
  return reply;
}
