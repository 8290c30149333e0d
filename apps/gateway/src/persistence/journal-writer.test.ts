import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JournalWriter } from './journal-writer.js';
import { parseRecordFile } from './record-file.js';
import { listSegments } from './segment-files.js';

async function readJournal(base: string): Promise<{ first: number; records: [number, string][] }[]> {
  const segments = await listSegments(base);
  return Promise.all(
    segments.map(async (segment) => {
      const parsed = parseRecordFile(await readFile(segment.path), 'journal', segment.path);
      expect(parsed.damage).toBeUndefined();
      return {
        first: segment.firstSequence,
        records: parsed.bodies.map((b): [number, string] => [
          Number(b.readBigUInt64BE(0)),
          String(b.subarray(8)),
        ]),
      };
    }),
  );
}

describe('the journal writer', () => {
  for (const sync of [false, true]) {
    it(`writes every appended record, in order, before resolving (sync=${sync})`, async () => {
      const base = join(await mkdtemp(join(tmpdir(), 'pushgate-journal-')), 'state');
      const journal = new JournalWriter(base, 1, sync);
      const appends = Array.from({ length: 500 }, (_, i) => journal.append(Buffer.from(`r${i}`)));
      await Promise.all(appends);
      const segments = await readJournal(base);
      expect(segments).toHaveLength(1);
      expect(segments[0]!.records).toEqual(Array.from({ length: 500 }, (_, i) => [i + 1, `r${i}`]));
      await journal.close();
    });
  }

  it('groups concurrent appends into few writes', async () => {
    const base = join(await mkdtemp(join(tmpdir(), 'pushgate-journal-')), 'state');
    const journal = new JournalWriter(base, 1, true);
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => journal.append(Buffer.from(`r${i}`)).then(() => order.push(i))),
    );
    // The first record goes out alone; the 199 appended meanwhile share the next write and sync.
    expect(journal.batches).toBe(2);
    expect(order).toEqual(Array.from({ length: 200 }, (_, i) => i));
    await journal.close();
  });

  it('starts a new segment for records after the rotation point', async () => {
    const base = join(await mkdtemp(join(tmpdir(), 'pushgate-journal-')), 'state');
    const journal = new JournalWriter(base, 10, false);
    await journal.append(Buffer.from('a'));
    const b = journal.append(Buffer.from('b'));
    journal.rotateAfter(11);
    const c = journal.append(Buffer.from('c'));
    await Promise.all([b, c]);
    await journal.append(Buffer.from('d'));
    expect(await readJournal(base)).toEqual([
      {
        first: 10,
        records: [
          [10, 'a'],
          [11, 'b'],
        ],
      },
      {
        first: 12,
        records: [
          [12, 'c'],
          [13, 'd'],
        ],
      },
    ]);
    await journal.close();
  });

  it('fails every later append after a write error', async () => {
    const journal = new JournalWriter('/nonexistent-dir/state', 1, false);
    await expect(journal.append(Buffer.from('x'))).rejects.toThrow(/ENOENT/);
    await expect(journal.append(Buffer.from('y'))).rejects.toThrow(/ENOENT/);
    expect(journal.error).toBeDefined();
  });
});
