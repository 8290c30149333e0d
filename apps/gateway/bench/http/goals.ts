import { comparable, type Measurement, rate, type Scenario, type ServerName } from './report.js';

/** One of issue 11's goals, judged from the figures of one harness run. */
export interface GoalVerdict {
  readonly goal: string;
  /**
   * `not measured` when the run lacks a figure the goal needs: Go not
   * installed, a store size not run, or requests that failed (a rate of
   * failures says nothing about the gateway's speed).
   */
  readonly verdict: 'met' | 'not met' | 'not measured';
  /** The ratio and the figures it was taken of, or what was missing. */
  readonly detail: string;
}

/** A figure of the run (a rate in requests per second, or resident bytes), or why there is none. */
type Figure = { value: number; bytes: boolean } | { missing: string };

/**
 * Judges the run's measurements against the goals of issue 11: push ≥ 100×
 * Go's at 1,000 groups and flat up to 100,000 groups (≥ 0.8× of the figure
 * at 100), scrape ≥ 20× Go's at 10,000 groups (also while pushing),
 * resident memory ≤ 0.5× Go's after loading each store size, and push with
 * persistence ≥ 0.8× memory-only.
 */
export function judgeGoals(measurements: readonly Measurement[]): GoalVerdict[] {
  const figure = (scenario: Scenario, groups: number, server: ServerName): Figure => {
    const m = measurements.find((x) => x.scenario === scenario && x.groups === groups && x.server === server);
    const value = comparable(m);
    if (m === undefined || value === undefined)
      return { missing: `no ${server} ${scenario} figure at ${groups} groups` };
    const failures = [m.load, m.background].reduce(
      (sum, load) => sum + (load ? load.errors + load.non2xx : 0),
      0,
    );
    if (failures > 0)
      return { missing: `${failures} failed requests in ${server} ${scenario} at ${groups} groups` };
    return { value, bytes: m.rssBytes !== undefined };
  };
  const verdicts: GoalVerdict[] = [
    atLeast(
      'push ≥ 100× Go at 1,000 groups',
      figure('push', 1000, 'pushgate'),
      figure('push', 1000, 'go'),
      100,
    ),
    atLeast(
      'push at 100,000 groups ≥ 0.8× push at 100',
      figure('push', 100000, 'pushgate'),
      figure('push', 100, 'pushgate'),
      0.8,
    ),
    ...(['scrape', 'scrape while pushing'] as const).map((scenario) =>
      atLeast(
        `${scenario} ≥ 20× Go at 10,000 groups`,
        figure(scenario, 10000, 'pushgate'),
        figure(scenario, 10000, 'go'),
        20,
      ),
    ),
  ];
  const loadedSizes = measurements
    .filter((m) => m.scenario === 'memory after load' && m.server === 'pushgate')
    .map((m) => m.groups);
  for (const groups of loadedSizes) {
    verdicts.push(
      atMost(
        `resident memory ≤ 0.5× Go after loading ${groups.toLocaleString('en')} groups`,
        figure('memory after load', groups, 'pushgate'),
        figure('memory after load', groups, 'go'),
        0.5,
      ),
    );
  }
  verdicts.push(
    atLeast(
      'push with --persistence.file ≥ 0.8× memory-only at 1,000 groups',
      figure('push', 1000, 'pushgate (file)'),
      figure('push', 1000, 'pushgate'),
      0.8,
    ),
  );
  return verdicts;
}

function atLeast(goal: string, ours: Figure, base: Figure, minimum: number): GoalVerdict {
  return judged(goal, ours, base, (ratio) => ratio >= minimum);
}

function atMost(goal: string, ours: Figure, base: Figure, maximum: number): GoalVerdict {
  return judged(goal, ours, base, (ratio) => ratio <= maximum);
}

function judged(goal: string, ours: Figure, base: Figure, meets: (ratio: number) => boolean): GoalVerdict {
  if ('missing' in ours) return { goal, verdict: 'not measured', detail: ours.missing };
  if ('missing' in base) return { goal, verdict: 'not measured', detail: base.missing };
  // A base of 0 (Go completing no request in the time allowed) makes the ratio infinite: more than any minimum.
  const ratio = ours.value / base.value;
  if (Number.isNaN(ratio)) return { goal, verdict: 'not measured', detail: 'both figures are 0' };
  return {
    goal,
    verdict: meets(ratio) ? 'met' : 'not met',
    detail: `${Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'no ratio'} (${plain(ours)} / ${plain(base)})`,
  };
}

function plain({ value, bytes }: { value: number; bytes: boolean }): string {
  return bytes ? `${(value / 2 ** 20).toFixed(1)} MiB` : `${rate(value)}/s`;
}

/** The verdicts as a Markdown table. */
export function goalsTable(verdicts: readonly GoalVerdict[]): string {
  return [
    '| goal | verdict | ratio (measured / compared with) |',
    '| --- | --- | --- |',
    ...verdicts.map((v) => `| ${v.goal} | ${v.verdict} | ${v.detail} |`),
  ].join('\n');
}
