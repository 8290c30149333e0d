/**
 * The text parser's fast path: a sample line in the plain shape nearly every
 * exposition uses, read from the body's bytes in one pass,
 *
 *     name[{label="value",...[,]}] value[ timestamp]LF
 *
 * with a legacy metric name, legacy label names, label values without
 * escapes, blanks or tabs only before the value and the timestamp, and a
 * value and timestamp that parse. Anything else (comments, blanks elsewhere,
 * quoted names, escapes, a missing final LF, invalid UTF-8, an unparsable
 * number) is left to the full state machine, which then reads the same line
 * as Go does. Every line of this shape reads the same in both, and reading
 * it has no side effects, so the parser can always fall back.
 *
 * Names and label values come from the byte-string cache: repeated ones cost
 * no allocation and are shared.
 */

import {
  asciiSlice,
  cachedAscii,
  cachedAsciiSlot,
  slotString,
  strictUtf8Slice,
  UNCACHED,
} from './byte-strings.js';
import { parseGoFloatAscii, parseGoInt64Ascii } from './go-number.js';

const TAB = 0x09;
const LF = 0x0a;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const EQUALS = 0x3d;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** Character classes of the legacy name grammar, as bit flags per byte. */
const METRIC_START = 1;
const METRIC_CHAR = 2;
const LABEL_START = 4;
const LABEL_CHAR = 8;

const CLASSES = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
  const digit = c >= 0x30 && c <= 0x39;
  if (letter) CLASSES[c] = METRIC_START | METRIC_CHAR | LABEL_START | LABEL_CHAR;
  else if (digit) CLASSES[c] = METRIC_CHAR | LABEL_CHAR;
  else if (c === 0x3a) CLASSES[c] = METRIC_START | METRIC_CHAR;
}

/** What {@link SimpleSampleLine.read} returns for a line it leaves to the state machine. */
export const NOT_SIMPLE = -1;

/**
 * Whether `bytes[at, at + length)` repeats `bytes[from, from + length)`; the
 * first range must lie inside `bytes`. Compared four bytes at a time.
 */
function repeats(bytes: Uint8Array, view: DataView, at: number, from: number, length: number): boolean {
  let k = 0;
  for (; k + 4 <= length; k += 4) {
    if (view.getUint32(at + k, true) !== view.getUint32(from + k, true)) return false;
  }
  for (; k < length; k++) {
    if (bytes[at + k] !== bytes[from + k]) return false;
  }
  return true;
}

/** A remembered label value length meaning "nothing remembered" (an empty value has length 0). */
const NO_VALUE = -1;

/**
 * One simple sample line, read in place; reused from line to line.
 *
 * Consecutive lines mostly repeat the metric name, the label names and some
 * label values of the line before, at the same places. Each token remembers
 * where in the body it was read, so that the next line checks a token for a
 * repeat with a word-wise comparison and reuses its string, instead of
 * scanning it byte by byte and looking it up in the string cache.
 */
export class SimpleSampleLine {
  /** The metric name as written (a family name or one with a `_sum`/`_count`/`_bucket` suffix). */
  name = '';
  /** How many labels the line has; only that many entries of the arrays below are the line's. */
  labelCount = 0;
  readonly labelNames: string[] = [];
  readonly labelValues: string[] = [];
  /** The byte-string cache slot of each label value, or `UNCACHED` (see shared-label-pairs.ts). */
  readonly labelValueSlots: number[] = [];
  value = 0;
  timestampMs: bigint | undefined = undefined;

  /** The body that the remembered positions below are positions in. */
  private source: Uint8Array | undefined;
  /** Where {@link name} was read, and its length in bytes (0: nothing remembered). */
  private nameStart = 0;
  private nameLength = 0;
  /** Where each label name and value was read, and their lengths (0 and NO_VALUE: nothing remembered). */
  private readonly labelNameStarts: number[] = [];
  private readonly labelNameLengths: number[] = [];
  private readonly labelValueStarts: number[] = [];
  private readonly labelValueLengths: number[] = [];

  /**
   * Reads the line that starts at `start` (which must be inside `bytes`;
   * `view` is a DataView of `bytes`, see `viewOf`). Returns the index just
   * past its LF, or {@link NOT_SIMPLE} if the line does not have the simple
   * shape; the fields are then meaningless.
   */
  read(bytes: Uint8Array, view: DataView, start: number): number {
    if (bytes !== this.source) this.forgetPositions(bytes);
    const end = bytes.length;
    let i = start;
    let c: number;
    const nameLength = this.nameLength;
    if (
      nameLength > 0 &&
      start + nameLength < end &&
      repeats(bytes, view, start, this.nameStart, nameLength) &&
      (CLASSES[bytes[start + nameLength]!]! & METRIC_CHAR) === 0
    ) {
      i = start + nameLength;
      c = bytes[i]!;
    } else {
      c = bytes[i]!;
      if ((CLASSES[c]! & METRIC_START) === 0) return NOT_SIMPLE;
      do {
        if (++i === end) return NOT_SIMPLE;
        c = bytes[i]!;
      } while ((CLASSES[c]! & METRIC_CHAR) !== 0);
      this.name = cachedAscii(bytes, view, start, i);
      this.nameStart = start;
      this.nameLength = i - start;
    }

    let count = 0;
    if (c === OPEN_BRACE) {
      if (++i === end) return NOT_SIMPLE;
      c = bytes[i]!;
      while (c !== CLOSE_BRACE) {
        if (count === this.labelNames.length) this.addLabelEntry();
        const nameStart = i;
        const knownNameLength = this.labelNameLengths[count]!;
        if (
          knownNameLength > 0 &&
          i + knownNameLength < end &&
          repeats(bytes, view, i, this.labelNameStarts[count]!, knownNameLength) &&
          bytes[i + knownNameLength] === EQUALS
        ) {
          i += knownNameLength;
        } else {
          if ((CLASSES[c]! & LABEL_START) === 0) return NOT_SIMPLE;
          do {
            if (++i === end) return NOT_SIMPLE;
            c = bytes[i]!;
          } while ((CLASSES[c]! & LABEL_CHAR) !== 0);
          if (c !== EQUALS) return NOT_SIMPLE;
          this.labelNames[count] = cachedAscii(bytes, view, nameStart, i);
          this.labelNameStarts[count] = nameStart;
          this.labelNameLengths[count] = i - nameStart;
        }
        if (++i === end || bytes[i] !== QUOTE) return NOT_SIMPLE;
        const valueStart = ++i;
        const knownValueLength = this.labelValueLengths[count]!;
        if (
          knownValueLength !== NO_VALUE &&
          i + knownValueLength < end &&
          repeats(bytes, view, i, this.labelValueStarts[count]!, knownValueLength) &&
          bytes[i + knownValueLength] === QUOTE
        ) {
          // The same bytes as before, so no escape, LF or invalid UTF-8 either.
          i += knownValueLength;
        } else {
          let high = 0;
          for (;;) {
            if (i === end) return NOT_SIMPLE;
            c = bytes[i]!;
            if (c === QUOTE) break;
            if (c === BACKSLASH || c === LF) return NOT_SIMPLE;
            high |= c;
            i++;
          }
          let value: string | undefined;
          let slot = UNCACHED;
          if (high < 0x80) {
            slot = cachedAsciiSlot(bytes, view, valueStart, i);
            value = slot === UNCACHED ? asciiSlice(bytes, valueStart, i) : slotString(slot);
          } else {
            value = strictUtf8Slice(bytes, valueStart, i);
            if (value === undefined) return NOT_SIMPLE;
          }
          this.labelValues[count] = value;
          this.labelValueSlots[count] = slot;
          this.labelValueStarts[count] = valueStart;
          this.labelValueLengths[count] = i - valueStart;
        }
        count++;
        if (++i === end) return NOT_SIMPLE;
        c = bytes[i]!;
        if (c === COMMA) {
          if (++i === end) return NOT_SIMPLE;
          c = bytes[i]!;
        } else if (c !== CLOSE_BRACE) {
          return NOT_SIMPLE;
        }
      }
      if (++i === end) return NOT_SIMPLE;
      c = bytes[i]!;
    } else if (c !== SPACE && c !== TAB) {
      return NOT_SIMPLE;
    }
    this.labelCount = count;

    while (c === SPACE || c === TAB) {
      if (++i === end) return NOT_SIMPLE;
      c = bytes[i]!;
    }
    const valueStart = i;
    while (c !== SPACE && c !== TAB && c !== LF) {
      if (++i === end) return NOT_SIMPLE;
      c = bytes[i]!;
    }
    if (i === valueStart) return NOT_SIMPLE;
    const value = parseGoFloatAscii(bytes, valueStart, i);
    if (value === undefined) return NOT_SIMPLE;
    this.value = value;

    this.timestampMs = undefined;
    if (c !== LF) {
      while (c === SPACE || c === TAB) {
        if (++i === end) return NOT_SIMPLE;
        c = bytes[i]!;
      }
      const timestampStart = i;
      while (c !== SPACE && c !== TAB && c !== LF) {
        if (++i === end) return NOT_SIMPLE;
        c = bytes[i]!;
      }
      // A blank after the timestamp is "spurious"; an empty timestamp is refused.
      if (c !== LF || i === timestampStart) return NOT_SIMPLE;
      this.timestampMs = parseGoInt64Ascii(bytes, timestampStart, i);
      if (this.timestampMs === undefined) return NOT_SIMPLE;
    }
    return i + 1;
  }

  /** Positions from another body mean nothing in `bytes`. */
  private forgetPositions(bytes: Uint8Array): void {
    this.source = bytes;
    this.nameLength = 0;
    this.labelNameLengths.fill(0);
    this.labelValueLengths.fill(NO_VALUE);
  }

  /** One more entry in each label array, with nothing remembered. */
  private addLabelEntry(): void {
    this.labelNames.push('');
    this.labelValues.push('');
    this.labelValueSlots.push(UNCACHED);
    this.labelNameStarts.push(0);
    this.labelNameLengths.push(0);
    this.labelValueStarts.push(0);
    this.labelValueLengths.push(NO_VALUE);
  }
}
