/**
 * How the `pnpm bench` harness judges issue 11's goals from its figures:
 * the thresholds, and that a missing figure or failed requests leave a goal
 * unmeasured rather than met.
 */
import { describe, expect, it } from 'vitest';
import { judgeGoals } from './goals.js';
import type { Measurement, Scenario, ServerName } from './report.js';
import type { WrkResult } from './wrk.js';

function load(requestsPerSecond: number, failures: { errors?: number; non2xx?: number } = {}): WrkResult {
  const { errors = 0, non2xx = 0 } = failures;
  return { requestsPerSecond, p50Ms: 1, p99Ms: 2, requests: requestsPerSecond * 5, errors, non2xx };
}

function rate(scenario: Scenario, groups: number, server: ServerName, perSecond: number): Measurement {
  return { scenario, groups, server, load: load(perSecond) };
}

function rss(groups: number, server: ServerName, mebibytes: number): Measurement {
  return { scenario: 'memory after load', groups, server, rssBytes: mebibytes * 2 ** 20 };
}

/** A run that meets every goal: four of them exactly at their threshold, the others by a small margin. */
const passing: Measurement[] = [
  rate('push', 100, 'pushgate', 1000),
  rate('push', 1000, 'pushgate', 5000),
  rate('push', 1000, 'go', 49),
  rate('push', 100000, 'pushgate', 800),
  rate('scrape', 10000, 'pushgate', 41),
  rate('scrape', 10000, 'go', 2),
  { ...rate('scrape while pushing', 10000, 'pushgate', 40), background: load(900) },
  rate('scrape while pushing', 10000, 'go', 2),
  rss(100000, 'pushgate', 500),
  rss(100000, 'go', 1000),
  rate('push', 1000, 'pushgate (file)', 4000),
];

function verdictOf(measurements: readonly Measurement[], goal: string): string | undefined {
  return judgeGoals(measurements).find((v) => v.goal.startsWith(goal))?.verdict;
}

describe('goal verdicts', () => {
  it('meets every goal at its threshold', () => {
    const verdicts = judgeGoals(passing);
    expect(verdicts.map((v) => v.verdict)).toEqual(Array(verdicts.length).fill('met'));
    expect(verdicts.map((v) => v.goal)).toEqual([
      'push ≥ 100× Go at 1,000 groups',
      'push at 100,000 groups ≥ 0.8× push at 100',
      'scrape ≥ 20× Go at 10,000 groups',
      'scrape while pushing ≥ 20× Go at 10,000 groups',
      'resident memory ≤ 0.5× Go after loading 100,000 groups',
      'push with --persistence.file ≥ 0.8× memory-only at 1,000 groups',
    ]);
    expect(verdicts[0]?.detail).toBe('102.04× (5000/s / 49.00/s)');
    expect(verdicts[4]?.detail).toBe('0.50× (500.0 MiB / 1000.0 MiB)');
  });

  it('misses each goal just past its threshold', () => {
    const worse = (goal: string, replace: Measurement) =>
      verdictOf(
        passing.map((m) =>
          m.scenario === replace.scenario && m.groups === replace.groups && m.server === replace.server
            ? replace
            : m,
        ),
        goal,
      );
    expect(worse('push ≥ 100×', rate('push', 1000, 'go', 51))).toBe('not met');
    expect(worse('push at 100,000', rate('push', 100000, 'pushgate', 799))).toBe('not met');
    expect(worse('scrape ≥ 20×', rate('scrape', 10000, 'pushgate', 39))).toBe('not met');
    expect(worse('scrape while pushing', rate('scrape while pushing', 10000, 'go', 2.1))).toBe('not met');
    expect(worse('resident memory', rss(100000, 'pushgate', 501))).toBe('not met');
    expect(worse('push with --persistence.file', rate('push', 1000, 'pushgate (file)', 3999))).toBe(
      'not met',
    );
  });

  it('judges memory at every store size loaded', () => {
    const verdicts = judgeGoals([...passing, rss(100, 'pushgate', 80), rss(100, 'go', 14)]);
    expect(
      verdicts.filter((v) => v.goal.startsWith('resident memory')).map((v) => [v.goal, v.verdict]),
    ).toEqual([
      ['resident memory ≤ 0.5× Go after loading 100,000 groups', 'met'],
      ['resident memory ≤ 0.5× Go after loading 100 groups', 'not met'],
    ]);
  });

  it('leaves a goal unmeasured without Go, or when requests failed', () => {
    const withoutGo = judgeGoals(passing.filter((m) => m.server !== 'go'));
    expect(withoutGo.find((v) => v.goal.startsWith('push ≥ 100×'))).toEqual({
      goal: 'push ≥ 100× Go at 1,000 groups',
      verdict: 'not measured',
      detail: 'no go push figure at 1000 groups',
    });
    expect(withoutGo.find((v) => v.goal.startsWith('push at 100,000'))?.verdict).toBe('met');

    const failedBackground = passing.map((m) =>
      m.scenario === 'scrape while pushing' && m.server === 'pushgate'
        ? { ...m, background: load(900, { non2xx: 3 }) }
        : m,
    );
    expect(judgeGoals(failedBackground).find((v) => v.goal.startsWith('scrape while pushing'))).toMatchObject(
      {
        verdict: 'not measured',
        detail: '3 failed requests in pushgate scrape while pushing at 10000 groups',
      },
    );

    const failedGo = passing.map((m) =>
      m.scenario === 'push' && m.groups === 1000 && m.server === 'go'
        ? { ...m, load: load(49, { errors: 2 }) }
        : m,
    );
    expect(judgeGoals(failedGo).find((v) => v.goal.startsWith('push ≥ 100×'))).toMatchObject({
      verdict: 'not measured',
      detail: '2 failed requests in go push at 1000 groups',
    });
  });

  it('meets a minimum when Go completed no request at all', () => {
    const silentGo = passing.map((m) =>
      m.scenario === 'push' && m.server === 'go' ? rate('push', 1000, 'go', 0) : m,
    );
    expect(judgeGoals(silentGo).find((v) => v.goal.startsWith('push ≥ 100×'))).toEqual({
      goal: 'push ≥ 100× Go at 1,000 groups',
      verdict: 'met',
      detail: 'no ratio (5000/s / 0.00/s)',
    });
  });
});
