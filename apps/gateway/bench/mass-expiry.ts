/**
 * Mass expiry (issue 9, measured for issue 11): a gateway holding
 * `--groups` groups × 20 series whose TTLs (`Pushgate-TTL`) all run out at
 * the same moment. Measures how long after that moment the last group is
 * expired, and the longest a `/-/healthy` probe, sent every 10 ms, waits
 * meanwhile: expiry runs in batches between which requests are served, so
 * that wait is the longest stall a push or scrape would see. The gateway
 * logs at info, as by default, so each expiry costs its log line too.
 * Not a test.
 *
 * Run by `pnpm bench` (apps/gateway), or after `tsc -p tsconfig.bench.json`:
 *
 *   node dist-bench/mass-expiry.js [--groups=100000] [--out=DIR]
 *
 * Prints the figures and writes them to expiry.json in --out (bench-results
 * at the repository root by default).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { preload, pushBody } from './http/load.js';
import { startServer } from './http/processes.js';

const SERIES_PER_GROUP = 20;
const CONNECTIONS = 32;
const PROBE_EVERY_MS = 10;

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const { values } = parseArgs({
  options: {
    groups: { type: 'string', default: '100000' },
    out: { type: 'string', default: join(repoRoot, 'bench-results') },
  },
});
const groups = Number(values.groups);

let expired = 0;
let lastExpiryMs = 0;
const server = await startServer(
  'pushgate',
  process.execPath,
  (port) => [join(repoRoot, 'apps/gateway/dist/main.js'), `--web.listen-address=127.0.0.1:${port}`],
  60_000,
  (line) => {
    if (!line.includes('group expired')) return;
    expired++;
    lastExpiryMs = Date.now();
  },
);

// Long enough to load 100,000 groups here (about 30 s) before the first TTL runs out.
const deadlineMs = Date.now() + Math.max(10_000, groups * 0.45);
// Each push's TTL runs out at the deadline, however long loading took until it was sent.
await preload(server.url, groups, pushBody(SERIES_PER_GROUP), CONNECTIONS, () => ({
  'Pushgate-TTL': `${deadlineMs - Date.now()}ms`,
}));
const spareMs = deadlineMs - Date.now();
if (spareMs <= 0) throw new Error(`loading took ${-spareMs} ms longer than the TTLs: raise the deadline`);

let longestWaitMs = 0;
let probes = 0;
let expiring = true;
const probing = (async () => {
  while (expiring) {
    const sent = performance.now();
    await (await fetch(`${server.url}/-/healthy`)).arrayBuffer();
    if (Date.now() >= deadlineMs) {
      longestWaitMs = Math.max(longestWaitMs, performance.now() - sent);
      probes++;
    }
    await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
  }
})();
while (expired < groups) await new Promise((resolve) => setTimeout(resolve, 100));
expiring = false;
await probing;
await server.stop();

const result = {
  date: new Date().toISOString(),
  node: process.version,
  groups,
  seriesPerGroup: SERIES_PER_GROUP,
  lastExpiredAfterMs: lastExpiryMs - deadlineMs,
  longestHealthyWaitMs: Math.round(longestWaitMs),
  probes,
};
console.log(
  `mass expiry: ${groups} groups × ${SERIES_PER_GROUP} series, the last expired ${(result.lastExpiredAfterMs / 1000).toFixed(1)} s after their TTLs ran out; longest /-/healthy wait ${result.longestHealthyWaitMs} ms (${probes} probes)`,
);
mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, 'expiry.json'), `${JSON.stringify(result, null, 2)}\n`);
