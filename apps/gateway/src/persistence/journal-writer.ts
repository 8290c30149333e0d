import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileHeader, frame } from './record-file.js';
import { segmentPath } from './segment-files.js';

interface PendingRecord {
  sequence: number;
  frame: Buffer;
  resolve: () => void;
  reject: (error: Error) => void;
}

interface Segment {
  firstSequence: number;
  handle: FileHandle;
}

/**
 * The append-only journal, written with group commit: records appended while
 * a write is in flight are written together by the next one (one `writev`, and
 * one `fdatasync` when `sync` is on), so throughput stays close to memory-only
 * while every record is on disk before its promise resolves.
 *
 * The journal is a series of segment files named by their first sequence
 * number. `rotateAfter(n)` makes records after `n` go to a new segment, so
 * that a snapshot taken at `n` lets every older segment be deleted. A segment
 * is never reopened after a restart: a torn tail can only be the last thing in
 * a file.
 */
export class JournalWriter {
  private readonly basePath: string;
  private readonly sync: boolean;
  private nextSequence: number;
  private pending: PendingRecord[] = [];
  private flushing: Promise<void> | undefined;
  private segment: Segment | undefined;
  private rotateAfterSequence: number | undefined;
  private failure: Error | undefined;
  private writtenBatches = 0;

  constructor(basePath: string, firstSequence: number, sync: boolean) {
    this.basePath = basePath;
    this.nextSequence = firstSequence;
    this.sync = sync;
  }

  /** The sequence number the next record will get. */
  get next(): number {
    return this.nextSequence;
  }

  /** How many group commits have been written: each is one write (and one sync). */
  get batches(): number {
    return this.writtenBatches;
  }

  /** The first write error; once set, every append fails with it. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** Queues one record; resolves once it is written (and synced, with `sync`). */
  append(payload: Uint8Array): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const sequence = this.nextSequence++;
    const body = Buffer.allocUnsafe(8 + payload.length);
    body.writeBigUInt64BE(BigInt(sequence), 0);
    body.set(payload, 8);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ sequence, frame: frame(body), resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  /** Records with a sequence above `sequence` go to a new segment. */
  rotateAfter(sequence: number): void {
    this.rotateAfterSequence = sequence;
  }

  /** Resolves when everything appended so far is written. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** Drains and closes the current segment. */
  async close(): Promise<void> {
    await this.drain();
    await this.segment?.handle.close();
    this.segment = undefined;
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        try {
          await this.writeBatch(batch);
          this.writtenBatches++;
          for (const record of batch) record.resolve();
        } catch (error) {
          this.failure = error instanceof Error ? error : new Error(String(error));
          for (const record of [...batch, ...this.pending]) record.reject(this.failure);
          this.pending = [];
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private async writeBatch(batch: PendingRecord[]): Promise<void> {
    let start = 0;
    while (start < batch.length) {
      const first = batch[start]!;
      const boundary = this.rotateAfterSequence;
      const segment = await this.segmentFor(first.sequence);
      // Records up to the rotation boundary stay in this segment; the rest start a new one.
      let end = start;
      while (
        end < batch.length &&
        !(boundary !== undefined && segment.firstSequence <= boundary && batch[end]!.sequence > boundary)
      ) {
        end++;
      }
      if (end === start) {
        await this.closeSegment();
        continue;
      }
      await segment.handle.writev(batch.slice(start, end).map((r) => r.frame));
      if (this.sync) await segment.handle.datasync();
      start = end;
    }
  }

  private async segmentFor(sequence: number): Promise<Segment> {
    if (this.segment) return this.segment;
    const path = segmentPath(this.basePath, sequence);
    // A file of this name can only be an empty segment of a run that crashed: overwrite it.
    const handle = await open(path, 'w', 0o600);
    await handle.write(fileHeader('journal'));
    if (this.sync) {
      await handle.datasync();
      await syncDirectory(dirname(path));
    }
    this.segment = { firstSequence: sequence, handle };
    return this.segment;
  }

  private async closeSegment(): Promise<void> {
    await this.segment?.handle.close();
    this.segment = undefined;
  }
}

/** Makes a file creation or rename in `dir` durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
