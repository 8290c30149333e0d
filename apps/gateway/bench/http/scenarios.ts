import type { Measurement, ServerName } from './report.js';
import { rotatingPutScript, runWrk, type WrkResult, type WrkRun } from './wrk.js';

/** What every scenario needs to know. */
export interface ScenarioSettings {
  /** Seconds each wrk run lasts. */
  readonly seconds: number;
  /** The body of every push. */
  readonly body: string;
}

/** The push scenario: 32 connections over 1,000 rotating groups (fewer if the store is smaller). */
const PUSH_CONNECTIONS = 32;
const ROTATING_GROUPS = 1000;
/** Scrapes: a few concurrent scrapers, as several Prometheus servers scraping one gateway. */
const SCRAPE_CONNECTIONS = 4;
/** Pushes running meanwhile in `scrape while pushing`. */
const BACKGROUND_PUSH_CONNECTIONS = 8;
/**
 * Seconds of pushes before a Node server's push figure is taken, not
 * measured: V8 compiles the hot paths only after it has run them a while,
 * and a small store is loaded with too few pushes for that to have happened
 * (Go has nothing to warm up; pushes queued behind its slow check would
 * only slow its measured run).
 */
const WARM_UP_SECONDS = 2;
/** Fewer completed requests than this and the run is repeated longer, so that slow servers get a figure. */
const MIN_REQUESTS = 5;

/**
 * Runs wrk; when too few requests completed (a server taking seconds per
 * request), runs again for six times as long, so that the figure is a rate
 * rather than a count of one or two.
 */
async function measured(run: WrkRun): Promise<WrkResult> {
  const first = await runWrk(run);
  if (first.requests >= MIN_REQUESTS) return first;
  return runWrk({ ...run, seconds: Math.max(run.seconds * 6, 60) });
}

function pushRun(url: string, groups: number, settings: ScenarioSettings, connections: number): WrkRun {
  return {
    url,
    connections,
    threads: 2,
    seconds: settings.seconds,
    requestScript: rotatingPutScript(settings.body, Math.min(groups, ROTATING_GROUPS)),
  };
}

function scrapeRun(url: string, settings: ScenarioSettings, gzip: boolean): WrkRun {
  return {
    url: `${url}/metrics`,
    connections: SCRAPE_CONNECTIONS,
    threads: 1,
    seconds: settings.seconds,
    ...(gzip ? { headers: { 'Accept-Encoding': 'gzip' } } : {}),
  };
}

/** Push throughput and latency against a store of `groups` groups. */
export async function measurePush(
  server: ServerName,
  url: string,
  groups: number,
  settings: ScenarioSettings,
): Promise<Measurement> {
  if (server !== 'go') {
    await runWrk({ ...pushRun(url, groups, settings, PUSH_CONNECTIONS), seconds: WARM_UP_SECONDS });
  }
  const load = await measured(pushRun(url, groups, settings, PUSH_CONNECTIONS));
  return { scenario: 'push', groups, server, load };
}

/** Scrape throughput and latency, plain and gzip-compressed (as Prometheus asks), then with pushes going on. */
export async function measureScrapes(
  server: ServerName,
  url: string,
  groups: number,
  settings: ScenarioSettings,
): Promise<Measurement[]> {
  const plain = await measured(scrapeRun(url, settings, false));
  const gzip = await measured(scrapeRun(url, settings, true));
  const together = (seconds: number) =>
    Promise.all([
      runWrk({ ...scrapeRun(url, settings, false), seconds }),
      runWrk({ ...pushRun(url, groups, settings, BACKGROUND_PUSH_CONNECTIONS), seconds }),
    ]);
  let [scrapes, pushes] = await together(settings.seconds);
  if (scrapes.requests < MIN_REQUESTS) [scrapes, pushes] = await together(Math.max(settings.seconds * 6, 60));
  return [
    { scenario: 'scrape', groups, server, load: plain },
    { scenario: 'scrape gzip', groups, server, load: gzip },
    { scenario: 'scrape while pushing', groups, server, load: scrapes, background: pushes },
  ];
}
