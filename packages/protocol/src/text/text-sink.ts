/**
 * An append-only text builder for the exposition writer. ASCII (nearly all of
 * an exposition) goes byte by byte into a growing buffer that becomes one
 * flat string at the end, in a single copy; anything else is kept as string
 * parts between runs of bytes. Building a large exposition by string
 * concatenation instead makes millions of rope nodes, which cost more to
 * collect and to flatten than the text itself. (Closing a part whenever the
 * buffer fills measured slower: every large part is a large-object
 * allocation, and joining them is one more copy.)
 */

import { formatFloat } from '../float-format.js';
import { asciiSlice } from './byte-strings.js';
import { escapeHelp, escapeLabelValue } from './escape.js';
import { DECLINED, writeShortestPlain } from './shortest-float.js';

const LF = 0x0a;
const QUOTE = 0x22;
const CHAR_0 = 0x30;
const MINUS = 0x2d;
const BACKSLASH = 0x5c;
const LOWER_N = 0x6e;

const INITIAL_BYTES = 64 * 1024;
/** A buffer that grew beyond this is dropped after use rather than kept for the next call. */
const RETAINED_MAX_BYTES = 16 * 1024 * 1024;

/** Numbers of smaller magnitude print in plain form in Go's %g (exponent below 6). */
const PLAIN_INTEGER_LIMIT = 1e6;
/** Numbers of at least this magnitude print in plain form in Go's %g (exponent at least -4). */
const PLAIN_FORM_MIN = 1e-4;
/** The most bytes a plain-form float takes: sign, `0.000`, 17 digits. */
const SHORTEST_PLAIN_MAX_BYTES = 24;

/**
 * The texts of recently written bucket bounds and quantiles, direct-mapped by
 * their bits: a family repeats the same few on every metric.
 */
const BOUND_SLOTS = 64;
const BOUND_SLOT_SHIFT = 26;
/** NaN marks an empty slot: it equals nothing, NaN included. */
const boundKeys = new Float64Array(BOUND_SLOTS).fill(Number.NaN);
const boundTexts: string[] = new Array<string>(BOUND_SLOTS).fill('');
const boundBits = new Float64Array(1);
const boundWords = new Int32Array(boundBits.buffer);

/** The buffer of the last finished sink, reused by the next. */
let spareBuffer: Uint8Array | undefined;

export class TextSink {
  private buffer: Uint8Array;
  private length = 0;
  /** Text before the buffer's bytes, when something other than ASCII was written. */
  private readonly parts: string[] = [];

  constructor() {
    this.buffer = spareBuffer ?? new Uint8Array(INITIAL_BYTES);
    spareBuffer = undefined;
  }

  /**
   * A position in the text for {@link repeat}; it stays usable while only
   * ASCII is written (see {@link isRepeatable}).
   */
  get position(): number {
    return this.length;
  }

  /** How many parts were closed so far: positions from before a closed part are stale. */
  get runs(): number {
    return this.parts.length;
  }

  /** Appends a string known to be ASCII. */
  ascii(text: string): void {
    const length = text.length;
    this.reserve(length);
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < length; i++) buffer[at++] = text.charCodeAt(i);
    this.length = at;
  }

  /**
   * Appends `name` if it is a legacy metric name, `[a-zA-Z_:][a-zA-Z0-9_:]*`
   * (checked as it is copied); otherwise appends nothing and returns false.
   */
  legacyName(name: string): boolean {
    const length = name.length;
    if (length === 0) return false;
    this.reserve(length);
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < length; i++) {
      const c = name.charCodeAt(i);
      const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
      if (!letter && (i === 0 || c < 0x30 || c > 0x39)) return false;
      buffer[at++] = c;
    }
    this.length = at;
    return true;
  }

  /** Appends one ASCII character by its code. */
  char(code: number): void {
    if (this.length === this.buffer.length) this.reserve(1);
    this.buffer[this.length++] = code;
  }

  /** Appends any string. */
  text(text: string): void {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) > 0x7f) {
        this.closeRun();
        this.parts.push(text);
        return;
      }
    }
    this.ascii(text);
  }

  /**
   * Appends `text` escaped as Go's text writer escapes it: backslash and line
   * feed always, the double quote when `quotes` is set (label values).
   */
  escaped(text: string, quotes: boolean): void {
    const length = text.length;
    // Room for the worst case, every character escaped.
    this.reserve(2 * length);
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c > 0x7f) {
        this.length = at;
        this.text(quotes ? escapeLabelValue(text.slice(i)) : escapeHelp(text.slice(i)));
        return;
      }
      if (c === BACKSLASH || (c === QUOTE && quotes)) {
        buffer[at++] = BACKSLASH;
        buffer[at++] = c;
      } else if (c === LF) {
        buffer[at++] = BACKSLASH;
        buffer[at++] = LOWER_N;
      } else {
        buffer[at++] = c;
      }
    }
    this.length = at;
  }

  /**
   * Appends `value` as Go's text exposition prints a float64 (see
   * {@link formatFloat}): small integers and most plain-form values digit by
   * digit into the buffer, with no string made (see shortest-float.ts).
   */
  float(value: number): void {
    if (Number.isInteger(value)) {
      if (value < PLAIN_INTEGER_LIMIT && value > -PLAIN_INTEGER_LIMIT) {
        this.integer(value);
        return;
      }
    } else if (
      (value >= PLAIN_FORM_MIN && value < PLAIN_INTEGER_LIMIT) ||
      (value <= -PLAIN_FORM_MIN && value > -PLAIN_INTEGER_LIMIT)
    ) {
      this.reserve(SHORTEST_PLAIN_MAX_BYTES);
      const end = writeShortestPlain(this.buffer, this.length, value);
      if (end !== DECLINED) {
        this.length = end;
        return;
      }
    }
    this.ascii(formatFloat(value));
  }

  /**
   * Appends `value` as {@link float} does, for a value likely written just
   * before (a bucket bound or a quantile): its text is kept for the next time.
   */
  bound(value: number): void {
    boundBits[0] = value;
    const slot = Math.imul(boundWords[0]! ^ boundWords[1]!, 0x9e3779b1) >>> BOUND_SLOT_SHIFT;
    if (boundKeys[slot] === value) {
      this.ascii(boundTexts[slot]!);
      return;
    }
    const text = formatFloat(value);
    boundKeys[slot] = value;
    boundTexts[slot] = text;
    this.ascii(text);
  }

  /**
   * Whether the text since `position` (taken when {@link runs} was `runs`)
   * is still in the buffer, so that {@link repeat} may copy it.
   */
  isRepeatable(runs: number): boolean {
    return this.parts.length === runs;
  }

  /** Appends again the text between two positions of the current part. */
  repeat(start: number, end: number): void {
    const length = end - start;
    this.reserve(length);
    this.buffer.copyWithin(this.length, start, end);
    this.length += length;
  }

  /** The text written, as one string; the sink must not be used afterwards. */
  finish(): string {
    const tail = asciiSlice(this.buffer, 0, this.length);
    this.discard();
    if (this.parts.length === 0) return tail;
    this.parts.push(tail);
    return this.parts.join('');
  }

  /** Gives the buffer back for reuse when the sink is abandoned (after an error). */
  discard(): void {
    if (this.buffer.length <= RETAINED_MAX_BYTES) spareBuffer = this.buffer;
  }

  /** An integer of magnitude below 1e6, digit by digit (`-0` as `0`, as Go prints it). */
  private integer(value: number): void {
    this.reserve(8);
    const buffer = this.buffer;
    let n = value;
    if (n < 0) {
      buffer[this.length++] = MINUS;
      n = -n;
    }
    let digits = 1;
    for (let limit = 10; n >= limit && digits < 6; limit *= 10) digits++;
    let at = this.length + digits;
    this.length = at;
    do {
      const quotient = Math.floor(n / 10);
      buffer[--at] = CHAR_0 + (n - quotient * 10);
      n = quotient;
    } while (n > 0);
  }

  /** Turns the buffer's bytes into a part. */
  private closeRun(): void {
    if (this.length === 0) return;
    this.parts.push(asciiSlice(this.buffer, 0, this.length));
    this.length = 0;
  }

  /** Makes room for `bytes` more bytes, growing the buffer (which keeps positions valid). */
  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(2 * this.buffer.length, this.length + bytes));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}
