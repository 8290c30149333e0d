import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Journal segments sit beside the snapshot: `<file>.wal-<first sequence, 16 digits>`. */
const SEGMENT_DIGITS = 16;

export function segmentPath(basePath: string, firstSequence: number): string {
  return `${basePath}.wal-${String(firstSequence).padStart(SEGMENT_DIGITS, '0')}`;
}

export interface SegmentFile {
  path: string;
  firstSequence: number;
}

/** The journal segments of `basePath`, oldest first. */
export async function listSegments(basePath: string): Promise<SegmentFile[]> {
  const prefix = `${basename(basePath)}.wal-`;
  const dir = dirname(basePath);
  const names = await readdir(dir);
  return names
    .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
    .map((name) => ({ path: join(dir, name), firstSequence: Number(name.slice(prefix.length)) }))
    .sort((a, b) => a.firstSequence - b.firstSequence);
}
