// `pnpm bench` HTTP harness (issue 11): our gateway against the Go pushgateway
// and a bare Node server (the ceiling), measured side by side in one run with
// wrk. Prints a table and writes bench-results/http.json at the repository root.
//
//   node apps/gateway/dist-bench/http/main.js [--sizes=100,1000,10000,100000] [--seconds=10] [--skip-go]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startCeiling } from './ceiling.js';
import { preload, pushBody } from './load.js';
import { type RunningServer, startServer } from './processes.js';
import { rotatingPutScript, runWrk, type WrkResult } from './wrk.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const gatewayMain = join(repoRoot, 'apps/gateway/dist/main.js');
const goBinary = '/usr/bin/prometheus-pushgateway';
const SERIES_PER_GROUP = 20;
const ROTATING_GROUPS = 1000;
const PUSH_CONNECTIONS = 32;
const SCRAPE_CONNECTIONS = 4;

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000,10000,100000' },
    seconds: { type: 'string', default: '10' },
    'skip-go': { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').map(Number);
const seconds = Number(values.seconds);
const withGo = !values['skip-go'] && existsSync(goBinary);
const body = pushBody(SERIES_PER_GROUP);

interface Row {
  scenario: string;
  groups: number;
  server: string;
  result: WrkResult | undefined;
  rssBytes?: number;
}
const rows: Row[] = [];

async function startOurs(): Promise<RunningServer> {
  return startServer('pushgate', process.execPath, (port) => [
    gatewayMain,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=error',
  ]);
}

/**
 * Go's consistency check makes every push cost O(store), so loading 100,000
 * groups through it would take hours. Load with the check off into a
 * persistence file, then restart with the check on (its default) from that file.
 */
async function startGoLoaded(groups: number): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'pushgate-bench-go-'));
  const file = join(dir, 'state');
  const loader = await startServer('go-loader', goBinary, (port) => [
    `--web.listen-address=127.0.0.1:${port}`,
    `--persistence.file=${file}`,
    '--persistence.interval=24h',
    '--push.disable-consistency-check',
    '--log.level=error',
  ]);
  await preload(loader.url, groups, body);
  // Unchecked pushes are answered before they are applied: wait for the queue to drain.
  await new Promise((r) => setTimeout(r, 2000));
  await loader.stop();
  const server = await startServer('go', goBinary, (port) => [
    `--web.listen-address=127.0.0.1:${port}`,
    `--persistence.file=${file}`,
    '--persistence.interval=24h',
    '--log.level=error',
  ]);
  const stop = server.stop;
  return {
    ...server,
    async stop() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function measure(server: RunningServer, groups: number): Promise<void> {
  rows.push({
    scenario: 'memory after load',
    groups,
    server: server.name,
    result: undefined,
    rssBytes: server.rssBytes(),
  });
  const rotating = Math.min(groups, ROTATING_GROUPS);
  const push = await runWrk({
    url: server.url,
    connections: PUSH_CONNECTIONS,
    threads: 2,
    seconds,
    requestScript: rotatingPutScript(body, rotating),
  });
  rows.push({ scenario: 'push', groups, server: server.name, result: push });
  if (groups < 1000) return;
  const scrape = await runWrk({
    url: `${server.url}/metrics`,
    connections: SCRAPE_CONNECTIONS,
    threads: 1,
    seconds,
  });
  rows.push({ scenario: 'scrape', groups, server: server.name, result: scrape });
  const [scrapeUnderLoad] = await Promise.all([
    runWrk({ url: `${server.url}/metrics`, connections: SCRAPE_CONNECTIONS, threads: 1, seconds }),
    runWrk({
      url: server.url,
      connections: 8,
      threads: 1,
      seconds,
      requestScript: rotatingPutScript(body, rotating),
    }),
  ]);
  rows.push({ scenario: 'scrape while pushing', groups, server: server.name, result: scrapeUnderLoad });
}

async function measureCeiling(scrapeBytes: Buffer): Promise<void> {
  const ceiling = await startCeiling(scrapeBytes);
  const push = await runWrk({
    url: ceiling.url,
    connections: PUSH_CONNECTIONS,
    threads: 2,
    seconds,
    requestScript: rotatingPutScript(body, ROTATING_GROUPS),
  });
  rows.push({ scenario: 'push', groups: 0, server: 'node ceiling', result: push });
  const scrape = await runWrk({
    url: `${ceiling.url}/`,
    connections: SCRAPE_CONNECTIONS,
    threads: 1,
    seconds,
  });
  rows.push({
    scenario: `scrape ${scrapeBytes.length} bytes`,
    groups: 0,
    server: 'node ceiling',
    result: scrape,
  });
  await ceiling.close();
}

function figure(row: Row): string {
  if (row.rssBytes !== undefined) return `${(row.rssBytes / 2 ** 20).toFixed(1)} MiB`;
  const r = row.result;
  if (!r) return '';
  return `${r.requestsPerSecond.toFixed(1)}/s p99 ${r.p99Ms.toFixed(1)} ms${r.errors + r.non2xx ? ` (${r.errors} errors, ${r.non2xx} non-2xx)` : ''}`;
}

function value(row: Row | undefined): number | undefined {
  if (!row) return undefined;
  return row.rssBytes ?? row.result?.requestsPerSecond;
}

function printTable(): void {
  const find = (scenario: string, groups: number, server: string) =>
    rows.find((r) => r.scenario === scenario && r.groups === groups && r.server === server);
  const lines = ['| scenario | groups | pushgate | go | pushgate / go |', '| --- | --- | --- | --- | --- |'];
  for (const row of rows.filter((r) => r.server === 'pushgate')) {
    const go = find(row.scenario, row.groups, 'go');
    const ours = value(row);
    const theirs = value(go);
    const ratio = ours !== undefined && theirs ? (ours / theirs).toFixed(2) : 'n/a';
    lines.push(
      `| ${row.scenario} | ${row.groups} | ${figure(row)} | ${go ? figure(go) : 'n/a'} | ${ratio} |`,
    );
  }
  for (const row of rows.filter((r) => r.server === 'node ceiling')) {
    lines.push(`| ${row.scenario} (ceiling) | - | ${figure(row)} | | |`);
  }
  console.log(lines.join('\n'));
}

async function main(): Promise<void> {
  console.log(`wrk ${execFileSync('wrk', ['-v']).toString().split('\n')[0] ?? ''}`.trim());
  let scrapeSample = Buffer.alloc(0);
  for (const [index, groups] of sizes.entries()) {
    // Alternate which server goes first, so that neither always runs on a cold machine.
    const order = index % 2 === 0 ? ['pushgate', 'go'] : ['go', 'pushgate'];
    for (const name of order) {
      if (name === 'go' && !withGo) continue;
      console.log(`# ${name}, ${groups} groups`);
      const server = name === 'go' ? await startGoLoaded(groups) : await startOurs();
      try {
        if (name === 'pushgate') await preload(server.url, groups, body);
        if (name === 'pushgate' && groups === 10_000) {
          scrapeSample = Buffer.from(await (await fetch(`${server.url}/metrics`)).arrayBuffer());
        }
        await measure(server, groups);
      } finally {
        await server.stop();
      }
    }
  }
  await measureCeiling(scrapeSample.length > 0 ? scrapeSample : Buffer.from(body.repeat(10_000)));
  printTable();
  const out = join(repoRoot, 'bench-results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'http.json'),
    `${JSON.stringify({ date: new Date().toISOString(), seconds, rows }, null, 2)}\n`,
  );
  console.log(`written ${join(out, 'http.json')}`);
}

await main();
