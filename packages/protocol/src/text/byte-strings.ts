/**
 * Strings made from byte ranges of a body, for the parsers' fast paths.
 *
 * A pushed body repeats the same few names and label values on every line,
 * so short ASCII strings go through a small direct-mapped cache: a range
 * whose bytes equal those of its slot's string gives that very string, with
 * no allocation. Each slot keeps a copy of its string's bytes, so that a
 * lookup hashes and compares four bytes at a time (comparing against the
 * string with `charCodeAt` measured four times slower). The cache lives as
 * long as the module, so the same label value pushed again and again is one
 * string in the gateway's store.
 *
 * Every string made here is a flat copy of its bytes, never a slice of a
 * larger string, so that a stored name or value does not keep a whole body
 * alive.
 */

/** Slots of the cache: a power of two. */
export const SLOT_COUNT = 4096;
const SLOT_MASK = SLOT_COUNT - 1;
/** Longer strings are rarely repeated and cost more to compare than to make; they are made fresh. */
const CACHED_MAX_LENGTH = 64;

/** The cached string of each slot; the empty string marks an empty slot (and is one). */
const slotStrings: string[] = new Array<string>(SLOT_COUNT).fill('');
/** The bytes of each slot's string, at `slot * CACHED_MAX_LENGTH`. */
const slotBytes = new Uint8Array(SLOT_COUNT * CACHED_MAX_LENGTH);
const slotView = new DataView(slotBytes.buffer);

type Latin1Slice = (this: Uint8Array, start: number, end: number) => string;

// Node's Buffer copies a byte range into a new one-byte string in one native
// call, about twice as fast as TextDecoder; other runtimes use TextDecoder.
const nodeLatin1Slice = (globalThis as { Buffer?: { prototype: { latin1Slice?: Latin1Slice } } }).Buffer
  ?.prototype.latin1Slice;
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** `bytes[start, end)`, all ASCII, as a new flat string. */
export function asciiSlice(bytes: Uint8Array, start: number, end: number): string {
  if (nodeLatin1Slice !== undefined) return nodeLatin1Slice.call(bytes, start, end);
  return utf8.decode(bytes.subarray(start, end));
}

/** A DataView over exactly the bytes of `bytes`, as {@link cachedAscii} needs. */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * `bytes[start, end)`, all ASCII, as a string: the cached one when the same
 * bytes were seen before, else a new flat string that then takes the slot.
 * `view` is {@link viewOf} `bytes`.
 */
export function cachedAscii(bytes: Uint8Array, view: DataView, start: number, end: number): string {
  const slot = cachedAsciiSlot(bytes, view, start, end);
  return slot === UNCACHED ? asciiSlice(bytes, start, end) : slotStrings[slot]!;
}

/** What {@link cachedAsciiSlot} returns for a range too long to cache. */
export const UNCACHED = -1;

/**
 * {@link cachedAscii} by slot: the slot that now holds the string of
 * `bytes[start, end)` (read it with {@link slotString} before the next
 * lookup, which may take the slot), or {@link UNCACHED}. The slot number
 * lets callers keep their own per-string caches without hashing again.
 */
export function cachedAsciiSlot(bytes: Uint8Array, view: DataView, start: number, end: number): number {
  const length = end - start;
  if (length > CACHED_MAX_LENGTH) return UNCACHED;
  let hash = length;
  let i = start;
  for (; i + 4 <= end; i += 4) hash = Math.imul(hash ^ view.getUint32(i, true), 0x9e3779b1);
  for (; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x9e3779b1);
  const slot = (hash ^ (hash >>> 16)) & SLOT_MASK;
  const base = slot * CACHED_MAX_LENGTH;
  if (slotStrings[slot]!.length === length && sameBytes(bytes, view, start, end, base)) return slot;
  slotStrings[slot] = asciiSlice(bytes, start, end);
  for (let k = 0; k < length; k++) slotBytes[base + k] = bytes[start + k]!;
  return slot;
}

/** The string that slot `slot` of the cache holds. */
export function slotString(slot: number): string {
  return slotStrings[slot]!;
}

/** Whether `bytes[start, end)` equals the bytes stored at `base`. */
function sameBytes(bytes: Uint8Array, view: DataView, start: number, end: number, base: number): boolean {
  let i = start;
  let k = base;
  for (; i + 4 <= end; i += 4, k += 4) {
    if (view.getUint32(i, true) !== slotView.getUint32(k, true)) return false;
  }
  for (; i < end; i++, k++) {
    if (bytes[i] !== slotBytes[k]) return false;
  }
  return true;
}

/** `bytes[start, end)` decoded as strict UTF-8, or `undefined` if it is not valid UTF-8. */
export function strictUtf8Slice(bytes: Uint8Array, start: number, end: number): string | undefined {
  try {
    return strictUtf8.decode(bytes.subarray(start, end));
  } catch {
    return undefined;
  }
}
