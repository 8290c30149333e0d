import type { Redis } from 'ioredis';
import type { Logger } from '../../logging/logger.js';
import { decodeLogEntry, generationOf } from './change-entry.js';
import type { LocalMirror } from './local-mirror.js';
import { RedisDataError } from './redis-data-error.js';
import { runScriptForBuffers } from './store-scripts.js';
import { parseSnapshot } from './store-snapshot.js';

export interface ChangeFeedOptions {
  /** The blocking reads of the feed and the snapshots. */
  readonly follower: Redis;
  /** Short reads for catching up on demand (a scrape, a write waiting for its change). */
  readonly commands: Redis;
  readonly prefix: string;
  readonly mirror: LocalMirror;
  readonly logger: Logger | undefined;
  /** How long a blocking read waits for changes before checking that the data set is still the same. */
  readonly blockMs: number;
  /** The clock, in milliseconds since the epoch. */
  readonly now: () => number;
}

/** How long to wait before retrying after Redis failed the feed. */
const RETRY_MS = 100;

/**
 * Keeps a {@link LocalMirror} up to date with Redis. A loop on its own
 * connection blocks on the change log (`XREAD BLOCK` from the mirror's
 * generation), so changes reach the mirror about when their writer hears
 * that they are applied; on start, after any failure (Redis restarted,
 * failed over, unreachable), when the log has been trimmed past the
 * mirror's generation, and when the data set changed (its epoch), it loads
 * a snapshot of the whole store instead. {@link catchUp} brings the mirror
 * up to date on demand with one cheap read when nothing changed.
 */
export class ChangeFeed {
  private readonly log: string;
  private stopped = false;
  private reloadWanted = true;
  private following = false;
  private reloadingNow = false;
  private lastSyncedMs: number;
  private followerId: number | undefined;
  private running: Promise<void> | undefined;
  private firstLoad: { resolve: () => void; reject: (error: Error) => void } | undefined;
  private lastProblem: string | undefined;

  constructor(private readonly options: ChangeFeedOptions) {
    this.log = `${options.prefix}log`;
    this.lastSyncedMs = options.now();
    options.follower.on('ready', () => {
      // A new connection may be to a restarted or failed-over Redis, whose history can differ.
      this.reloadWanted = true;
      this.followerId = undefined;
    });
  }

  /**
   * Starts following; resolves once the mirror holds a first snapshot (the
   * loop keeps trying while Redis is unreachable), rejects if the feed is
   * stopped before.
   */
  start(): Promise<void> {
    const loaded = new Promise<void>((resolve, reject) => {
      this.firstLoad = { resolve, reject };
    });
    // Connected once: the client reconnects by itself whenever the connection is lost.
    this.options.follower.connect().catch(() => undefined);
    this.running = this.loop();
    return loaded;
  }

  /** Stops following; resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.options.follower.disconnect();
    this.firstLoad?.reject(new Error(this.lastProblem ?? 'stopped before the store was loaded'));
    this.firstLoad = undefined;
    await this.running;
  }

  /**
   * How far behind Redis the mirror may be, in seconds: 0 while the feed is
   * being followed, otherwise the time since the mirror was last known to be
   * up to date.
   */
  stalenessSeconds(): number {
    if (this.following) return 0;
    return Math.max(0, this.options.now() - this.lastSyncedMs) / 1000;
  }

  /** Why the feed is not being followed, if it is not. */
  problem(): string | undefined {
    return this.following ? undefined : (this.lastProblem ?? 'the local copy is being loaded from Redis');
  }

  /**
   * Brings the mirror up to date: reads the generation (and the data set's
   * epoch), and when the mirror is behind, the changes it lacks. Waits at
   * most `timeoutMs` for a snapshot when one is needed. Never fails: when
   * Redis cannot be reached the mirror stays as it is.
   */
  async catchUp(timeoutMs: number): Promise<void> {
    const { commands, mirror } = this.options;
    if (this.stopped || commands.status !== 'ready') return;
    try {
      const [epoch, genText] = await commands.mget(
        `${this.options.prefix}epoch`,
        `${this.options.prefix}gen`,
      );
      const gen = Number(genText ?? 0);
      if (typeof epoch !== 'string') {
        // Redis lost its data and nothing was written since: the snapshot will be of an empty store.
        this.wantReload();
        return;
      }
      if (epoch === mirror.epoch && gen === mirror.gen) {
        this.lastSyncedMs = this.options.now();
        return;
      }
      const applied =
        epoch === mirror.epoch &&
        gen > mirror.gen &&
        this.applyEntries(await commands.xrangeBuffer(this.log, `${mirror.gen + 1}-0`, '+'));
      if (!applied) {
        this.wantReload();
        await mirror.whenIncludes(epoch, gen, timeoutMs);
      }
    } catch {
      // Unreachable or failing: the loop notices and reports it; reads go on from the mirror.
    }
  }

  /** Whether the mirror is about to be or being replaced by a snapshot. */
  reloading(): boolean {
    return this.reloadWanted || this.reloadingNow;
  }

  /** Asks the loop for a snapshot, interrupting its blocking read. */
  wantReload(): void {
    this.reloadWanted = true;
    const id = this.followerId;
    if (id !== undefined && this.options.commands.status === 'ready') {
      this.options.commands.client('UNBLOCK', id).catch(() => undefined);
    }
  }

  private async loop(): Promise<void> {
    const { follower, mirror } = this.options;
    while (!this.stopped) {
      try {
        this.followerId ??= Number(await follower.client('ID'));
        if (this.reloadWanted) {
          this.reloadWanted = false;
          await this.reload();
          continue;
        }
        const reply = await follower.xreadBuffer(
          'BLOCK',
          this.options.blockMs,
          'STREAMS',
          this.log,
          `${mirror.gen}-0`,
        );
        if (reply === null) {
          await this.verify();
        } else {
          for (const [, entries] of reply) if (!this.applyEntries(entries)) this.reloadWanted = true;
        }
        this.synced();
      } catch (error) {
        if (this.stopped) break;
        this.failed(error);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
    this.following = false;
  }

  /** Applies entries in order; false when one does not follow the mirror's generation. */
  private applyEntries(entries: readonly [Buffer, Buffer[]][]): boolean {
    const { mirror } = this.options;
    for (const [id, fields] of entries) {
      // Most often the writer's own change, applied when it was acknowledged.
      if (generationOf(id) <= mirror.gen) continue;
      if (mirror.apply(decodeLogEntry(id, fields)) === 'gap') return false;
    }
    return true;
  }

  /** After a quiet blocking read: the data set must be the same and not behind the mirror. */
  private async verify(): Promise<void> {
    const { follower, mirror } = this.options;
    const [epoch, genText] = await follower.mget(`${this.options.prefix}epoch`, `${this.options.prefix}gen`);
    if (epoch !== mirror.epoch || Number(genText ?? 0) < mirror.gen) this.reloadWanted = true;
  }

  private async reload(): Promise<void> {
    this.reloadingNow = true;
    try {
      const reply = await runScriptForBuffers(this.options.follower, 'snapshot', [this.options.prefix]);
      this.options.mirror.load(parseSnapshot(reply));
    } finally {
      this.reloadingNow = false;
    }
    this.synced();
    if (this.firstLoad) {
      this.firstLoad.resolve();
      this.firstLoad = undefined;
    }
  }

  private synced(): void {
    this.lastSyncedMs = this.options.now();
    if (!this.following && this.lastProblem !== undefined) {
      this.options.logger?.info('following the Redis change feed again');
    }
    this.following = true;
    this.lastProblem = undefined;
  }

  private failed(error: unknown): void {
    const message =
      this.options.follower.status === 'ready'
        ? error instanceof Error
          ? error.message
          : String(error)
        : 'the connection to Redis is down';
    if (this.following) {
      // Up to date until this moment: the feed was being followed.
      this.lastSyncedMs = this.options.now();
      this.options.logger?.warn(
        { err: message },
        'lost the Redis change feed; serving the last known state until it is back',
      );
    }
    this.following = false;
    this.lastProblem = `the local copy cannot follow Redis: ${message}`;
    if (error instanceof RedisDataError) this.reloadWanted = true;
  }
}
