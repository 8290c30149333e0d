import type { Metric } from '@pushgate/protocol';
import { compareSeries } from './series-order.js';

/** Blocks split in two above this many series, which bounds the work one change causes. */
const MAX_BLOCK_SIZE = 64;

/** A run of consecutive series with their rendering. */
interface Block {
  metrics: Metric[];
  /** Byte offset of each metric's lines in `text`, or -1 when not rendered yet. */
  starts: number[];
  /** Byte length of each metric's lines in `text` (unused while its start is -1). */
  lengths: number[];
  /** The block's rendering as of its last render; stale while `dirty`. */
  text: Buffer;
  dirty: boolean;
}

const EMPTY = Buffer.alloc(0);

declare const hintBrand: unique symbol;

/**
 * Where a series was put, returned by {@link SortedSeries.insert} and
 * {@link SortedSeries.replace}: passing it to the next change of that series
 * spares the search. It may go stale (when its block splits); it is checked,
 * and the search done then.
 */
export interface SeriesHint {
  readonly [hintBrand]: true;
}

function hintOf(block: Block): SeriesHint {
  return block as unknown as SeriesHint;
}

/**
 * The series of one family in sorted order ({@link compareSeries}), kept as a
 * list of small blocks with their rendered text. Inserting or removing a
 * series costs a binary search and a splice within one block, replacing a
 * series by a new sample of it (same labels) costs nothing more than a scan
 * of its block given its hint, and each change marks only its block for
 * re-rendering; re-rendering a block renders only the series added since its
 * last render and copies the bytes of the others.
 */
export class SortedSeries {
  private blocks: Block[] = [];
  private count = 0;

  /** `render` gives the text lines of one series; it must depend on the series alone. */
  constructor(private readonly render: (metric: Metric) => string) {}

  /** How many series are held. */
  get size(): number {
    return this.count;
  }

  /** Adds `metric`, after any series that compare equal to it. */
  insert(metric: Metric): SeriesHint {
    this.count++;
    if (this.blocks.length === 0) {
      const first: Block = { metrics: [metric], starts: [-1], lengths: [0], text: EMPTY, dirty: true };
      this.blocks.push(first);
      return hintOf(first);
    }
    const b = Math.min(
      this.firstBlockEndingAfter(metric, (c) => c > 0),
      this.blocks.length - 1,
    );
    const block = this.blocks[b] as Block;
    const at = upperBound(block.metrics, metric);
    block.metrics.splice(at, 0, metric);
    block.starts.splice(at, 0, -1);
    block.lengths.splice(at, 0, 0);
    block.dirty = true;
    if (block.metrics.length <= MAX_BLOCK_SIZE) return hintOf(block);
    return hintOf(this.split(b, block, at));
  }

  /** Removes `metric` (this very object); returns whether it was held. */
  remove(metric: Metric, hint?: SeriesHint): boolean {
    const at = this.locate(metric, hint);
    if (!at) return false;
    this.count--;
    const { block, i } = at;
    block.metrics.splice(i, 1);
    block.starts.splice(i, 1);
    block.lengths.splice(i, 1);
    block.dirty = true;
    if (block.metrics.length === 0) this.blocks.splice(this.blocks.indexOf(block), 1);
    return true;
  }

  /**
   * Puts `next` where `previous` (this very object) is; `next` must compare
   * equal to it, as a new sample of the same series does. Returns where it
   * went, or `undefined` if `previous` was not held.
   */
  replace(previous: Metric, next: Metric, hint?: SeriesHint): SeriesHint | undefined {
    const at = this.locate(previous, hint);
    if (!at) return undefined;
    at.block.metrics[at.i] = next;
    at.block.starts[at.i] = -1;
    at.block.dirty = true;
    return hintOf(at.block);
  }

  /** Every series, in order. */
  metrics(): Metric[] {
    const out: Metric[] = [];
    for (const block of this.blocks) for (const metric of block.metrics) out.push(metric);
    return out;
  }

  /** Appends the rendered blocks, in order, to `out`; renders blocks that changed since their last render. */
  appendText(out: Buffer[]): void {
    for (const block of this.blocks) {
      if (block.dirty) this.rerender(block);
      out.push(block.text);
    }
  }

  /** The index of the first block whose last series `c(compare(last, metric))` accepts, or the block count. */
  private firstBlockEndingAfter(metric: Metric, accept: (comparison: number) => boolean): number {
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const last = this.blocks[mid]?.metrics.at(-1);
      if (last && accept(compareSeries(last, metric))) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Where `metric` (this very object) is, if held: found through `hint` if it is right, else searched. */
  private locate(metric: Metric, hint: SeriesHint | undefined): { block: Block; i: number } | undefined {
    if (hint) {
      const block = hint as unknown as Block;
      const i = block.metrics.indexOf(metric);
      if (i >= 0) return { block, i };
    }
    for (let b = this.firstBlockEndingAfter(metric, (c) => c >= 0); b < this.blocks.length; b++) {
      const block = this.blocks[b];
      if (!block) break;
      for (let i = lowerBound(block.metrics, metric); i < block.metrics.length; i++) {
        const candidate = block.metrics[i];
        if (candidate === metric) return { block, i };
        if (candidate && compareSeries(candidate, metric) !== 0) return undefined;
      }
    }
    return undefined;
  }

  /**
   * Splits an overfull block in two halves that keep referring to its last
   * rendering; returns the half now holding the series at `at`.
   */
  private split(b: number, block: Block, at: number): Block {
    const half = block.metrics.length >>> 1;
    const tail: Block = {
      metrics: block.metrics.splice(half),
      starts: block.starts.splice(half),
      lengths: block.lengths.splice(half),
      text: block.text,
      dirty: true,
    };
    this.blocks.splice(b + 1, 0, tail);
    return at < half ? block : tail;
  }

  private rerender(block: Block): void {
    const pieces: Buffer[] = [];
    const old = block.text;
    // Series rendered before are copied in runs that were contiguous in the old text.
    let runStart = -1;
    let runEnd = -1;
    const starts = block.starts;
    const lengths = block.lengths;
    let offset = 0;
    for (let i = 0; i < block.metrics.length; i++) {
      const start = starts[i] ?? -1;
      const length = lengths[i] ?? 0;
      if (start >= 0 && start === runEnd) {
        runEnd += length;
      } else {
        if (runStart >= 0) pieces.push(old.subarray(runStart, runEnd));
        runStart = -1;
        runEnd = -1;
        if (start >= 0) {
          runStart = start;
          runEnd = start + length;
        } else {
          const metric = block.metrics[i];
          const piece = metric ? Buffer.from(this.render(metric), 'utf8') : EMPTY;
          pieces.push(piece);
          lengths[i] = piece.length;
        }
      }
      starts[i] = offset;
      offset += lengths[i] ?? 0;
    }
    if (runStart >= 0) pieces.push(old.subarray(runStart, runEnd));
    block.text = Buffer.concat(pieces, offset);
    block.dirty = false;
  }
}

/** The first index whose series compares greater than or equal to `metric`. */
function lowerBound(metrics: readonly Metric[], metric: Metric): number {
  let lo = 0;
  let hi = metrics.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const candidate = metrics[mid];
    if (candidate && compareSeries(candidate, metric) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose series compares greater than `metric`. */
function upperBound(metrics: readonly Metric[], metric: Metric): number {
  let lo = 0;
  let hi = metrics.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const candidate = metrics[mid];
    if (candidate && compareSeries(candidate, metric) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
