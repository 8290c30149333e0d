import type { WrkResult } from './wrk.js';

/** One measurement of one server in one scenario. */
export interface Measurement {
  readonly scenario: Scenario;
  /** Groups in the store (×20 series each); 0 for the ceiling's store-less scenarios. */
  readonly groups: number;
  readonly server: ServerName;
  /** wrk's figures, for throughput scenarios. */
  readonly load?: WrkResult;
  /** Resident set size in bytes, for memory scenarios. */
  readonly rssBytes?: number;
  /** Resident bytes per stored series beyond the empty server's, for `memory after load`. */
  readonly bytesPerSeries?: number;
  /** What else ran meanwhile, e.g. the pushes of `scrape while pushing`. */
  readonly background?: WrkResult;
}

export type ServerName = 'pushgate' | 'go' | 'ceiling' | 'pushgate (file)';

export type Scenario =
  | 'memory empty'
  | 'memory after load'
  | 'memory after run'
  | 'push'
  | 'scrape'
  | 'scrape gzip'
  | 'scrape while pushing';

/** The figure a ratio is taken of: requests per second, or resident bytes. */
export function comparable(m: Measurement | undefined): number | undefined {
  if (!m) return undefined;
  return m.rssBytes ?? m.load?.requestsPerSecond;
}

function figure(m: Measurement | undefined): string {
  if (!m) return 'n/a';
  if (m.rssBytes !== undefined) {
    const perSeries = m.bytesPerSeries === undefined ? '' : ` (${m.bytesPerSeries.toFixed(0)} B/series)`;
    return `${(m.rssBytes / 2 ** 20).toFixed(1)} MiB${perSeries}`;
  }
  const load = m.load;
  if (!load) return 'n/a';
  const failures = load.errors + load.non2xx;
  const failed = failures > 0 ? ` (${load.errors} errors, ${load.non2xx} non-2xx)` : '';
  const background = m.background ? `; pushes ${m.background.requestsPerSecond.toFixed(0)}/s` : '';
  return `${rate(load.requestsPerSecond)}/s, p99 ${load.p99Ms.toFixed(1)} ms${failed}${background}`;
}

/** Requests per second: whole above 100/s, two decimals below, where whole numbers would hide Go's. */
export function rate(perSecond: number): string {
  return perSecond >= 100 ? perSecond.toFixed(0) : perSecond.toFixed(2);
}

function ratio(ours: number | undefined, theirs: number | undefined): string {
  return ours !== undefined && theirs ? `${(ours / theirs).toFixed(2)}×` : 'n/a';
}

/**
 * The results as a Markdown table: one row per scenario and store size with
 * our figure, Go's, the ceiling's (the bare Node server doing the same I/O),
 * and the ratios ours / Go and ours / ceiling.
 */
export function markdownTable(measurements: readonly Measurement[]): string {
  const find = (scenario: Scenario, groups: number, server: ServerName) =>
    measurements.find((m) => m.scenario === scenario && m.groups === groups && m.server === server);
  const lines = [
    '| scenario | groups | pushgate | go | ceiling | pushgate / go | pushgate / ceiling |',
    '| --- | ---: | --- | --- | --- | ---: | ---: |',
  ];
  for (const ours of measurements.filter((m) => m.server === 'pushgate')) {
    const go = find(ours.scenario, ours.groups, 'go');
    // The ceiling pushes without a store, so one push figure serves every size.
    const ceiling = find(ours.scenario, ours.scenario === 'push' ? 0 : ours.groups, 'ceiling');
    lines.push(
      `| ${ours.scenario} | ${ours.groups} | ${figure(ours)} | ${figure(go)} | ${ceiling ? figure(ceiling) : ''} | ${ratio(comparable(ours), comparable(go))} | ${ceiling ? ratio(comparable(ours), comparable(ceiling)) : ''} |`,
    );
  }
  for (const file of measurements.filter((m) => m.server === 'pushgate (file)')) {
    const memory = find(file.scenario, file.groups, 'pushgate');
    lines.push(
      `| ${file.scenario}, --persistence.file | ${file.groups} | ${figure(file)} | | | ${ratio(comparable(file), comparable(memory))} of memory-only | |`,
    );
  }
  return lines.join('\n');
}
