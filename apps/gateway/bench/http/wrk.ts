import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What one wrk run measured. */
export interface WrkResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
}

export interface WrkRun {
  url: string;
  connections: number;
  threads: number;
  seconds: number;
  /** A Lua `request` function body, or none for plain GETs. */
  requestScript?: string;
  headers?: Record<string, string>;
}

// wrk reports through a Lua `done` hook so that the numbers come out as JSON
// rather than as its human-readable table.
const reportHook = `
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format('\\nWRK_JSON {"requests":%d,"seconds":%f,"p50":%f,"p99":%f,"errors":%d,"non2xx":%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors, summary.errors.status))
end
`;

/** Runs wrk against a loopback URL and returns its figures. */
export async function runWrk(run: WrkRun): Promise<WrkResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pushgate-wrk-'));
  const script = join(dir, 'script.lua');
  writeFileSync(script, `${run.requestScript ?? ''}\n${reportHook}`);
  const args = [
    `-t${run.threads}`,
    `-c${run.connections}`,
    `-d${run.seconds}s`,
    '--timeout',
    '120s',
    '-s',
    script,
    ...Object.entries(run.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]),
    run.url,
  ];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}`))));
  });
  const line = output.split('\n').find((l) => l.startsWith('WRK_JSON '));
  if (!line) throw new Error(`wrk printed no report:\n${output}`);
  const raw = JSON.parse(line.slice('WRK_JSON '.length)) as {
    requests: number;
    seconds: number;
    p50: number;
    p99: number;
    errors: number;
    non2xx: number;
  };
  return {
    requestsPerSecond: raw.requests / raw.seconds,
    p50Ms: raw.p50,
    p99Ms: raw.p99,
    requests: raw.requests,
    errors: raw.errors,
    non2xx: raw.non2xx,
  };
}

/**
 * A wrk request generator that PUTs `body` to `groups` rotating groups
 * (`/metrics/job/bench/instance/i<n>`), each thread starting at a different
 * offset so that the threads do not push the same group in lockstep.
 */
export function rotatingPutScript(body: string, groups: number): string {
  return `
local body = ${JSON.stringify(body)}
local counter = 0
local offset = 0
setup = function(thread)
  thread:set("offset", offset)
  offset = offset + 997
end
init = function(args)
  counter = offset
end
request = function()
  counter = counter + 1
  local path = "/metrics/job/bench/instance/i" .. (counter % ${groups})
  return wrk.format("PUT", path, {["Content-Type"] = "text/plain; version=0.0.4"}, body)
end
`;
}
