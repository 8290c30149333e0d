/**
 * Nothing acknowledged is lost: a gateway child process with a persistence
 * file, under concurrent pushes and deletes, is killed with SIGKILL at random
 * moments, many times. After each restart every group holds exactly the state
 * of its last acknowledged change (or of the one change that was in flight
 * when the process died, which may or may not have been applied).
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/go-pushgateway.js';
import { type Running, start, waitFor } from '../support/processes.js';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const CYCLES = Number(process.env.CRASH_CYCLES ?? 8);
const GROUPS = 24;

/** What a group holds: its `v` and `w` values, or nothing when deleted. */
type GroupState = { v?: number; w?: number } | undefined;

interface Operation {
  readonly method: 'PUT' | 'POST' | 'DELETE';
  readonly value: number;
}

function apply(state: GroupState, op: Operation): GroupState {
  if (op.method === 'DELETE') return undefined;
  if (op.method === 'PUT') return { v: op.value };
  return { ...(state ?? {}), w: op.value };
}

async function startGateway(file: string, sync: boolean): Promise<{ running: Running; base: string }> {
  const port = await freePort();
  const args = [
    MAIN,
    `--web.listen-address=127.0.0.1:${port}`,
    `--persistence.file=${file}`,
    '--log.level=error',
  ];
  args.push('--persistence.interval=300ms');
  if (sync) args.push('--persistence.sync');
  const running = start(process.execPath, args);
  const base = `http://127.0.0.1:${port}`;
  await waitFor('the gateway to listen', async () => (await fetch(`${base}/-/ready`)).ok, 15_000);
  return { running, base };
}

/** The state of every group as the gateway serves it. */
async function served(base: string): Promise<Map<string, GroupState>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const states = new Map<string, GroupState>();
  for (const match of text.matchAll(/^(v|w)\{instance="",job="g(\d+)"\} (\S+)$/gm)) {
    const [, name, group, value] = match as unknown as [string, 'v' | 'w', string, string];
    states.set(`g${group}`, { ...(states.get(`g${group}`) ?? {}), [name]: Number(value) });
  }
  return states;
}

describe.each([false, true])('kill -9 under load (persistence.sync=%s)', (sync) => {
  it(`loses no acknowledged push or delete over ${CYCLES} crashes`, async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the gateway first (pnpm build)`);
    const file = join(await mkdtemp(join(tmpdir(), 'pushgate-crash-')), 'state');
    const acknowledged = new Map<string, GroupState>();
    let acknowledgedChanges = 0;
    let value = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const { running, base } = await startGateway(file, sync);
      const inFlight = new Map<string, Operation>();
      let killed = false;
      // One worker per group: each group's changes are ordered, the groups run concurrently.
      const workers = Array.from({ length: GROUPS }, async (_, g) => {
        const group = `g${g}`;
        while (!killed) {
          const roll = Math.random();
          const op: Operation = {
            method: roll < 0.45 ? 'PUT' : roll < 0.85 ? 'POST' : 'DELETE',
            value: ++value,
          };
          inFlight.set(group, op);
          try {
            const body = `${op.method === 'PUT' ? 'v' : 'w'} ${op.value}\n`;
            const response = await fetch(
              `${base}/metrics/job/${group}`,
              op.method === 'DELETE' ? { method: 'DELETE' } : { method: op.method, body },
            );
            await response.arrayBuffer();
            if (response.status !== 200 && response.status !== 202)
              throw new Error(`status ${response.status}`);
            acknowledged.set(group, apply(acknowledged.get(group), op));
            acknowledgedChanges++;
            inFlight.delete(group);
          } catch {
            return; // The process died under this request: it stays in flight.
          }
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 350));
      killed = true;
      running.child.kill('SIGKILL');
      await running.exited;
      await Promise.all(workers);

      const restarted = await startGateway(file, sync);
      try {
        const after = await served(restarted.base);
        for (let g = 0; g < GROUPS; g++) {
          const group = `g${g}`;
          const acked = acknowledged.get(group);
          const pending = inFlight.get(group);
          const allowed = [acked, ...(pending ? [apply(acked, pending)] : [])];
          const state = after.get(group);
          expect({ cycle, group, state, allowed }).toEqual({
            cycle,
            group,
            // `undefined` (deleted) is a legitimate state, so look for the index, not the value.
            state:
              allowed[
                Math.max(
                  0,
                  allowed.findIndex((candidate) => isDeepStrictEqual(candidate, state)),
                )
              ],
            allowed,
          });
          // From here on the served state is the truth (an in-flight change may have landed).
          acknowledged.set(group, after.get(group));
        }
      } finally {
        // Also on a failed expectation: no gateway may outlive the test.
        restarted.running.child.kill('SIGTERM');
      }
      expect((await restarted.running.exited).code).toBe(0);
    }
    expect(acknowledgedChanges).toBeGreaterThan(CYCLES * 50);
  }, 120_000);
});
