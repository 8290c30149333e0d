/**
 * Micro-benchmark of the memory store, in-process and without HTTP (issue 11):
 * a checked PUT of a 20-series body must cost the same whatever the store
 * holds (100 … 100,000 groups), and a scrape of 10,000 groups × 20 series must
 * be served from cached renderings, also while pushes go on.
 *
 * Not a test. Node 20 cannot run TypeScript and vitest's module runner slows
 * every imported call, so run it compiled (from apps/gateway):
 *
 *   pnpm --filter @pushgate/protocol build
 *   pnpm exec tsc -p tsconfig.json --noEmit false --outDir dist-bench
 *   node --expose-gc --max-old-space-size=8192 dist-bench/bench/store.bench.js
 *
 * (100,000 groups hold 2 million series: V8's default heap limit of about
 * 4 GB makes it collect garbage all the time, hence the larger limit.)
 */

import { createExposition, createMemoryStore } from '@pushgate/gateway';
import type { LabelPair, MetricFamily } from '@pushgate/protocol';

type MemoryStore = ReturnType<typeof createMemoryStore>;

const SERIES_PER_GROUP = 20;
const ROTATING_GROUPS = 1000;

/** A batch job's push: 20 series in 5 families, as a client library sends them. */
function jobBody(round: number): MetricFamily[] {
  const phases = ['extract', 'transform', 'load', 'verify'];
  const labels = (): LabelPair[][] => phases.map((phase) => [{ name: 'phase', value: phase }]);
  const gauge = (name: string, value: (i: number) => number): MetricFamily => ({
    name,
    help: `${name} of the last run, by phase.`,
    type: 'GAUGE',
    metric: labels().map((label, i) => ({ label, gauge: { value: value(i) } })),
  });
  const counter = (name: string, value: (i: number) => number): MetricFamily => ({
    name,
    help: `${name} so far, by phase.`,
    type: 'COUNTER',
    metric: labels().map((label, i) => ({ label, counter: { value: value(i) } })),
  });
  return [
    gauge('batch_job_duration_seconds', (i) => round + i * 0.25),
    counter('batch_job_records_total', (i) => round * 100 + i),
    counter('batch_job_errors_total', () => round % 3),
    gauge('batch_job_bytes', (i) => round * 4096 + i),
    gauge('batch_job_last_success_timestamp_seconds', () => 1.7e9 + round),
  ];
}

function instance(n: number): string {
  return `host-${n}.example.internal:9100`;
}

function filledStore(groups: number): MemoryStore {
  const store = createMemoryStore({ consistencyCheck: true, ownFamilies: new Map() });
  for (let g = 0; g < groups; g++) {
    void store.write({
      labels: { job: 'batch', instance: instance(g) },
      timestampMs: g,
      families: jobBody(g),
      replace: true,
    });
  }
  return store;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

/** Times `pushes` checked PUTs to existing groups, bodies built beforehand. */
function pushCost(store: MemoryStore, groups: number, pushes: number): { mean: number; p99: number } {
  const bodies = Array.from({ length: pushes }, (_, i) => jobBody(i));
  const times: number[] = [];
  for (let i = 0; i < pushes; i++) {
    const labels = { job: 'batch', instance: instance(i % Math.min(groups, ROTATING_GROUPS)) };
    const start = performance.now();
    void store.write({ labels, timestampMs: 1e12 + i, families: bodies[i] ?? [], replace: true });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return {
    mean: (times.reduce((a, b) => a + b, 0) / times.length) * 1000,
    p99: percentile(times, 0.99) * 1000,
  };
}

function timeMs(run: () => void, repeat: number): number {
  const start = performance.now();
  for (let i = 0; i < repeat; i++) run();
  return (performance.now() - start) / repeat;
}

const gc = (globalThis as { gc?: () => void }).gc;

console.log(`checked PUT of ${SERIES_PER_GROUP} series to ${ROTATING_GROUPS} rotating groups`);
console.log('groups    µs/push (mean)   µs/push (p99)   heap MB   bytes/series');
for (const groups of [100, 1_000, 10_000, 100_000]) {
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const store = filledStore(groups);
  gc?.();
  const heap = process.memoryUsage().heapUsed - heapBefore;
  pushCost(store, groups, 2_000);
  const { mean, p99 } = pushCost(store, groups, 20_000);
  const perSeries = heap / (groups * SERIES_PER_GROUP);
  console.log(
    `${String(groups).padStart(7)} ${mean.toFixed(1).padStart(16)} ${p99.toFixed(1).padStart(15)} ${(heap / 2 ** 20).toFixed(0).padStart(9)} ${perSeries.toFixed(0).padStart(14)}`,
  );
}

gc?.();
const coldStart = performance.now();
const scraped = filledStore(10_000);
const filled = performance.now() - coldStart;
const exposition = createExposition(scraped);
const size = exposition.text([]).length;
const cold = performance.now() - coldStart - filled;
let round = 0;
const pushOne = () => {
  round++;
  void scraped.write({
    labels: { job: 'batch', instance: instance(round % 10_000) },
    timestampMs: 2e12 + round,
    families: jobBody(round),
    replace: true,
  });
};
/** Mean time of `scrape` after `pushes` pushes each time, pushes not timed. */
function scrapeAfter(pushes: number, scrape: () => unknown): number {
  let total = 0;
  for (let i = 0; i < 20; i++) {
    for (let p = 0; p < pushes; p++) pushOne();
    total += timeMs(scrape, 1);
  }
  return total / 20;
}
const asBuffer = () => exposition.text([]);
const asChunks = () => exposition.chunks([]);
console.log(
  `\nscrape of 10,000 groups × ${SERIES_PER_GROUP} series (${(size / 2 ** 20).toFixed(1)} MB of text)`,
);
console.log(`  filling the store ${filled.toFixed(0)} ms, first render ${cold.toFixed(0)} ms`);
console.log('  ms per scrape              one Buffer   chunks (for writev)');
for (const pushes of [0, 1, 100]) {
  const label = pushes === 0 ? 'nothing changed' : `after ${pushes} push${pushes > 1 ? 'es' : ''}`;
  gc?.();
  const buffer = scrapeAfter(pushes, asBuffer);
  const chunks = scrapeAfter(pushes, asChunks);
  console.log(`  ${label.padEnd(24)} ${buffer.toFixed(2).padStart(12)} ${chunks.toFixed(2).padStart(21)}`);
}
