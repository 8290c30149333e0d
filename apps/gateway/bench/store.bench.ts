/**
 * Micro-benchmark of the memory store, in-process and without HTTP (issue
 * 11): the cost of a checked PUT of a 20-series body must not grow with the
 * store (100 … 100,000 groups), the heap per series must stay small, and a
 * scrape must be served from cached renderings, also while pushes go on.
 * Less noisy than the HTTP harness (no sockets, no load generator sharing
 * the CPU), it isolates what the store itself costs. Not a test.
 *
 * Run by `pnpm bench` (apps/gateway), or after `tsc -p tsconfig.bench.json`:
 *
 *   node --expose-gc dist-bench/store.bench.js [--sizes=100,1000,10000,100000]
 *
 * Prints a table and writes bench-results/store.json at the repository root.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createExposition, createMemoryStore } from '@pushgate/gateway';
import type { LabelPair, MetricFamily } from '@pushgate/protocol';

type MemoryStore = ReturnType<typeof createMemoryStore>;

const SERIES_PER_GROUP = 20;
const ROTATING_GROUPS = 1000;
const TIMED_PUSHES = 20_000;

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '100,1000,10000,100000' } },
});
const sizes = values.sizes.split(',').map(Number);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) console.log('(run with --expose-gc for heap figures)');

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

async function filledStore(groups: number): Promise<MemoryStore> {
  const store = createMemoryStore({ consistencyCheck: true, ownFamilies: new Map() });
  for (let g = 0; g < groups; g++) {
    await store.write({
      labels: { job: 'batch', instance: instance(g) },
      timestampMs: g,
      families: jobBody(g),
      replace: true,
    });
  }
  return store;
}

function heapUsed(): number {
  gc?.();
  return process.memoryUsage().heapUsed;
}

interface PushCost {
  /** Mean wall time per push, µs. */
  readonly meanUs: number;
  readonly p99Us: number;
  /** Mean CPU time per push (all threads, garbage collection included), µs. */
  readonly cpuUs: number;
}

/** Times checked PUTs to existing groups, bodies built beforehand. */
async function pushCost(
  store: MemoryStore,
  groups: number,
  pushes: number,
  round: number,
): Promise<PushCost> {
  const bodies = Array.from({ length: pushes }, (_, i) => jobBody(round + i));
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < pushes; i++) {
    const labels = { job: 'batch', instance: instance(i % Math.min(groups, ROTATING_GROUPS)) };
    const start = performance.now();
    await store.write({ labels, timestampMs: 1e12 + round + i, families: bodies[i] ?? [], replace: true });
    times.push(performance.now() - start);
  }
  const used = process.cpuUsage(cpu);
  times.sort((a, b) => a - b);
  return {
    meanUs: (times.reduce((a, b) => a + b, 0) / times.length) * 1000,
    p99Us: (times[Math.floor(times.length * 0.99)] ?? Number.NaN) * 1000,
    cpuUs: (used.user + used.system) / pushes,
  };
}

interface SizeResult extends PushCost {
  readonly groups: number;
  readonly heapBytesPerSeries: number;
}

const results: SizeResult[] = [];
console.log(
  `checked PUT of ${SERIES_PER_GROUP} series to ${ROTATING_GROUPS} rotating groups (or all, if fewer)`,
);
console.log('groups   µs/push mean   µs/push p99   CPU µs/push   heap B/series');
for (const groups of sizes) {
  const before = heapUsed();
  const store = await filledStore(groups);
  const perSeries = (heapUsed() - before) / (groups * SERIES_PER_GROUP);
  await pushCost(store, groups, 2_000, 0);
  const cost = await pushCost(store, groups, TIMED_PUSHES, 2_000);
  results.push({ groups, heapBytesPerSeries: perSeries, ...cost });
  console.log(
    `${String(groups).padStart(6)} ${cost.meanUs.toFixed(1).padStart(14)} ${cost.p99Us.toFixed(1).padStart(13)} ${cost.cpuUs.toFixed(1).padStart(13)} ${perSeries.toFixed(0).padStart(15)}`,
  );
  await store.close();
}

const scrapeGroups = 10_000;
const store = await filledStore(scrapeGroups);
const exposition = createExposition(store);
let started = performance.now();
const bytes = exposition.chunks([]).reduce((sum, chunk) => sum + chunk.length, 0);
const firstRenderMs = performance.now() - started;
let round = 0;
async function pushSome(count: number): Promise<void> {
  for (let p = 0; p < count; p++, round++) {
    await store.write({
      labels: { job: 'batch', instance: instance(round % scrapeGroups) },
      timestampMs: 2e12 + round,
      families: jobBody(round),
      replace: true,
    });
  }
}
/** Mean time of a scrape (the exposition's chunks) after `pushes` pushes each time, pushes not timed. */
async function scrapeAfter(pushes: number): Promise<number> {
  let total = 0;
  for (let i = 0; i < 20; i++) {
    await pushSome(pushes);
    started = performance.now();
    exposition.chunks([]);
    total += performance.now() - started;
  }
  return total / 20;
}
const scrapes = {
  nothingChanged: await scrapeAfter(0),
  afterOnePush: await scrapeAfter(1),
  after100Pushes: await scrapeAfter(100),
};
console.log(
  `\nscrape of ${scrapeGroups} groups × ${SERIES_PER_GROUP} series (${(bytes / 2 ** 20).toFixed(1)} MiB of text): first render ${firstRenderMs.toFixed(0)} ms`,
);
console.log(
  `  ms per scrape: nothing changed ${scrapes.nothingChanged.toFixed(2)}, after 1 push ${scrapes.afterOnePush.toFixed(2)}, after 100 pushes ${scrapes.after100Pushes.toFixed(2)}`,
);

const out = join(dirname(fileURLToPath(import.meta.url)), '../../../bench-results');
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'store.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, push: results, scrape: { groups: scrapeGroups, bytes, firstRenderMs, ...scrapes } }, null, 2)}\n`,
);
console.log(`written ${join(out, 'store.json')}`);
