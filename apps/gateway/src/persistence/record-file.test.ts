import { describe, expect, it } from 'vitest';
import { FORMAT_VERSION, fileHeader, frame, parseRecordFile } from './record-file.js';

const bodies = [Buffer.from('first'), Buffer.alloc(0), Buffer.from('third record, a little longer')];
const file = Buffer.concat([fileHeader('journal'), ...bodies.map(frame)]);

describe('record files', () => {
  it('read back every frame of an intact file', () => {
    const parsed = parseRecordFile(file, 'journal', 'f');
    expect(parsed.damage).toBeUndefined();
    expect(parsed.bodies.map(String)).toEqual(bodies.map(String));
  });

  it('keep the intact frames before a torn tail, at every cut', () => {
    const boundaries = [16, 16 + 13, 16 + 13 + 8, file.length];
    for (let cut = 16; cut < file.length; cut++) {
      const parsed = parseRecordFile(file.subarray(0, cut), 'journal', 'f');
      const intact = boundaries.filter((b) => b <= cut).length - 1;
      expect(parsed.bodies).toHaveLength(intact);
      expect(parsed.damage === undefined).toBe(boundaries.includes(cut));
    }
  });

  it('stop at a flipped byte and say where', () => {
    const damaged = Buffer.from(file);
    damaged[16 + 13 + 8 + 8 + 3]! ^= 0x40;
    const parsed = parseRecordFile(damaged, 'journal', 'f');
    expect(parsed.bodies.map(String)).toEqual(['first', '']);
    expect(parsed.damage).toEqual({ offset: 16 + 13 + 8, reason: 'checksum mismatch' });
  });

  it('report a file shorter than its header as damage, not as an error', () => {
    expect(parseRecordFile(Buffer.alloc(0), 'journal', 'f').damage?.offset).toBe(0);
  });

  it('refuse a newer format version', () => {
    const newer = Buffer.from(file);
    newer.writeUInt16BE(FORMAT_VERSION + 1, 8);
    expect(() => parseRecordFile(newer, 'journal', '/x/state')).toThrow(
      expect.objectContaining({
        code: 'newer_version',
        message: expect.stringContaining('/x/state has format version 2'),
      }),
    );
  });

  it('refuse a foreign file and a file of the other kind', () => {
    expect(() => parseRecordFile(Buffer.from('garbage garbage garbage'), 'journal', 'f')).toThrow(
      expect.objectContaining({ code: 'not_pushgate_file' }),
    );
    expect(() => parseRecordFile(file, 'snapshot', 'f')).toThrow(
      expect.objectContaining({ code: 'not_pushgate_file' }),
    );
  });
});
