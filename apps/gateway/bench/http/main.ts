// `pnpm bench` HTTP harness (issue 11): our gateway against the Go pushgateway
// and a bare Node server doing the same I/O with no work (the ceiling),
// measured side by side in one run with wrk. Prints a Markdown table of the
// figures and a table of issue 11's goals judged from them, and writes both
// to http.json in --out (bench-results at the repository root by default).
//
//   node apps/gateway/dist-bench/http/main.js [--sizes=100,1000,10000,100000] [--seconds=10] [--skip-go] [--out=DIR]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startCeiling } from './ceiling.js';
import { goalsTable, judgeGoals } from './goals.js';
import { preload, pushBody } from './load.js';
import { type RunningServer, startServer } from './processes.js';
import { type Measurement, markdownTable, type ServerName } from './report.js';
import { measurePush, measureScrapes, type ScenarioSettings } from './scenarios.js';
import { rotatingPutScript, runWrk } from './wrk.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const gatewayMain = join(repoRoot, 'apps/gateway/dist/main.js');
const goBinary = '/usr/bin/prometheus-pushgateway';
const SERIES_PER_GROUP = 20;

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000,10000,100000' },
    seconds: { type: 'string', default: '10' },
    'skip-go': { type: 'boolean', default: false },
    out: { type: 'string', default: join(repoRoot, 'bench-results') },
  },
});
const sizes = values.sizes.split(',').map(Number);
const settings: ScenarioSettings = { seconds: Number(values.seconds), body: pushBody(SERIES_PER_GROUP) };
const withGo = !values['skip-go'] && existsSync(goBinary);
const measurements: Measurement[] = [];

/** Our gateway, memory-only or persisting to a fresh file. */
async function startOurs(persistence: boolean): Promise<RunningServer> {
  const dir = persistence ? mkdtempSync(join(tmpdir(), 'pushgate-bench-')) : undefined;
  const name: ServerName = persistence ? 'pushgate (file)' : 'pushgate';
  const server = await startServer(name, process.execPath, (port) => [
    gatewayMain,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=error',
    ...(dir ? [`--persistence.file=${join(dir, 'state')}`] : []),
  ]);
  return withCleanup(server, dir);
}

/**
 * The Go pushgateway holding `groups` groups, its consistency check on (its
 * default). Its check makes every push cost O(store), so loading 100,000
 * groups through it would take hours: load with the check off into a
 * persistence file, then restart with the check on from that file.
 */
async function startGoLoaded(groups: number): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'pushgate-bench-go-'));
  const file = join(dir, 'state');
  const loader = await startServer('go', goBinary, (port) => [
    `--web.listen-address=127.0.0.1:${port}`,
    `--persistence.file=${file}`,
    '--persistence.interval=24h',
    '--push.disable-consistency-check',
    '--log.level=error',
  ]);
  await preload(loader.url, groups, settings.body);
  // Unchecked pushes are answered before they are applied: give the queue time to drain.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await loader.stop();
  const server = await startServer('go', goBinary, (port) => [
    `--web.listen-address=127.0.0.1:${port}`,
    `--persistence.file=${file}`,
    '--persistence.interval=24h',
    '--log.level=error',
  ]);
  return withCleanup(server, dir);
}

async function startGoEmpty(): Promise<RunningServer> {
  return startServer('go', goBinary, (port) => [
    `--web.listen-address=127.0.0.1:${port}`,
    '--persistence.file=',
    '--log.level=error',
  ]);
}

function withCleanup(server: RunningServer, dir: string | undefined): RunningServer {
  if (!dir) return server;
  return {
    ...server,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function memory(
  scenario: 'memory empty' | 'memory after load' | 'memory after run',
  server: RunningServer,
  groups: number,
  emptyRss?: number,
): Measurement {
  const rssBytes = server.rssBytes();
  const series = groups * SERIES_PER_GROUP;
  return {
    scenario,
    groups,
    server: server.name as ServerName,
    rssBytes,
    ...(emptyRss === undefined || series === 0 ? {} : { bytesPerSeries: (rssBytes - emptyRss) / series }),
  };
}

/** Every scenario against one server holding `groups` groups, then its memory after them. */
async function measureServer(server: RunningServer, groups: number): Promise<void> {
  measurements.push(await measurePush(server.name as ServerName, server.url, groups, settings));
  if (groups >= 1000)
    measurements.push(...(await measureScrapes(server.name as ServerName, server.url, groups, settings)));
  measurements.push(memory('memory after run', server, groups));
}

/** The RSS of a freshly started, empty server. */
async function emptyRss(start: () => Promise<RunningServer>): Promise<number> {
  const server = await start();
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const empty = memory('memory empty', server, 0);
    measurements.push(empty);
    return empty.rssBytes ?? 0;
  } finally {
    await server.stop();
  }
}

async function runOurs(groups: number): Promise<Buffer> {
  const server = await startOurs(false);
  try {
    await preload(server.url, groups, settings.body);
    measurements.push(memory('memory after load', server, groups, ourEmptyRss));
    const body = Buffer.from(await (await fetch(`${server.url}/metrics`)).arrayBuffer());
    await measureServer(server, groups);
    return body;
  } finally {
    await server.stop();
  }
}

async function runGo(groups: number): Promise<void> {
  const server = await startGoLoaded(groups);
  try {
    measurements.push(memory('memory after load', server, groups, goEmptyRss));
    await measureServer(server, groups);
  } finally {
    await server.stop();
  }
}

/** Push throughput with `--persistence.file`, when this build supports it. */
async function runPersistent(groups: number): Promise<void> {
  let server: RunningServer;
  try {
    server = await startOurs(true);
  } catch (error) {
    console.log(`# no persistence measurement: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  try {
    await preload(server.url, groups, settings.body);
    measurements.push(await measurePush('pushgate (file)', server.url, groups, settings));
  } finally {
    await server.stop();
  }
}

async function runCeilingScrape(groups: number, body: Buffer): Promise<void> {
  const ceiling = await startCeiling(body);
  try {
    const load = await runWrk({
      url: `${ceiling.url}/metrics`,
      connections: 4,
      threads: 1,
      seconds: settings.seconds,
    });
    measurements.push({ scenario: 'scrape', groups, server: 'ceiling', load });
  } finally {
    await ceiling.close();
  }
}

async function runCeilingPush(): Promise<void> {
  const ceiling = await startCeiling(Buffer.alloc(0));
  try {
    const load = await runWrk({
      url: ceiling.url,
      connections: 32,
      threads: 2,
      seconds: settings.seconds,
      requestScript: rotatingPutScript(settings.body, 1000),
    });
    measurements.push({ scenario: 'push', groups: 0, server: 'ceiling', load });
  } finally {
    await ceiling.close();
  }
}

const wrkVersion = (spawnSync('wrk', ['-v']).stdout?.toString().split('\n')[0] ?? 'wrk not found').trim();
console.log(`${wrkVersion}; node ${process.version}; ${cpus().length} CPUs; ${settings.seconds} s per run`);
const ourEmptyRss = await emptyRss(() => startOurs(false));
const goEmptyRss = withGo ? await emptyRss(startGoEmpty) : 0;
await runCeilingPush();
for (const [index, groups] of sizes.entries()) {
  // Alternate which server goes first, so that neither always runs on a machine warmed by the other.
  const goFirst = index % 2 === 1;
  if (withGo && goFirst) {
    console.log(`# go, ${groups} groups`);
    await runGo(groups);
  }
  console.log(`# pushgate, ${groups} groups`);
  const body = await runOurs(groups);
  if (withGo && !goFirst) {
    console.log(`# go, ${groups} groups`);
    await runGo(groups);
  }
  if (groups >= 1000) await runCeilingScrape(groups, body);
  if (groups === 1000) await runPersistent(groups);
}

const table = markdownTable(measurements);
console.log(table);
const goals = judgeGoals(measurements);
console.log(`\n${goalsTable(goals)}`);
const out = values.out;
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'http.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, wrk: wrkVersion, cpus: cpus().length, seconds: settings.seconds, sizes, measurements, table, goals }, null, 2)}\n`,
);
console.log(`written ${join(out, 'http.json')}`);
