import { crc32 } from 'node:zlib';
import { PersistenceError } from './persistence-error.js';

/**
 * The framing shared by snapshot and journal files (docs/persistence.md):
 *
 *   header  16 bytes: "PUSHGATE" | u16 BE format version | u8 kind | 5 zero bytes
 *   frame   u32 BE body length | u32 BE CRC-32 of the body | body
 *
 * A frame whose length runs past the end of the file or whose checksum does
 * not match marks the end of the intact part: everything before it is good,
 * nothing after it is trusted.
 */

export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 16;
const FRAME_HEADER_BYTES = 8;
const MAGIC = Buffer.from('PUSHGATE', 'latin1');

export type RecordFileKind = 'snapshot' | 'journal';
const KIND_BYTE: Record<RecordFileKind, number> = { snapshot: 0x53, journal: 0x4a };

export function fileHeader(kind: RecordFileKind): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt16BE(FORMAT_VERSION, 8);
  header[10] = KIND_BYTE[kind];
  return header;
}

/** One body wrapped in its length and checksum. */
export function frame(body: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + body.length);
  out.writeUInt32BE(body.length, 0);
  out.writeUInt32BE(crc32(body), 4);
  out.set(body, FRAME_HEADER_BYTES);
  return out;
}

/** Where and why a file stops being intact. */
export interface Damage {
  offset: number;
  reason: string;
}

export interface ParsedRecordFile {
  bodies: Buffer[];
  /** Present when the file has a torn or corrupt tail (or a bad header). */
  damage?: Damage;
}

/**
 * Splits a whole file into frame bodies. A foreign file or one from a newer
 * format version is an error (refusing to start beats misreading it); a
 * damaged frame ends the intact part.
 */
export function parseRecordFile(bytes: Buffer, kind: RecordFileKind, path: string): ParsedRecordFile {
  if (bytes.length < HEADER_BYTES) {
    return {
      bodies: [],
      damage: { offset: 0, reason: `file is ${bytes.length} bytes, shorter than its header` },
    };
  }
  if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new PersistenceError('not_pushgate_file', path, `${path} is not a Pushgate ${kind} file`);
  }
  const version = bytes.readUInt16BE(8);
  if (version > FORMAT_VERSION) {
    throw new PersistenceError(
      'newer_version',
      path,
      `${path} has format version ${version}, newer than the version ${FORMAT_VERSION} this Pushgate reads; upgrade Pushgate`,
    );
  }
  if (bytes[10] !== KIND_BYTE[kind]) {
    throw new PersistenceError('not_pushgate_file', path, `${path} is not a Pushgate ${kind} file`);
  }
  const bodies: Buffer[] = [];
  let offset = HEADER_BYTES;
  while (offset < bytes.length) {
    if (bytes.length - offset < FRAME_HEADER_BYTES) {
      return { bodies, damage: { offset, reason: 'torn frame header at the end of the file' } };
    }
    const length = bytes.readUInt32BE(offset);
    const checksum = bytes.readUInt32BE(offset + 4);
    const start = offset + FRAME_HEADER_BYTES;
    if (start + length > bytes.length) {
      return { bodies, damage: { offset, reason: `frame of ${length} bytes runs past the end of the file` } };
    }
    const body = bytes.subarray(start, start + length);
    if (crc32(body) !== checksum) {
      return { bodies, damage: { offset, reason: 'checksum mismatch' } };
    }
    bodies.push(body);
    offset = start + length;
  }
  return { bodies };
}
