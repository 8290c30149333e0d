/**
 * `pnpm bench` end to end at a small size, so that the harness cannot rot
 * between the runs that measure: it compiles, starts our gateway, the Go
 * pushgateway and the bare Node ceiling, drives them with wrk, and writes
 * its figures and goal verdicts. Speeds are not checked here (a benchmark's
 * figures on a shared CI machine say nothing); that every request it timed
 * succeeded is, since a rate of failures would be a meaningless figure.
 * It compiles the bench into dist-bench, as `pnpm bench` does, and runs
 * against the built gateway (`pnpm test` builds it first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GO_PUSHGATEWAY } from '../test/support/go-pushgateway.js';
import { run } from '../test/support/processes.js';
import type { GoalVerdict } from './http/goals.js';
import type { Measurement } from './http/report.js';

const GATEWAY = fileURLToPath(new URL('..', import.meta.url));
let out = '';

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'pushgate-bench-test-'));
  if (!existsSync(join(GATEWAY, 'dist/main.js'))) throw new Error('build the gateway first (pnpm build)');
  if (!existsSync(GO_PUSHGATEWAY))
    throw new Error(`${GO_PUSHGATEWAY} is missing: install prometheus-pushgateway`);
  if (spawnSync('wrk', ['-v']).error) throw new Error('wrk is missing: install the Debian package wrk');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const compiled = await run(process.execPath, [tsc, '-p', join(GATEWAY, 'tsconfig.bench.json')], 120_000);
  expect(compiled.stdout + compiled.stderr).toBe('');
  expect(compiled.code).toBe(0);
}, 150_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('pnpm bench', () => {
  it('measures our gateway, Go and the ceiling with wrk, with no failed request, and judges the goals', async () => {
    const harness = await run(
      process.execPath,
      [join(GATEWAY, 'dist-bench/http/main.js'), '--sizes=100,1000', '--seconds=1', `--out=${out}`],
      240_000,
    );
    // The servers' logs go to the harness's stderr; Go logs every scrape that wrk cut off at the end of a run.
    expect(harness.code, harness.stderr).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'http.json'), 'utf8')) as {
      measurements: Measurement[];
      table: string;
      goals: GoalVerdict[];
    };
    const rows = result.measurements.map((m) => `${m.server} ${m.scenario} ${m.groups}`);
    for (const server of ['pushgate', 'go']) {
      expect(rows).toEqual(
        expect.arrayContaining([
          `${server} memory empty 0`,
          ...[100, 1000].flatMap((groups) => [
            `${server} memory after load ${groups}`,
            `${server} push ${groups}`,
            `${server} memory after run ${groups}`,
          ]),
          ...['scrape', 'scrape gzip', 'scrape while pushing'].map(
            (scenario) => `${server} ${scenario} 1000`,
          ),
        ]),
      );
    }
    expect(rows).toEqual(
      expect.arrayContaining(['ceiling push 0', 'ceiling scrape 1000', 'pushgate (file) push 1000']),
    );
    for (const m of result.measurements) {
      const row = `${m.server} ${m.scenario} ${m.groups}`;
      for (const load of [m.load, m.background]) {
        if (load)
          expect({ row, errors: load.errors, non2xx: load.non2xx }).toEqual({ row, errors: 0, non2xx: 0 });
      }
      // The background pushes of a slow server may complete none in a second; what was timed must have completed some.
      if (m.load) expect(m.load.requests, row).toBeGreaterThan(0);
      if (m.scenario.startsWith('memory')) expect(m.rssBytes, row).toBeGreaterThan(2 ** 20);
    }
    expect(harness.stdout).toContain(result.table);
    // At these sizes the goals at 1,000 groups and persistence have their figures; the others wait for larger stores.
    const judged = Object.fromEntries(result.goals.map((g) => [g.goal, g.verdict]));
    for (const goal of [
      'push ≥ 100× Go at 1,000 groups',
      'push with --persistence.file ≥ 0.8× memory-only at 1,000 groups',
      'resident memory ≤ 0.5× Go after loading 1,000 groups',
    ]) {
      expect(['met', 'not met'], goal).toContain(judged[goal]);
    }
    expect(judged['scrape ≥ 20× Go at 10,000 groups']).toBe('not measured');
  }, 300_000);

  it('measures a mass expiry to its end', async () => {
    const expiry = await run(
      process.execPath,
      [join(GATEWAY, 'dist-bench/mass-expiry.js'), '--groups=300', `--out=${out}`],
      120_000,
    );
    expect(expiry.code, expiry.stderr).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'expiry.json'), 'utf8')) as {
      groups: number;
      lastExpiredAfterMs: number;
      probes: number;
    };
    expect(result.groups).toBe(300);
    expect(result.lastExpiredAfterMs).toBeGreaterThanOrEqual(0);
    expect(result.probes).toBeGreaterThan(0);
  }, 150_000);
});
