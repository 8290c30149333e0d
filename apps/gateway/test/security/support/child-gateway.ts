/**
 * The built gateway (dist/main.js) as a child process on 127.0.0.1, so that
 * hostile tests can watch its memory (peak RSS from /proc) and see that it
 * survives.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../support/go-pushgateway.js';
import { type Running, start, waitFor } from '../../support/processes.js';
import { send } from '../../support/raw-http.js';

const MAIN = fileURLToPath(new URL('../../../dist/main.js', import.meta.url));

export interface ChildGateway {
  readonly base: string;
  readonly port: number;
  readonly process: Running;
  /** Peak resident set size so far, in bytes (VmHWM). */
  peakRssBytes(): number;
  /** Current resident set size, in bytes (VmRSS). */
  rssBytes(): number;
  /** Starts measuring the peak afresh (Linux `clear_refs` 5). */
  resetPeak(): void;
  close(): Promise<void>;
}

function statusField(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (match === null) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** Starts dist/main.js with `args` and waits until it is healthy. */
export async function startChildGateway(args: readonly string[]): Promise<ChildGateway> {
  const port = await freePort();
  const running = start(process.execPath, [MAIN, `--web.listen-address=127.0.0.1:${port}`, ...args]);
  const base = `http://127.0.0.1:${port}`;
  await waitFor('the child gateway', async () => (await send(base, { path: '/-/healthy' })).status === 200);
  const pid = running.child.pid;
  if (pid === undefined) throw new Error('the child gateway has no pid');
  return {
    base,
    port,
    process: running,
    peakRssBytes: () => statusField(pid, 'VmHWM'),
    rssBytes: () => statusField(pid, 'VmRSS'),
    resetPeak: () => writeFileSync(`/proc/${pid}/clear_refs`, '5'),
    close: async () => {
      if (running.child.exitCode === null) running.child.kill('SIGTERM');
      await running.exited;
    },
  };
}
