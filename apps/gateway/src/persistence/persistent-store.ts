import { access, constants, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Logger } from '../logging/logger.js';
import { createMemoryStore, type MemoryStore, type MemoryStoreOptions } from '../storage/memory-store.js';
import type {
  GroupingLabels,
  GroupSnapshot,
  GroupTimes,
  MergedFamily,
  MetricStore,
  WriteRequest,
} from '../storage/store.js';
import { decodeChange, encodeChange } from './change-codec.js';
import { encodeGroup, groupChanges } from './group-codec.js';
import { JournalWriter } from './journal-writer.js';
import { PersistenceError } from './persistence-error.js';
import { type Damage, parseRecordFile } from './record-file.js';
import { listSegments } from './segment-files.js';
import { readSnapshot, writeSnapshot } from './snapshot-file.js';

export interface PersistentStoreOptions extends Omit<MemoryStoreOptions, 'journal'> {
  /** `--persistence.file`: the snapshot; journal segments sit beside it. */
  readonly file: string;
  /** `--persistence.interval` in milliseconds: how often the journal is folded into a new snapshot. */
  readonly intervalMs: number;
  /** `--persistence.sync`: fdatasync the journal before acknowledging. */
  readonly sync: boolean;
  readonly logger: Logger;
}

/** What loading found damaged and set aside. */
export interface Recovery {
  readonly filesSetAside: number;
  readonly droppedBytes: number;
}

/**
 * The memory store made durable (docs/persistence.md). Every change is
 * appended to a checksummed journal before its write resolves (group commit:
 * changes arriving together share one write and, with `sync`, one fdatasync);
 * every interval and at shutdown the whole state is written as a snapshot
 * and the journal segments it covers are deleted. At start the snapshot is
 * loaded and the journal replayed; a damaged file is renamed aside (never
 * overwritten), everything intact before the damage is kept, and the log and
 * `recovery` say what was lost.
 */
export class PersistentStore implements MetricStore {
  private constructor(
    private readonly memory: MemoryStore,
    private readonly journal: JournalWriter,
    private readonly options: PersistentStoreOptions,
    readonly recovery: Recovery,
  ) {}

  private timer: NodeJS.Timeout | undefined;
  private compacting: Promise<void> | undefined;
  /** The journal position the last snapshot covered: nothing to do while it has not moved. */
  private snapshotSequence = 0;
  private closing: Promise<void> | undefined;

  /**
   * Loads the state and starts the periodic snapshots.
   *
   * @throws {PersistenceError} when the path is a directory, cannot be
   *   written, or holds a file from a newer Pushgate or not from Pushgate.
   */
  static async open(options: PersistentStoreOptions): Promise<PersistentStore> {
    const { file, logger } = options;
    await checkUsable(file);
    await removeLeftovers(file);
    // Replays below are not journaled; live changes go to the journal opened once they are done.
    let journal: JournalWriter | undefined;
    const memory = createMemoryStore({
      ...options,
      journal: {
        append: (change) =>
          journal ? journal.append(encodeChange(change)) : Promise.reject(new Error('journal not open')),
      },
    });
    let lastSequence = 0;
    let filesSetAside = 0;
    let droppedBytes = 0;
    const setAside = async (path: string, damage: Damage | undefined, size: number) => {
      const aside = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(path, aside);
      filesSetAside++;
      droppedBytes += size - (damage?.offset ?? 0);
      logger.error(
        {
          file: path,
          kept_as: aside,
          at_byte: damage?.offset ?? 0,
          reason: damage?.reason ?? 'after damage',
        },
        'damaged persistence file set aside; everything before the damage was loaded',
      );
    };

    const snapshot = await readSnapshot(file);
    if (snapshot) {
      const [meta, ...groups] = snapshot.bodies;
      if (meta) lastSequence = (JSON.parse(meta.toString('utf8')) as { lastSequence: number }).lastSequence;
      for (const group of groups) for (const change of groupChanges(group)) memory.replay(change);
      if (snapshot.damage) await setAside(file, snapshot.damage, (await stat(file)).size);
    }

    let damaged = false;
    let nextSequence = lastSequence + 1;
    for (const segment of await listSegments(file)) {
      const bytes = await readFile(segment.path);
      if (damaged) {
        await setAside(segment.path, undefined, bytes.length);
        continue;
      }
      const parsed = parseRecordFile(bytes, 'journal', segment.path);
      let damage = parsed.damage;
      for (const body of parsed.bodies) {
        const sequence = Number(body.readBigUInt64BE(0));
        if (sequence <= lastSequence) continue;
        try {
          memory.replay(decodeChange(body.subarray(8)));
        } catch (error) {
          damage = { offset: -1, reason: `unreadable record ${sequence}: ${(error as Error).message}` };
          break;
        }
        nextSequence = sequence + 1;
      }
      if (damage) {
        damaged = true;
        await setAside(segment.path, damage, bytes.length);
      }
    }
    const groups = memory.groupCount();
    logger.info({ file, groups, next_sequence: nextSequence }, 'persisted metrics loaded');

    journal = new JournalWriter(file, nextSequence, options.sync);
    const store = new PersistentStore(memory, journal, options, { filesSetAside, droppedBytes });
    store.snapshotSequence = lastSequence;
    store.timer = setInterval(() => void store.compact(), options.intervalMs);
    store.timer.unref();
    return store;
  }

  write(request: WriteRequest): Promise<void> {
    return this.memory.write(request);
  }

  wipe(): Promise<void> {
    return this.memory.wipe();
  }

  expire(labels: GroupingLabels, notWrittenSinceSeconds: number): Promise<boolean> {
    return this.memory.expire(labels, notWrittenSinceSeconds);
  }

  groups(): Iterable<GroupSnapshot> {
    return this.memory.groups();
  }

  expirableGroups(defaultTtlMs: number): Iterable<GroupTimes> {
    return this.memory.expirableGroups(defaultTtlMs);
  }

  merged(): readonly MergedFamily[] {
    return this.memory.merged();
  }

  families() {
    return this.memory.families();
  }

  health(): string | undefined {
    const failure = this.journal.error;
    if (failure) return `the persistence journal cannot be written: ${failure.message}`;
    return this.memory.health();
  }

  /** Stops the snapshots, writes a last one, and closes the journal. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.timer);
      await this.memory.close();
      await this.compacting;
      await this.compact(true);
      await this.journal.close();
    })();
    return this.closing;
  }

  /**
   * Writes a snapshot of the current state and deletes the journal segments
   * it makes redundant. The state is captured synchronously, so changes made
   * while the snapshot is written go to a new segment and are kept.
   */
  private compact(force = false): Promise<void> {
    const covered = this.journal.next - 1;
    if (this.compacting || (!force && covered === this.snapshotSequence))
      return this.compacting ?? Promise.resolve();
    const bodies = [Buffer.from(JSON.stringify({ lastSequence: covered }))];
    for (const group of this.memory.groups()) bodies.push(Buffer.from(encodeGroup(group)));
    this.journal.rotateAfter(covered);
    this.compacting = (async () => {
      try {
        await writeSnapshot(this.options.file, bodies);
        this.snapshotSequence = covered;
        // Segments that started by then hold nothing later: rotateAfter sent later records to a new one.
        for (const segment of await listSegments(this.options.file)) {
          if (segment.firstSequence <= covered) await rm(segment.path, { force: true });
        }
        this.options.logger.info({ file: this.options.file }, 'metrics persisted');
      } catch (error) {
        this.options.logger.error({ err: (error as Error).message }, 'error persisting metrics');
      } finally {
        this.compacting = undefined;
      }
    })();
    return this.compacting;
  }
}

/** Refuses a path that cannot hold our files, before anything is loaded. */
async function checkUsable(file: string): Promise<void> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new PersistenceError('unwritable', file, `cannot use persistence file ${file}: ${error.message}`);
  });
  if (info?.isDirectory()) {
    throw new PersistenceError('not_a_file', file, `persistence file ${file} is a directory`);
  }
  const dir = dirname(file);
  await mkdir(dir, { recursive: true }).catch(() => {});
  try {
    await access(dir, constants.W_OK);
    const probe = join(dir, `.${basename(file)}.probe-${process.pid}`);
    await rm(probe, { force: true });
    await writeFile(probe, '');
    await rm(probe);
  } catch (error) {
    throw new PersistenceError(
      'unwritable',
      file,
      `cannot write beside persistence file ${file}: ${(error as Error).message}`,
    );
  }
}

/** Temporary snapshot files of a run that crashed while writing one. */
async function removeLeftovers(file: string): Promise<void> {
  const prefix = `${basename(file)}.tmp-`;
  for (const name of await readdir(dirname(file))) {
    if (name.startsWith(prefix)) await rm(join(dirname(file), name), { force: true });
  }
}
