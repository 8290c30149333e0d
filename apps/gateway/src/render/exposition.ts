import { compareUtf8, type MetricFamily, writeText } from '@pushgate/protocol';
import type { MergedFamily, MetricStore } from '../storage/store.js';
import { compareSeries } from './series-order.js';

/** What `/metrics` serves: the store's families merged with the gateway's own. */
export interface Exposition {
  /**
   * The text exposition (format 0.0.4) as UTF-8: every family of the store and
   * of `own`, sorted by name, each with its metrics sorted, byte for byte as
   * the Go pushgateway renders the same families. The store's part comes from
   * its cached renderings; only `own` is rendered on each call.
   */
  text(own: readonly MetricFamily[]): Buffer;
  /**
   * {@link text} as the chunks it is made of, to be written in order (e.g.
   * with `writev`): saves copying the whole text into one buffer on every
   * scrape. The chunks are shared with the cache and must not be modified.
   */
  chunks(own: readonly MetricFamily[]): Buffer[];
  /** The same families as {@link text}, for protobuf scrapes. */
  families(own: readonly MetricFamily[]): MetricFamily[];
}

/**
 * Creates the exposition of `store`. `own` families (the gateway's process,
 * Node.js and `pushgateway_*` metrics, gathered per scrape) are merged in by
 * name as Go's `Gatherers` merge them: a name both pushed and own becomes one
 * family with the own HELP and type and the metrics of both. Pushed metrics of
 * a type other than the own family's (stored only with the check off) are
 * left out. Own families without metrics are left out, as Go drops them.
 */
export function createExposition(store: Pick<MetricStore, 'merged'>): Exposition {
  const chunks = (own: readonly MetricFamily[]): Buffer[] => {
    const out: Buffer[] = [];
    mergeWithOwn(store.merged(), own, {
      pushed: (view) => {
        for (const chunk of view.text()) out.push(chunk);
      },
      rendered: (family) => {
        out.push(Buffer.from(writeText([family]), 'utf8'));
      },
    });
    return out;
  };
  return {
    text: (own) => Buffer.concat(chunks(own)),
    chunks,
    families(own) {
      const families: MetricFamily[] = [];
      mergeWithOwn(store.merged(), own, {
        pushed: (view) => {
          families.push(view.family());
        },
        rendered: (family) => {
          families.push(family);
        },
      });
      return families;
    },
  };
}

interface MergeSink {
  /** A family only the store has. */
  pushed(view: MergedFamily): void;
  /** A family built for this call (own, or own merged with pushed). */
  rendered(family: MetricFamily): void;
}

function mergeWithOwn(merged: readonly MergedFamily[], own: readonly MetricFamily[], sink: MergeSink): void {
  const ownSorted = own
    .filter((family) => family.metric.length > 0)
    .map((family) => ({ ...family, metric: [...family.metric].sort(compareSeries) }))
    .sort((a, b) => compareUtf8(a.name, b.name));
  let o = 0;
  for (const view of merged) {
    for (let next = ownSorted[o]; next && compareUtf8(next.name, view.name) < 0; next = ownSorted[++o]) {
      sink.rendered(next);
    }
    const same = ownSorted[o];
    if (same && same.name === view.name) {
      sink.rendered(combine(same, view));
      o++;
    } else {
      sink.pushed(view);
    }
  }
  for (; o < ownSorted.length; o++) {
    const rest = ownSorted[o];
    if (rest) sink.rendered(rest);
  }
}

/** One family of an own family and the pushed metrics of the same name (and type). */
function combine(own: MetricFamily, view: MergedFamily): MetricFamily {
  if (view.type !== own.type) return own;
  return { ...own, metric: [...own.metric, ...view.family().metric].sort(compareSeries) };
}
