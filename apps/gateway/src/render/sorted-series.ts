/** Blocks split in two above this many series, which bounds the work one change causes. */
const MAX_BLOCK_SIZE = 64;

/**
 * A run of consecutive series with their rendering, in parallel arrays
 * rather than an object per series: fewer objects for the garbage collector
 * to trace in a store of millions of series.
 */
interface Block<H> {
  /** Label-set keys, ascending. */
  keys: string[];
  /** Whose series each is. */
  holders: H[];
  /** Each series' position among its holder's series, for rendering it. */
  ordinals: number[];
  /** Byte offset of each series' lines in `text`, or -1 when they must be rendered. */
  starts: number[];
  /** Byte length of each series' lines in `text` (unused while its start is -1). */
  lengths: number[];
  /** The block's rendering as of its last render; stale while `dirty`. */
  text: Buffer;
  dirty: boolean;
  /** Whether series were added or removed since the last render (the arrays may have spare room). */
  resized: boolean;
}

const EMPTY = Buffer.alloc(0);

declare const hintBrand: unique symbol;

/**
 * Where a series was put, returned by {@link SortedSeries.insert} and
 * {@link SortedSeries.touch}: passing it to the next change of that series
 * spares the search. It may go stale (when its block splits); it is checked,
 * and the search done then.
 */
export interface SeriesHint {
  readonly [hintBrand]: true;
}

function hintOf<H>(block: Block<H>): SeriesHint {
  return block as unknown as SeriesHint;
}

/**
 * Renders the lines of the series at `ordinal` among `holder`'s series.
 * It must depend on that series alone.
 */
export type RenderSeries<H> = (holder: H, ordinal: number) => string;

/**
 * The series of one family in exposition order, identified by label-set key
 * and holder (the same key has several holders only when the consistency
 * check is off), kept as a list of small blocks with their rendered text.
 * Inserting or removing a series costs a binary search and a splice within
 * one block; marking a series changed costs a scan of its block given its
 * hint; each change marks only its block for re-rendering, and re-rendering
 * a block renders only the series marked since its last render and copies
 * the bytes of the others.
 */
export class SortedSeries<H> {
  private blocks: Block<H>[] = [];
  private count = 0;

  /** How many series are held. */
  get size(): number {
    return this.count;
  }

  /** Adds the series `key` of `holder`, after any series with the same key. */
  insert(key: string, holder: H, ordinal: number): SeriesHint {
    this.count++;
    if (this.blocks.length === 0) {
      const first: Block<H> = {
        keys: [key],
        holders: [holder],
        ordinals: [ordinal],
        starts: [-1],
        lengths: [0],
        text: EMPTY,
        dirty: true,
        resized: false,
      };
      this.blocks.push(first);
      return hintOf(first);
    }
    const b = Math.min(this.firstBlockEndingAfter(key, false), this.blocks.length - 1);
    const block = this.blocks[b] as Block<H>;
    const at = upperBound(block.keys, key);
    block.keys.splice(at, 0, key);
    block.holders.splice(at, 0, holder);
    block.ordinals.splice(at, 0, ordinal);
    block.starts.splice(at, 0, -1);
    block.lengths.splice(at, 0, 0);
    block.dirty = true;
    block.resized = true;
    if (block.keys.length <= MAX_BLOCK_SIZE) return hintOf(block);
    return hintOf(this.split(b, block, at));
  }

  /** Removes the series `key` of `holder`; returns whether it was held. */
  remove(key: string, holder: H, hint?: SeriesHint): boolean {
    const at = this.locate(key, holder, hint);
    if (!at) return false;
    this.count--;
    const { block, i } = at;
    block.keys.splice(i, 1);
    block.holders.splice(i, 1);
    block.ordinals.splice(i, 1);
    block.starts.splice(i, 1);
    block.lengths.splice(i, 1);
    block.dirty = true;
    block.resized = true;
    if (block.keys.length === 0) this.blocks.splice(this.blocks.indexOf(block), 1);
    return true;
  }

  /**
   * Marks the series `key` of `holder` for re-rendering, now at `ordinal`
   * among its holder's series (a new sample of it was stored). Returns
   * where it is, or `undefined` if it was not held.
   */
  touch(key: string, holder: H, ordinal: number, hint?: SeriesHint): SeriesHint | undefined {
    const at = this.locate(key, holder, hint);
    if (!at) return undefined;
    at.block.ordinals[at.i] = ordinal;
    at.block.starts[at.i] = -1;
    at.block.dirty = true;
    return hintOf(at.block);
  }

  /** The first holder of the series `key` that `accept` accepts, in order. */
  holderOf(key: string, accept: (holder: H) => boolean): H | undefined {
    for (let b = this.firstBlockEndingAfter(key, true); b < this.blocks.length; b++) {
      const block = this.blocks[b] as Block<H>;
      for (let i = lowerBound(block.keys, key); i < block.keys.length; i++) {
        if (block.keys[i] !== key) return undefined;
        const holder = block.holders[i] as H;
        if (accept(holder)) return holder;
      }
    }
    return undefined;
  }

  /** Calls `visit` with every series' holder and ordinal, in order. */
  forEach(visit: (holder: H, ordinal: number) => void): void {
    for (const block of this.blocks) {
      for (let i = 0; i < block.keys.length; i++) visit(block.holders[i] as H, block.ordinals[i] as number);
    }
  }

  /**
   * Appends the rendered blocks, in order, to `out`; renders with `render`
   * the series marked since their block's last render.
   */
  appendText(out: Buffer[], render: RenderSeries<H>): void {
    for (const block of this.blocks) {
      if (block.dirty) rerender(block, render);
      out.push(block.text);
    }
  }

  /**
   * The index of the first block whose last key is after `key` (or equal,
   * with `orEqual`), or the block count.
   */
  private firstBlockEndingAfter(key: string, orEqual: boolean): number {
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const last = (this.blocks[mid] as Block<H>).keys.at(-1) as string;
      if (last > key || (orEqual && last === key)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Where the series `key` of `holder` is, if held: found through `hint` if it is right, else searched. */
  private locate(
    key: string,
    holder: H,
    hint: SeriesHint | undefined,
  ): { block: Block<H>; i: number } | undefined {
    if (hint) {
      const block = hint as unknown as Block<H>;
      for (let i = block.keys.indexOf(key); i >= 0 && block.keys[i] === key; i++) {
        if (block.holders[i] === holder) return { block, i };
      }
    }
    for (let b = this.firstBlockEndingAfter(key, true); b < this.blocks.length; b++) {
      const block = this.blocks[b] as Block<H>;
      for (let i = lowerBound(block.keys, key); i < block.keys.length; i++) {
        if (block.keys[i] !== key) return undefined;
        if (block.holders[i] === holder) return { block, i };
      }
    }
    return undefined;
  }

  /**
   * Splits an overfull block in two that keep referring to its last
   * rendering; returns the one now holding the series at `at`. A series
   * added at either end (as when series arrive in order) goes alone into the
   * new block, which leaves the other full; otherwise the block is halved.
   */
  private split(b: number, block: Block<H>, at: number): Block<H> {
    const size = block.keys.length;
    const cut = at === size - 1 ? at : at === 0 ? 1 : size >>> 1;
    const tail: Block<H> = {
      keys: block.keys.splice(cut),
      holders: block.holders.splice(cut),
      ordinals: block.ordinals.splice(cut),
      starts: block.starts.splice(cut),
      lengths: block.lengths.splice(cut),
      text: block.text,
      dirty: true,
      resized: true,
    };
    this.blocks.splice(b + 1, 0, tail);
    return at < cut ? block : tail;
  }
}

/**
 * Renders a block into a buffer of its own (not a slice of Node's shared
 * pool, which one long-lived block would keep alive whole): new lines for
 * the series marked, runs of bytes copied from the last rendering for the
 * others.
 */
function rerender<H>(block: Block<H>, render: RenderSeries<H>): void {
  if (block.resized) trim(block);
  const { starts, lengths } = block;
  const fresh: (string | undefined)[] = [];
  let total = 0;
  for (let i = 0; i < block.keys.length; i++) {
    if ((starts[i] as number) < 0) {
      const lines = render(block.holders[i] as H, block.ordinals[i] as number);
      fresh[i] = lines;
      lengths[i] = Buffer.byteLength(lines, 'utf8');
    }
    total += lengths[i] as number;
  }
  const old = block.text;
  const text = Buffer.allocUnsafeSlow(total);
  let offset = 0;
  // Bytes of series rendered before are copied in runs that were contiguous in the old text.
  let runFrom = -1;
  let runTo = -1;
  let runAt = 0;
  for (let i = 0; i < block.keys.length; i++) {
    const start = starts[i] as number;
    const length = lengths[i] as number;
    if (runFrom >= 0 && start === runTo) {
      runTo += length;
    } else {
      if (runFrom >= 0) old.copy(text, runAt, runFrom, runTo);
      runFrom = -1;
      if (start >= 0) {
        runFrom = start;
        runTo = start + length;
        runAt = offset;
      } else {
        text.write(fresh[i] as string, offset, 'utf8');
      }
    }
    starts[i] = offset;
    offset += length;
  }
  if (runFrom >= 0) old.copy(text, runAt, runFrom, runTo);
  block.text = text;
  block.dirty = false;
}

/**
 * Copies the block's arrays to arrays of their exact length: splices leave
 * spare room, a few hundred bytes per block, which a store of millions of
 * series would otherwise keep for good.
 */
function trim<H>(block: Block<H>): void {
  block.keys = block.keys.slice();
  block.holders = block.holders.slice();
  block.ordinals = block.ordinals.slice();
  block.starts = block.starts.slice();
  block.lengths = block.lengths.slice();
  block.resized = false;
}

/** The first index whose key is at or after `key`. */
function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose key is after `key`. */
function upperBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as string) <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
