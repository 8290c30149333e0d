import {
  type Metric,
  type MetricFamily,
  type MetricType,
  writeFamilyHeader,
  writeMetric,
} from '@pushgate/protocol';
import type { MergedFamily } from '../storage/store.js';
import type { StoredFamily } from '../storage/stored-family.js';
import { type SeriesHint, SortedSeries } from './sorted-series.js';

/** Whose series a view holds: one group's family of the view's name, as currently stored. */
export interface SeriesHolder {
  readonly stored: StoredFamily;
}

/**
 * The store-side implementation of {@link MergedFamily}: the series of one
 * family name from all groups, sorted, with cached renderings. The store
 * decides which series belong here and tells the view about each change;
 * the view keeps the order and renders lazily, on the next read, from the
 * holders' stored families.
 */
export class MergedFamilyView<H extends SeriesHolder> implements MergedFamily {
  readonly name: string;
  private currentType: MetricType;
  private currentHelp: string | undefined;
  /** What `writeMetric` needs to know about the family: name and type. */
  private shape: MetricFamily;
  private series = new SortedSeries<H>();
  /**
   * The last family built, for as long as a caller keeps it: the same
   * object while nothing changed, without keeping a decoded copy of every
   * series once nobody needs it.
   */
  private familyRef: WeakRef<MetricFamily> | undefined;
  private cachedHeader: Buffer | undefined;
  private cachedText: Buffer[] | undefined;

  constructor(name: string, type: MetricType, help: string | undefined) {
    this.name = name;
    this.currentType = type;
    this.currentHelp = help;
    this.shape = familyShape(name, type, help);
  }

  get type(): MetricType {
    return this.currentType;
  }

  get help(): string | undefined {
    return this.currentHelp;
  }

  /** How many series the family holds. */
  get size(): number {
    return this.series.size;
  }

  /** Changes the HELP text. */
  setHelp(help: string | undefined): void {
    if (help === this.currentHelp) return;
    this.currentHelp = help;
    this.shape = familyShape(this.name, this.currentType, help);
    this.cachedHeader = undefined;
    this.changed();
  }

  /** Changes the type and drops every series: the caller re-adds those of the new type. */
  reset(type: MetricType, help: string | undefined): void {
    this.currentType = type;
    this.currentHelp = help;
    this.shape = familyShape(this.name, type, help);
    this.series = new SortedSeries<H>();
    this.cachedHeader = undefined;
    this.changed();
  }

  /** Adds the series of `holder`, one per key; returns where each went, for later changes of them. */
  insert(holder: H, keys: readonly string[]): SeriesHint[] {
    const hints = keys.map((key, ordinal) => this.series.insert(key, holder, ordinal));
    if (keys.length > 0) this.changed();
    return hints;
  }

  /** Removes the series `keys` of `holder`, which must have been inserted; `hints` as returned for them. */
  remove(holder: H, keys: readonly string[], hints: readonly (SeriesHint | undefined)[]): void {
    for (let i = 0; i < keys.length; i++) this.series.remove(keys[i] as string, holder, hints[i]);
    if (keys.length > 0) this.changed();
  }

  /**
   * Marks the series `keys` of `holder` changed: its stored family was
   * rewritten, or replaced by one with the same series in the same order.
   * Updates `hints` in place to where each series is.
   */
  touch(holder: H, keys: readonly string[], hints: (SeriesHint | undefined)[]): void {
    for (let i = 0; i < keys.length; i++)
      hints[i] = this.series.touch(keys[i] as string, holder, i, hints[i]);
    if (keys.length > 0) this.changed();
  }

  /** The first holder of the series `key` that `accept` accepts. */
  holderOf(key: string, accept: (holder: H) => boolean): H | undefined {
    return this.series.holderOf(key, accept);
  }

  family(): MetricFamily {
    const cached = this.familyRef?.deref();
    if (cached) return cached;
    const metrics = decodedMetrics<H>();
    const metric: Metric[] = [];
    this.series.forEach((holder, ordinal) => {
      metric.push(metrics(holder)[ordinal] as Metric);
    });
    const family = { ...this.shape, metric };
    this.familyRef = new WeakRef(family);
    return family;
  }

  text(): readonly Buffer[] {
    if (!this.cachedText) {
      this.cachedHeader ??= Buffer.from(writeFamilyHeader(this.shape), 'utf8');
      const chunks = [this.cachedHeader];
      const metrics = decodedMetrics<H>(true);
      const shape = this.shape;
      this.series.appendText(chunks, (holder, ordinal) =>
        writeMetric(shape, metrics(holder)[ordinal] as Metric),
      );
      this.cachedText = chunks;
    }
    return this.cachedText;
  }

  private changed(): void {
    this.familyRef = undefined;
    this.cachedText = undefined;
  }
}

/** Holders whose decoded metrics a read keeps at once (see {@link decodedMetrics}). */
const DECODED_HOLDERS = 256;

/**
 * The metrics of each holder, decoded once per read however many of its
 * series the read needs (usually all of them: a push rewrites the whole
 * family), for `bounded` reads only for the last few holders: rendering
 * goes through the series in order, where a group's series mostly follow
 * one another, and a first scrape of a large store must not hold a decoded
 * copy of all of it at once.
 */
function decodedMetrics<H extends SeriesHolder>(bounded = false): (holder: H) => Metric[] {
  const decoded = new Map<H, Metric[]>();
  return (holder) => {
    let metrics = decoded.get(holder);
    if (!metrics) {
      if (bounded && decoded.size >= DECODED_HOLDERS) decoded.clear();
      metrics = holder.stored.metrics();
      decoded.set(holder, metrics);
    }
    return metrics;
  };
}

/** A family without metrics, carrying what the writers need. */
function familyShape(name: string, type: MetricType, help: string | undefined): MetricFamily {
  return help === undefined ? { name, type, metric: [] } : { name, type, help, metric: [] };
}
