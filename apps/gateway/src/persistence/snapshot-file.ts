import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDirectory } from './journal-writer.js';
import { fileHeader, frame, type ParsedRecordFile, parseRecordFile } from './record-file.js';

/**
 * Writes a snapshot atomically: a temporary file beside the target, synced,
 * then renamed over it, and the directory synced, so that a crash leaves
 * either the old snapshot or the new one, never a mix.
 */
export async function writeSnapshot(path: string, bodies: readonly Uint8Array[]): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.write(fileHeader('snapshot'));
    // Write in chunks so a big store does not need one buffer of its whole size.
    const chunk: Buffer[] = [];
    let chunkBytes = 0;
    for (const body of bodies) {
      const framed = frame(body);
      chunk.push(framed);
      chunkBytes += framed.length;
      if (chunkBytes >= 1 << 20) {
        await handle.writev(chunk);
        chunk.length = 0;
        chunkBytes = 0;
      }
    }
    if (chunk.length > 0) await handle.writev(chunk);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, path);
  await syncDirectory(dirname(path));
}

/** Reads a snapshot; `undefined` when there is none yet. */
export async function readSnapshot(path: string): Promise<ParsedRecordFile | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseRecordFile(bytes, 'snapshot', path);
}
