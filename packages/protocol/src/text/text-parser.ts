/**
 * The text parser behind {@link parseText} (see parse.ts for what it accepts
 * and refuses): expfmt's byte-level state machine ported state by state, and
 * a fast path in front of it.
 *
 * A byte body is read line by line. A sample line of the plain shape nearly
 * every exposition uses is read straight from the bytes (simple-sample-line.ts)
 * and added to the model here, through the same steps as the state machine
 * would take; every other line, and every line the state machine would
 * refuse, goes through the state machine, over that line decoded as Go sees
 * it. A string body is read as its UTF-8 bytes, or, if it holds lone
 * surrogates, whole by the state machine.
 *
 * The state machine walks a string by char code; all syntax characters are
 * ASCII, so walking UTF-16 units finds the same token boundaries as Go
 * walking bytes.
 */

import { ProtocolError, type ProtocolErrorCode } from '../errors.js';
import { emptyHistogram, type LabelPair, type Metric, type MetricFamily, type MetricType } from '../model.js';
import { isValidLabelName, isValidMetricName, type NameValidation } from '../names.js';
import { viewOf } from './byte-strings.js';
import { exactUint64, goFloatToUint64, parseGoFloat, parseGoInt64 } from './go-number.js';
import { goByteAsRune, goQuote, goQuoteByte } from './go-quote.js';
import { LabelSetIndex } from './label-set-index.js';
import { metricTypeOfWord } from './metric-type-word.js';
import { sharedLabelPair } from './shared-label-pairs.js';
import { NOT_SIMPLE, SimpleSampleLine } from './simple-sample-line.js';
import { decodeUtf8Lossless, firstUtf8Byte, isWellFormedText } from './utf8-lossless.js';

/** A refusal as expfmt words it: `text format parsing error in line N: <reason>`. */
export function parseErrorAt(code: ProtocolErrorCode, line: number, reason: string): ProtocolError {
  return new ProtocolError(code, `text format parsing error in line ${line}: ${reason}`, { line });
}

const EOF = -1;
const TAB = 0x09;
const LF = 0x0a;
const SPACE = 0x20;
const QUOTE = 0x22;
const HASH = 0x23;
const COMMA = 0x2c;
const COLON = 0x3a;
const EQUALS = 0x3d;
const BACKSLASH = 0x5c;
const UNDERSCORE = 0x5f;
const LOWER_N = 0x6e;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** Parser states, one per state function of expfmt's TextParser. */
const DONE = 0;
const START_OF_LINE = 1;
const START_COMMENT = 2;
const READING_METRIC_NAME = 3;
const READING_LABELS = 4;
const START_LABEL_NAME = 5;
const START_LABEL_VALUE = 6;
const READING_VALUE = 7;
const START_TIMESTAMP = 8;
const READING_HELP = 9;
const READING_TYPE = 10;
type State =
  | typeof DONE
  | typeof START_OF_LINE
  | typeof START_COMMENT
  | typeof READING_METRIC_NAME
  | typeof READING_LABELS
  | typeof START_LABEL_NAME
  | typeof START_LABEL_VALUE
  | typeof READING_VALUE
  | typeof START_TIMESTAMP
  | typeof READING_HELP
  | typeof READING_TYPE;

function isBlankOrTab(c: number): boolean {
  return c === SPACE || c === TAB;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** expfmt's `isValidLabelNameStart`: a quote may open a quoted name. */
function isLabelNameStart(c: number): boolean {
  return isAsciiLetter(c) || c === UNDERSCORE || c === QUOTE;
}

/** expfmt's `isValidLabelNameContinuation`: inside quotes every byte continues. */
function isLabelNameContinuation(c: number, quoted: boolean): boolean {
  return isLabelNameStart(c) || isAsciiDigit(c) || (quoted && c !== EOF);
}

/** A character of an unquoted label name (`label`) or metric name, after the first. */
function isPlainNameChar(c: number, label: boolean): boolean {
  return isAsciiLetter(c) || isAsciiDigit(c) || c === UNDERSCORE || (c === COLON && !label);
}

function isMetricNameStart(c: number): boolean {
  return isLabelNameStart(c) || c === COLON;
}

function isMetricNameContinuation(c: number, quoted: boolean): boolean {
  return isLabelNameContinuation(c, quoted) || c === COLON;
}

function isHistogramType(family: MetricFamily): boolean {
  return family.type === 'HISTOGRAM' || family.type === 'GAUGE_HISTOGRAM';
}

/** Whether label `name` of `family` is read as a float: a summary's `quantile`, a histogram's `le`. */
function isSpecialLabel(family: MetricFamily, name: string): boolean {
  return (name === 'quantile' && family.type === 'SUMMARY') || (name === 'le' && isHistogramType(family));
}

/** The name of summary/histogram `base` that `name` is the `suffix` line of, if it is one. */
function stripSuffix(name: string, suffix: string): string | undefined {
  return name.length > suffix.length && name.endsWith(suffix) ? name.slice(0, -suffix.length) : undefined;
}

/** Up to this many labels on a line, duplicates are found by comparing names directly. */
const LINEAR_DUPLICATE_CHECK_LIMIT = 16;

/**
 * Whether a label name occurs twice among the first `count` of a line,
 * special labels of `family` aside (they may repeat: the last one wins).
 */
function hasDuplicateName(
  names: readonly string[],
  count: number,
  family: MetricFamily | undefined,
): boolean {
  if (count > LINEAR_DUPLICATE_CHECK_LIMIT) {
    const seen = new Set<string>();
    for (let k = 0; k < count; k++) {
      const name = names[k]!;
      if (family !== undefined && isSpecialLabel(family, name)) continue;
      if (seen.has(name)) return true;
      seen.add(name);
    }
    return false;
  }
  for (let k = 1; k < count; k++) {
    const name = names[k]!;
    if (family !== undefined && isSpecialLabel(family, name)) continue;
    for (let j = 0; j < k; j++) {
      if (names[j] === name) return true;
    }
  }
  return false;
}

/**
 * The `count` labels of a simple line as pairs, without the special labels
 * of `family` if given. The array is allocated at its final size: grown by
 * pushes it would hold room for 16 pairs, doubling a parse's memory.
 */
function simpleLinePairs(
  line: SimpleSampleLine,
  family: MetricFamily | undefined,
  count: number,
): LabelPair[] {
  // Small label sets, the usual ones, as literals: exact size and packed.
  if (family === undefined) {
    switch (count) {
      case 0:
        return [];
      case 1:
        return [linePair(line, 0)];
      case 2:
        return [linePair(line, 0), linePair(line, 1)];
      case 3:
        return [linePair(line, 0), linePair(line, 1), linePair(line, 2)];
      case 4:
        return [linePair(line, 0), linePair(line, 1), linePair(line, 2), linePair(line, 3)];
    }
  }
  const pairs = new Array<LabelPair>(count);
  let p = 0;
  for (let k = 0; k < line.labelCount; k++) {
    const name = line.labelNames[k]!;
    if (family !== undefined && isSpecialLabel(family, name)) continue;
    pairs[p++] = linePair(line, k);
  }
  return pairs;
}

/** Label `k` of a simple line as a (shared) pair. */
function linePair(line: SimpleSampleLine, k: number): LabelPair {
  return sharedLabelPair(line.labelNames[k]!, line.labelValues[k]!, line.labelValueSlots[k]!);
}

/**
 * The metric of a counter, gauge or untyped line, built in one piece with
 * its keys in the order the state machine adds them (label, value,
 * timestamp), so that it takes no more memory than it needs.
 */
function singleValueMetric(type: MetricType, label: LabelPair[], line: SimpleSampleLine): Metric {
  const value = line.value;
  const timestampMs = line.timestampMs;
  switch (type) {
    case 'COUNTER':
      return timestampMs === undefined
        ? { label, counter: { value } }
        : { label, counter: { value }, timestampMs };
    case 'GAUGE':
      return timestampMs === undefined
        ? { label, gauge: { value } }
        : { label, gauge: { value }, timestampMs };
    default:
      return timestampMs === undefined
        ? { label, untyped: { value } }
        : { label, untyped: { value }, timestampMs };
  }
}

/** Whether `labels` are a simple line's labels of `family`, special ones aside, in the same order. */
function sameLabels(labels: readonly LabelPair[], line: SimpleSampleLine, family: MetricFamily): boolean {
  let p = 0;
  for (let k = 0; k < line.labelCount; k++) {
    const name = line.labelNames[k]!;
    if (isSpecialLabel(family, name)) continue;
    const pair = labels[p++]!;
    if (pair.name !== name || pair.value !== line.labelValues[k]) return false;
  }
  return true;
}

/** A family under construction. */
interface FamilyState {
  family: MetricFamily;
  /** Whether the type is fixed (by TYPE or by a first sample); Go's `Type != nil`. */
  typeSet: boolean;
  /** Summary/histogram metrics by label set, so that their lines join up. */
  grouped: LabelSetIndex<Metric> | undefined;
  /**
   * The grouped metric the last simple line went to: the next line of the
   * same metric (the usual layout) is recognised by comparing labels, with
   * no signature to build.
   */
  lastGrouped: Metric | undefined;
}

/**
 * Which family a metric name on a sample line belongs to, and as which
 * `_count`/`_sum` line. It never changes within a body: a name that is a
 * family stays one, and a summary's or histogram's type is final once set.
 */
interface FamilyResolution {
  state: FamilyState;
  isSummaryCount: boolean;
  isSummarySum: boolean;
  isHistogramCount: boolean;
  isHistogramSum: boolean;
}

export class TextParser {
  private readonly validation: NameValidation;
  /** The text the state machine reads: the whole body, or the line being read. */
  private src = '';
  private length = 0;
  /** Whether the text may hold lone surrogates (invalid UTF-8) that label values must be checked for. */
  private mayHoldInvalidUtf8 = false;
  /** The first line of a byte body that is not valid UTF-8. */
  private firstInvalidUtf8Line: number | undefined;

  /** Index of the next char to read. */
  private pos = 0;
  /** The char last read (Go's `currentByte`), or EOF. */
  private c = EOF;
  /** The end of input was hit (Go's `err == io.EOF`). */
  private eof = false;
  private error: ProtocolError | undefined;
  private line = 0;
  private token = '';

  private readonly families = new Map<string, FamilyState>();
  private readonly resolutions = new Map<string, FamilyResolution>();
  private readonly simpleLine = new SimpleSampleLine();
  /** Go's `currentMF`: kept across lines, as Go's messages show. */
  private current: FamilyState | undefined;
  private metric: Metric = { label: [] };
  /** The labels of the line so far. */
  private pairs: LabelPair[] = [];
  /** Their names, once there are too many to compare one by one. */
  private pairNames: Set<string> | undefined;
  private pair: LabelPair = { name: '', value: '' };
  /** The pair being read is `quantile` of a summary or `le` of a histogram. */
  private pairIsSpecial = false;
  private quantile = Number.NaN;
  private bucket = Number.NaN;
  private isSummaryCount = false;
  private isSummarySum = false;
  private isHistogramCount = false;
  private isHistogramSum = false;
  /** The line started with `{`: the metric name, if any, is inside the braces. */
  private insideBraces = false;
  private namePresent = false;

  constructor(validation: NameValidation) {
    this.validation = validation;
  }

  /** Reads a whole text with the state machine alone; throws its first error. */
  parseWholeText(text: string): void {
    this.src = text;
    this.length = text.length;
    this.mayHoldInvalidUtf8 = !isWellFormedText(text);
    let state: State = START_OF_LINE;
    while (state !== DONE) state = this.step(state);
    this.throwIfFailed();
  }

  /**
   * Reads a body line by line: a line of the simple shape directly from the
   * bytes, any other line with the state machine over that line's text.
   * Throws the first error, then any invalid UTF-8 the lines let through.
   */
  parseBytes(bytes: Uint8Array): void {
    const simple = this.simpleLine;
    const view = viewOf(bytes);
    const end = bytes.length;
    let start = 0;
    let line = 0;
    while (start < end) {
      line++;
      if (bytes[start] === LF) {
        start++;
        continue;
      }
      const next = simple.read(bytes, view, start);
      if (next !== NOT_SIMPLE && this.commitSimpleLine(simple)) {
        start = next;
        continue;
      }
      const lf = bytes.indexOf(LF, start);
      const lineEnd = lf === -1 ? end : lf + 1;
      if (!this.readLine(bytes.subarray(start, lineEnd), line)) break;
      start = lineEnd;
    }
    this.throwIfFailed();
    if (this.firstInvalidUtf8Line !== undefined) {
      throw parseErrorAt('invalid_utf8', this.firstInvalidUtf8Line, 'invalid UTF-8 in comment or HELP text');
    }
  }

  /** The families read, in first-seen order, without those that got no sample. */
  result(): MetricFamily[] {
    const result: MetricFamily[] = [];
    for (const { family } of this.families.values()) {
      if (family.metric.length === 0) continue;
      if (isHistogramType(family)) {
        for (const metric of family.metric) normalizeHistogram(metric);
      }
      result.push(family);
    }
    return result;
  }

  private throwIfFailed(): void {
    if (this.error !== undefined) throw this.error;
    if (this.eof) throw parseErrorAt('text_syntax', this.line, 'unexpected end of input stream');
  }

  /**
   * Runs the state machine over one line of a byte body (with its LF, if it
   * has one), decoded as Go sees it. False when reading stops: an error, or
   * the end of the input.
   */
  private readLine(bytes: Uint8Array, line: number): boolean {
    const decoded = decodeUtf8Lossless(bytes);
    if (!decoded.valid) this.firstInvalidUtf8Line ??= line;
    this.src = decoded.text;
    this.length = decoded.text.length;
    this.mayHoldInvalidUtf8 = !decoded.valid;
    this.pos = 0;
    this.c = EOF;
    this.line = line - 1;
    let state: State = START_OF_LINE;
    do state = this.step(state);
    while (state !== START_OF_LINE && state !== DONE);
    return state !== DONE;
  }

  // --- The simple-line fast path ------------------------------------------

  /**
   * Adds a simple line's sample as the state machine would, or returns false
   * (having changed nothing the state machine would not change in the same
   * way) where the state machine refuses the line, which then reads it again
   * to produce Go's error.
   */
  private commitSimpleLine(line: SimpleSampleLine): boolean {
    // A simple line's name is a legacy name, valid under either validation.
    const current = this.resolveFamily(line.name);
    current.typeSet = true;
    const family = current.family;
    const grouped = family.type === 'SUMMARY' || isHistogramType(family);
    const count = line.labelCount;
    const names = line.labelNames;
    const values = line.labelValues;
    let quantile = Number.NaN;
    let bucket = Number.NaN;
    let plainCount = 0;
    for (let k = 0; k < count; k++) {
      const name = names[k]!;
      if (name === '__name__') return false;
      if (grouped && isSpecialLabel(family, name)) {
        const bound = parseGoFloat(values[k]!);
        if (bound === undefined) return false;
        if (family.type === 'SUMMARY') quantile = bound;
        else bucket = bound;
      } else {
        plainCount++;
      }
    }
    if (plainCount > 1 && hasDuplicateName(names, count, grouped ? family : undefined)) return false;
    const value = line.value;
    if (
      value < 0 &&
      isHistogramType(family) &&
      (this.isHistogramCount || (!this.isHistogramSum && !Number.isNaN(bucket)))
    ) {
      return false;
    }

    if (!grouped) {
      family.metric.push(singleValueMetric(family.type, simpleLinePairs(line, undefined, count), line));
      return true;
    }
    const metric = this.groupedMetric(current, line, plainCount);
    this.quantile = quantile;
    this.bucket = bucket;
    this.storeValue(family, metric, value);
    if (line.timestampMs !== undefined) metric.timestampMs = line.timestampMs;
    return true;
  }

  /** {@link setOrCreateCurrentFamily} for a valid name, remembered per name. */
  private resolveFamily(name: string): FamilyState {
    const known = this.resolutions.get(name);
    if (known !== undefined) {
      this.current = known.state;
      this.isSummaryCount = known.isSummaryCount;
      this.isSummarySum = known.isSummarySum;
      this.isHistogramCount = known.isHistogramCount;
      this.isHistogramSum = known.isHistogramSum;
      return known.state;
    }
    this.setOrCreateCurrentFamily(name);
    const state = this.current!;
    this.resolutions.set(name, {
      state,
      isSummaryCount: this.isSummaryCount,
      isSummarySum: this.isSummarySum,
      isHistogramCount: this.isHistogramCount,
      isHistogramSum: this.isHistogramSum,
    });
    return state;
  }

  /** The summary/histogram metric a simple line's labels select, created if new. */
  private groupedMetric(current: FamilyState, line: SimpleSampleLine, plainCount: number): Metric {
    const family = current.family;
    const last = current.lastGrouped;
    if (last !== undefined && last.label.length === plainCount && sameLabels(last.label, line, family)) {
      return last;
    }
    const label = simpleLinePairs(line, family, plainCount);
    // Created with its value object, in the key order the state machine gives.
    const fresh: Metric =
      family.type === 'SUMMARY'
        ? { label, summary: { sampleCount: 0n, sampleSum: 0, quantile: [] } }
        : { label, histogram: emptyHistogram() };
    current.grouped ??= new LabelSetIndex();
    const metric = current.grouped.findOrAdd(label, fresh);
    if (metric === fresh) family.metric.push(metric);
    current.lastGrouped = metric;
    return metric;
  }

  private step(state: State): State {
    switch (state) {
      case START_OF_LINE:
        return this.startOfLine();
      case START_COMMENT:
        return this.startComment();
      case READING_METRIC_NAME:
        return this.readingMetricName();
      case READING_LABELS:
        return this.readingLabels();
      case START_LABEL_NAME:
        return this.startLabelName();
      case START_LABEL_VALUE:
        return this.startLabelValue();
      case READING_VALUE:
        return this.readingValue();
      case START_TIMESTAMP:
        return this.startTimestamp();
      case READING_HELP:
        return this.readingHelp();
      case READING_TYPE:
        return this.readingType();
      case DONE:
        return DONE;
    }
  }

  // --- Errors -------------------------------------------------------------

  private fail(reason: string, code: ProtocolErrorCode = 'text_syntax'): State {
    this.error = parseErrorAt(code, this.line, reason);
    return DONE;
  }

  private get failed(): boolean {
    return this.eof || this.error !== undefined;
  }

  /** The byte Go holds as `currentByte`, for messages. */
  private currentByte(): number {
    return firstUtf8Byte(this.src, this.pos - 1);
  }

  private currentName(): string {
    return this.current?.family.name ?? '';
  }

  // --- Reading ------------------------------------------------------------

  private readChar(): void {
    if (this.pos < this.length) {
      this.c = this.src.charCodeAt(this.pos++);
    } else {
      this.pos = this.length + 1;
      this.c = EOF;
      this.eof = true;
    }
  }

  /** Moves to the char at `index` (or to EOF). */
  private seek(index: number): void {
    this.pos = index;
    this.readChar();
  }

  private skipBlankTab(): void {
    do this.readChar();
    while (this.c === SPACE || this.c === TAB);
  }

  private skipBlankTabIfCurrentBlankTab(): void {
    if (isBlankOrTab(this.c)) this.skipBlankTab();
  }

  /** Moves from the current char to the next blank, tab or LF; returns where it started. */
  private skipUntilWhitespace(): number {
    const src = this.src;
    const start = this.pos - 1;
    let i = start;
    while (i < this.length) {
      const c = src.charCodeAt(i);
      if (c === SPACE || c === TAB || c === LF) break;
      i++;
    }
    this.seek(i);
    return start;
  }

  /** Token from the current char up to (not including) a blank, tab or LF. */
  private readTokenUntilWhitespace(): void {
    const start = this.skipUntilWhitespace();
    this.token = this.src.slice(start, this.pos - 1);
  }

  /**
   * Token from the current char up to (not including) LF. With `escapes`,
   * `\\`, `\n` and `\"` are unescaped and any other escape is an error;
   * without, Go drops every backslash.
   */
  private readTokenUntilNewline(escapes: boolean): void {
    const src = this.src;
    let i = this.pos - 1;
    let chunkStart = i;
    let token = '';
    let escaped = false;
    for (; i < this.length; i++) {
      const c = src.charCodeAt(i);
      if (escaped) {
        escaped = false;
        chunkStart = i + 1;
        if (c === BACKSLASH) token += '\\';
        else if (c === LOWER_N) token += '\n';
        else if (c === QUOTE) token += '"';
        else {
          this.seek(i);
          this.fail(`invalid escape sequence '\\${goByteAsRune(this.currentByte())}'`);
          return;
        }
      } else if (c === LF) {
        break;
      } else if (c === BACKSLASH) {
        token += src.slice(chunkStart, i);
        chunkStart = i + 1;
        escaped = escapes;
      }
    }
    this.token = token + src.slice(chunkStart, i);
    this.seek(i);
  }

  /**
   * A metric name (`label` false) or label name (`label` true) starting at the
   * current char, as expfmt's `readTokenAsMetricName`/`readTokenAsLabelName`
   * read it: unquoted legacy characters, where a `"` anywhere opens a quoted
   * stretch in which every char counts and `\\`, `\n`, `\"` are escapes. The
   * token ends after a closing quote, or at the first char that cannot
   * continue it. Empty if the current char cannot start a name.
   */
  private readTokenAsName(label: boolean): void {
    this.token = '';
    if (label ? !isLabelNameStart(this.c) : !isMetricNameStart(this.c)) return;
    const src = this.src;
    let i = this.pos - 1;
    // Fast path: a plain unquoted name, the common case.
    const start = i;
    while (i < this.length && isPlainNameChar(src.charCodeAt(i), label)) i++;
    if (i === this.length || src.charCodeAt(i) !== QUOTE) {
      this.token = src.slice(start, i);
      this.seek(i);
      return;
    }
    i = start;
    let token = '';
    let quoted = false;
    let escaped = false;
    let chunkStart = i;
    for (;;) {
      const c = src.charCodeAt(i);
      if (escaped) {
        escaped = false;
        chunkStart = i + 1;
        if (c === BACKSLASH) token += '\\';
        else if (c === LOWER_N) token += '\n';
        else if (c === QUOTE) token += '"';
        else {
          this.seek(i);
          this.fail(`invalid escape sequence '\\${goByteAsRune(this.currentByte())}'`);
          return;
        }
      } else if (c === QUOTE) {
        token += src.slice(chunkStart, i);
        chunkStart = i + 1;
        quoted = !quoted;
        if (!quoted) {
          this.token = token;
          this.seek(i + 1);
          return;
        }
      } else if (c === LF) {
        this.token = token + src.slice(chunkStart, i);
        this.seek(i);
        const what = label ? 'label name' : 'metric name';
        this.fail(`${what} ${goQuote(this.token)} contains unescaped new-line`);
        return;
      } else if (c === BACKSLASH) {
        token += src.slice(chunkStart, i);
        escaped = true;
      }
      i++;
      const next = i < this.length ? src.charCodeAt(i) : EOF;
      const continues = label
        ? isLabelNameContinuation(next, quoted)
        : isMetricNameContinuation(next, quoted);
      if (!continues) {
        this.token = token + src.slice(chunkStart, i);
        this.seek(i);
        return;
      }
    }
  }

  /** A label value after its opening quote, up to (the current char being) the closing quote. */
  private readTokenAsLabelValue(): void {
    const src = this.src;
    let i = this.pos;
    let chunkStart = i;
    let token = '';
    let escaped = false;
    for (; i < this.length; i++) {
      const c = src.charCodeAt(i);
      if (escaped) {
        escaped = false;
        chunkStart = i + 1;
        if (c === QUOTE) token += '"';
        else if (c === BACKSLASH) token += '\\';
        else if (c === LOWER_N) token += '\n';
        else {
          this.seek(i);
          this.fail(`invalid escape sequence '\\${goByteAsRune(this.currentByte())}'`);
          return;
        }
      } else if (c === QUOTE) {
        this.token = token + src.slice(chunkStart, i);
        this.seek(i);
        return;
      } else if (c === LF) {
        this.token = token + src.slice(chunkStart, i);
        this.seek(i);
        this.fail(`label value ${goQuote(this.token)} contains unescaped new-line`);
        return;
      } else if (c === BACKSLASH) {
        token += src.slice(chunkStart, i);
        escaped = true;
      }
    }
    this.seek(i);
  }

  // --- Families -----------------------------------------------------------

  /**
   * expfmt's `setOrCreateCurrentMF`: makes the family `name` belongs to
   * current. `x_count`/`x_sum` (and `x_bucket`) join `x` only if `x` is
   * already a summary (histogram); otherwise `name` is a family of its own.
   */
  private setOrCreateCurrentFamily(name: string): boolean {
    this.isSummaryCount = false;
    this.isSummarySum = false;
    this.isHistogramCount = false;
    this.isHistogramSum = false;
    // Every family in the map passed validation when it was created, so a
    // known name needs no second check.
    const known = this.families.get(name);
    if (known !== undefined) {
      this.current = known;
      return true;
    }
    if (!isValidMetricName(name, this.validation)) {
      this.fail(`invalid metric name ${goQuote(name)}`, 'invalid_metric_name');
      return false;
    }
    const countOf = stripSuffix(name, '_count');
    const sumOf = countOf === undefined ? stripSuffix(name, '_sum') : undefined;
    const base = countOf ?? sumOf;
    if (base !== undefined) {
      const owner = this.families.get(base);
      if (owner !== undefined && owner.family.type === 'SUMMARY') {
        this.current = owner;
        this.isSummaryCount = countOf !== undefined;
        this.isSummarySum = sumOf !== undefined;
        return true;
      }
    }
    const histogramBase = base ?? stripSuffix(name, '_bucket');
    if (histogramBase !== undefined) {
      const owner = this.families.get(histogramBase);
      if (owner !== undefined && isHistogramType(owner.family)) {
        this.current = owner;
        this.isHistogramCount = countOf !== undefined;
        this.isHistogramSum = sumOf !== undefined;
        return true;
      }
    }
    const created: FamilyState = {
      family: { name, type: 'UNTYPED', metric: [] },
      typeSet: false,
      grouped: undefined,
      lastGrouped: undefined,
    };
    this.families.set(name, created);
    this.current = created;
    return true;
  }

  /** Starts a sample of the current family: fixes its type and opens a new metric. */
  private startSample(): void {
    const current = this.current!;
    current.typeSet = true;
    this.metric = { label: [] };
  }

  /**
   * Reads the value of a summary's `quantile` or a histogram's `le` label as a
   * float; these labels are not kept as labels.
   */
  private takeSpecialLabel(family: MetricFamily, pair: LabelPair): boolean {
    const value = parseGoFloat(pair.value);
    if (value === undefined) {
      this.fail(`expected float as value for '${pair.name}' label, got ${goQuote(pair.value)}`);
      return false;
    }
    if (family.type === 'SUMMARY') this.quantile = value;
    else this.bucket = value;
    return true;
  }

  /**
   * Adds `pair` to the line's labels; false if its name is already there. Few
   * labels are compared directly; many go through a set, so that a line with
   * thousands of labels does not cost a quadratic number of comparisons.
   */
  private addPair(pair: LabelPair): boolean {
    const pairs = this.pairs;
    if (this.pairNames !== undefined) {
      if (this.pairNames.has(pair.name)) return false;
      this.pairNames.add(pair.name);
    } else {
      for (const other of pairs) {
        if (other.name === pair.name) return false;
      }
      if (pairs.length === LINEAR_DUPLICATE_CHECK_LIMIT)
        this.pairNames = new Set(pairs.map((p) => p.name).concat(pair.name));
    }
    pairs.push(pair);
    return true;
  }

  /** Starts a new set of labels for the line. */
  private resetPairs(): void {
    this.pairs = [];
    this.pairNames = undefined;
  }

  /**
   * A metric name inside braces (`{"name",...}`) has been read: the family is
   * known now, so `quantile`/`le` among the labels read before it are taken
   * out as the family's quantile or bucket bound, in the order they came.
   */
  private resolveNameInBraces(name: string): boolean {
    if (!this.setOrCreateCurrentFamily(name)) return false;
    this.startSample();
    this.namePresent = true;
    const family = this.current!.family;
    // The pending labels were checked for duplicates as they came.
    const pending = this.pairs;
    this.resetPairs();
    this.pairs = pending.filter((pair) => !isSpecialLabel(family, pair.name));
    for (const pair of pending) {
      if (isSpecialLabel(family, pair.name) && !this.takeSpecialLabel(family, pair)) return false;
    }
    return true;
  }

  /** The label set is complete: attach it to the metric and move on to the value. */
  private closeLabels(): State {
    this.metric.label = this.pairs;
    this.resetPairs();
    this.skipBlankTab();
    if (this.eof) return DONE;
    return READING_VALUE;
  }

  // --- States -------------------------------------------------------------

  private startOfLine(): State {
    this.line++;
    this.insideBraces = false;
    this.namePresent = false;
    this.skipBlankTab();
    if (this.eof) {
      // The one place where the end of input is the normal end.
      this.eof = false;
      return DONE;
    }
    switch (this.c) {
      case HASH:
        return START_COMMENT;
      case LF:
        return START_OF_LINE;
      case OPEN_BRACE:
        this.insideBraces = true;
        return READING_LABELS;
      default:
        return READING_METRIC_NAME;
    }
  }

  private startComment(): State {
    this.skipBlankTab();
    if (this.eof) return DONE;
    if (this.c === LF) return START_OF_LINE;
    this.readTokenUntilWhitespace();
    if (this.eof) return DONE;
    if (this.c === LF) return START_OF_LINE;
    const keyword = this.token;
    if (keyword !== 'HELP' && keyword !== 'TYPE') {
      const end = this.src.indexOf('\n', this.pos - 1);
      this.seek(end === -1 ? this.length : end);
      return this.eof ? DONE : START_OF_LINE;
    }
    this.skipBlankTab();
    if (this.eof) return DONE;
    this.readTokenAsName(false);
    if (this.failed) return DONE;
    if (this.c === LF) return START_OF_LINE;
    if (!isBlankOrTab(this.c)) return this.fail('invalid metric name in comment', 'invalid_metric_name');
    if (!this.setOrCreateCurrentFamily(this.token)) return DONE;
    this.skipBlankTab();
    if (this.eof) return DONE;
    if (this.c === LF) return START_OF_LINE;
    return keyword === 'HELP' ? READING_HELP : READING_TYPE;
  }

  private readingMetricName(): State {
    this.readTokenAsName(false);
    if (this.failed) return DONE;
    if (this.token.length === 0) return this.fail('invalid metric name', 'invalid_metric_name');
    if (!this.setOrCreateCurrentFamily(this.token)) return DONE;
    this.startSample();
    this.skipBlankTabIfCurrentBlankTab();
    if (this.eof) return DONE;
    return READING_LABELS;
  }

  private readingLabels(): State {
    this.quantile = Number.NaN;
    this.bucket = Number.NaN;
    return this.c === OPEN_BRACE ? START_LABEL_NAME : READING_VALUE;
  }

  private startLabelName(): State {
    this.skipBlankTab();
    if (this.eof) return DONE;
    const awaitingName = this.insideBraces && !this.namePresent;
    if (this.c === CLOSE_BRACE) {
      if (awaitingName) return this.fail('invalid metric name', 'invalid_metric_name');
      return this.closeLabels();
    }
    this.readTokenAsName(true);
    if (this.failed) return DONE;
    if (this.token.length === 0) {
      return this.fail(`invalid label name for metric ${goQuote(this.currentName())}`, 'invalid_label_name');
    }
    this.skipBlankTabIfCurrentBlankTab();
    if (this.eof) return DONE;
    if (this.c !== EQUALS) {
      if (this.insideBraces) {
        if (this.namePresent)
          return this.fail(`multiple metric names for metric ${goQuote(this.currentName())}`);
        switch (this.c) {
          case COMMA:
            if (!this.resolveNameInBraces(this.token)) return DONE;
            return START_LABEL_NAME;
          case CLOSE_BRACE:
            if (!this.resolveNameInBraces(this.token)) return DONE;
            return this.closeLabels();
          default:
            return this.fail(`unexpected end of metric name ${goQuoteByte(this.currentByte())}`);
        }
      }
      return this.fail(`expected '=' after label name, found ${goQuoteByte(this.currentByte())}`);
    }
    const name = this.token;
    if (name === '__name__') {
      return this.fail('label name "__name__" is reserved', 'invalid_label_name');
    }
    if (!isValidLabelName(name, this.validation)) {
      return this.fail(`invalid label name ${goQuote(name)}`, 'invalid_label_name');
    }
    this.pair = { name, value: '' };
    // Before a name inside braces, which labels are special is not known yet:
    // all count as plain labels until the name sorts them out.
    this.pairIsSpecial = !awaitingName && isSpecialLabel(this.current!.family, name);
    if (!this.pairIsSpecial && !this.addPair(this.pair)) {
      return this.fail(`duplicate label names for metric ${goQuote(this.currentName())}`);
    }
    return START_LABEL_VALUE;
  }

  private startLabelValue(): State {
    this.skipBlankTab();
    if (this.eof) return DONE;
    if (this.c !== QUOTE) {
      return this.fail(`expected '"' at start of label value, found ${goQuoteByte(this.currentByte())}`);
    }
    this.readTokenAsLabelValue();
    if (this.failed) return DONE;
    const value = this.token;
    if (this.mayHoldInvalidUtf8 && !isWellFormedText(value)) {
      return this.fail(`invalid label value ${goQuote(value)}`, 'invalid_utf8');
    }
    this.pair.value = value;
    if (this.pairIsSpecial && !this.takeSpecialLabel(this.current!.family, this.pair)) return DONE;
    this.skipBlankTab();
    if (this.eof) return DONE;
    // Typed wide: the compiler would still narrow `this.c` to the quote tested above.
    const separator: number = this.c;
    switch (separator) {
      case COMMA:
        return START_LABEL_NAME;
      case CLOSE_BRACE:
        if (this.insideBraces && !this.namePresent)
          return this.fail('invalid metric name', 'invalid_metric_name');
        return this.closeLabels();
      default:
        return this.fail(`unexpected end of label value ${goQuote(value)}`);
    }
  }

  private readingValue(): State {
    const current = this.current!;
    const family = current.family;
    const type = family.type;
    if (type === 'SUMMARY' || type === 'HISTOGRAM' || type === 'GAUGE_HISTOGRAM') {
      // Lines of one summary/histogram share a metric, found by label set.
      current.grouped ??= new LabelSetIndex();
      const fresh = this.metric;
      this.metric = current.grouped.findOrAdd(fresh.label, fresh);
      if (this.metric === fresh) family.metric.push(fresh);
    } else {
      family.metric.push(this.metric);
    }
    // The value is parsed in place; only a refusal needs it as a string.
    const start = this.skipUntilWhitespace();
    if (this.eof) return DONE;
    const end = this.pos - 1;
    const value = parseGoFloat(this.src, start, end);
    if (value === undefined)
      return this.fail(`expected float as value, got ${goQuote(this.src.slice(start, end))}`);
    if (!this.storeValue(family, this.metric, value)) return DONE;
    return this.c === LF ? START_OF_LINE : START_TIMESTAMP;
  }

  /** Stores a sample's value in `metric` as the family's type and the line's name and labels say. */
  private storeValue(family: MetricFamily, metric: Metric, value: number): boolean {
    switch (family.type) {
      case 'COUNTER':
        metric.counter = { value };
        break;
      case 'GAUGE':
        metric.gauge = { value };
        break;
      case 'UNTYPED':
        metric.untyped = { value };
        break;
      case 'SUMMARY': {
        metric.summary ??= { sampleCount: 0n, sampleSum: 0, quantile: [] };
        if (this.isSummaryCount) metric.summary.sampleCount = goFloatToUint64(value);
        else if (this.isSummarySum) metric.summary.sampleSum = value;
        else if (!Number.isNaN(this.quantile))
          metric.summary.quantile.push({ quantile: this.quantile, value });
        break;
      }
      case 'HISTOGRAM':
      case 'GAUGE_HISTOGRAM':
        return this.addHistogramSample(family.name, metric, value);
    }
    return true;
  }

  private addHistogramSample(name: string, metric: Metric, value: number): boolean {
    metric.histogram ??= emptyHistogram();
    const histogram = metric.histogram;
    if (this.isHistogramCount) {
      const count = exactUint64(value);
      if (count !== undefined) {
        histogram.sampleCount = count;
      } else if (value < 0) {
        this.fail(`negative count for histogram ${goQuote(name)}`);
        return false;
      } else {
        histogram.sampleCountFloat = value;
      }
    } else if (this.isHistogramSum) {
      histogram.sampleSum = value;
    } else if (!Number.isNaN(this.bucket)) {
      const count = exactUint64(value);
      if (count !== undefined) {
        histogram.bucket.push({ upperBound: this.bucket, cumulativeCount: count });
      } else if (value < 0) {
        this.fail(`negative bucket population for histogram ${goQuote(name)}`);
        return false;
      } else {
        histogram.bucket.push({ upperBound: this.bucket, cumulativeCount: 0n, cumulativeCountFloat: value });
      }
    }
    return true;
  }

  private startTimestamp(): State {
    this.skipBlankTab();
    if (this.eof) return DONE;
    this.readTokenUntilWhitespace();
    if (this.eof) return DONE;
    const timestamp = parseGoInt64(this.token);
    if (timestamp === undefined)
      return this.fail(`expected integer as timestamp, got ${goQuote(this.token)}`);
    this.metric.timestampMs = timestamp;
    this.readTokenUntilNewline(false);
    if (this.failed) return DONE;
    if (this.token.length > 0) return this.fail(`spurious string after timestamp: ${goQuote(this.token)}`);
    return START_OF_LINE;
  }

  private readingHelp(): State {
    const family = this.current!.family;
    if (family.help !== undefined) {
      return this.fail(`second HELP line for metric name ${goQuote(family.name)}`);
    }
    this.readTokenUntilNewline(true);
    if (this.failed) return DONE;
    family.help = this.token;
    return START_OF_LINE;
  }

  private readingType(): State {
    const current = this.current!;
    if (current.typeSet) {
      return this.fail(
        `second TYPE line for metric name ${goQuote(current.family.name)}, or TYPE reported after samples`,
      );
    }
    this.readTokenUntilNewline(false);
    if (this.failed) return DONE;
    const type = metricTypeOfWord(this.token);
    if (type === undefined) return this.fail(`unknown metric type ${goQuote(this.token)}`);
    current.family.type = type;
    current.typeSet = true;
    return START_OF_LINE;
  }
}

/**
 * expfmt's `normalizeHistogram`: if any count of a histogram is a float, all
 * of them become floats (the integer fields then read zero).
 */
function normalizeHistogram(metric: Metric): void {
  const histogram = metric.histogram;
  if (histogram === undefined) return;
  const isFloat = (v: number | undefined): boolean => v !== undefined && v !== 0;
  if (
    !isFloat(histogram.sampleCountFloat) &&
    !histogram.bucket.some((b) => isFloat(b.cumulativeCountFloat))
  ) {
    return;
  }
  if (!isFloat(histogram.sampleCountFloat)) {
    histogram.sampleCountFloat = Number(histogram.sampleCount);
    histogram.sampleCount = 0n;
  }
  for (const bucket of histogram.bucket) {
    if (!isFloat(bucket.cumulativeCountFloat)) {
      bucket.cumulativeCountFloat = Number(bucket.cumulativeCount);
      bucket.cumulativeCount = 0n;
    }
  }
}
