import {
  type Metric,
  type MetricFamily,
  type MetricType,
  writeFamilyHeader,
  writeMetric,
} from '@pushgate/protocol';
import type { MergedFamily } from '../storage/store.js';
import { type SeriesHint, SortedSeries } from './sorted-series.js';

/**
 * The store-side implementation of {@link MergedFamily}: the series of one
 * family name from all groups, sorted, with cached renderings. The store
 * decides which metrics belong here and tells the view about each change;
 * the view keeps the order and renders lazily, on the next read.
 */
export class MergedFamilyView implements MergedFamily {
  readonly name: string;
  private currentType: MetricType;
  private currentHelp: string | undefined;
  /** What `writeMetric` needs to know about the family: name and type. */
  private shape: MetricFamily;
  private series: SortedSeries;
  private cachedFamily: MetricFamily | undefined;
  private cachedHeader: Buffer | undefined;
  private cachedText: Buffer[] | undefined;

  constructor(name: string, type: MetricType, help: string | undefined) {
    this.name = name;
    this.currentType = type;
    this.currentHelp = help;
    this.shape = familyShape(name, type, help);
    this.series = this.newSeries();
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
    this.series = this.newSeries();
    this.cachedHeader = undefined;
    this.changed();
  }

  /** Adds `metrics`; returns where each went, for later changes of them. */
  insert(metrics: readonly Metric[]): SeriesHint[] {
    const hints = metrics.map((metric) => this.series.insert(metric));
    if (metrics.length > 0) this.changed();
    return hints;
  }

  /** Removes these very metric objects, which must have been inserted; `hints` as returned for them. */
  remove(metrics: readonly Metric[], hints: readonly SeriesHint[]): void {
    for (let i = 0; i < metrics.length; i++) {
      const metric = metrics[i];
      if (metric) this.series.remove(metric, hints[i]);
    }
    if (metrics.length > 0) this.changed();
  }

  /**
   * Replaces each of `previous` (with its hint) by the metric at the same
   * index of `next`, which must be the same series (same labels), in place;
   * returns where each went.
   */
  replaceEach(
    previous: readonly Metric[],
    next: readonly Metric[],
    hints: readonly SeriesHint[],
  ): SeriesHint[] {
    const placed: SeriesHint[] = [];
    for (let i = 0; i < next.length; i++) {
      const before = previous[i];
      const after = next[i];
      if (!before || !after) continue;
      const hint = this.series.replace(before, after, hints[i]);
      if (hint) placed.push(hint);
    }
    if (next.length > 0) this.changed();
    return placed;
  }

  family(): MetricFamily {
    this.cachedFamily ??= { ...this.shape, metric: this.series.metrics() };
    return this.cachedFamily;
  }

  text(): readonly Buffer[] {
    if (!this.cachedText) {
      this.cachedHeader ??= Buffer.from(writeFamilyHeader(this.shape), 'utf8');
      const chunks = [this.cachedHeader];
      this.series.appendText(chunks);
      this.cachedText = chunks;
    }
    return this.cachedText;
  }

  private newSeries(): SortedSeries {
    return new SortedSeries((metric) => writeMetric(this.shape, metric));
  }

  private changed(): void {
    this.cachedFamily = undefined;
    this.cachedText = undefined;
  }
}

/** A family without metrics, carrying what the writers need. */
function familyShape(name: string, type: MetricType, help: string | undefined): MetricFamily {
  return help === undefined ? { name, type, metric: [] } : { name, type, help, metric: [] };
}
