/**
 * Runs a documented shell block with /bin/bash (`set -euo pipefail`) in a
 * fresh temporary directory, with `pushgate` and `pushgate-client` on PATH
 * as the workspace's built bins, after the substitutions that point it at
 * the test's own addresses and paths. Whatever the block leaves running in
 * the background dies with it: the block runs in its own process group.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finished } from '../../support/processes.js';

export const GATEWAY_MAIN = fileURLToPath(new URL('../../../dist/main.js', import.meta.url));
export const CLIENT_MAIN = fileURLToPath(
  new URL('../../../../../packages/client/dist/cli/main.js', import.meta.url),
);

/** A literal replacement applied to the block before it runs. */
export type Substitution = readonly [from: string, to: string];

/** A temporary working directory with the bins on PATH. */
export interface Sandbox {
  readonly dir: string;
  /** Writes `content` to `name` under the directory (mode 755 when `executable`); returns its path. */
  write(name: string, content: string, executable?: boolean): string;
  remove(): void;
}

export function sandbox(): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'pushgate-doc-example-'));
  const write = (name: string, content: string, executable = false) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    if (executable) chmodSync(path, 0o755);
    return path;
  };
  mkdirSync(join(dir, '.bin'));
  write('.bin/pushgate', `#!/bin/sh\nexec '${process.execPath}' '${GATEWAY_MAIN}' "$@"\n`, true);
  write('.bin/pushgate-client', `#!/bin/sh\nexec '${process.execPath}' '${CLIENT_MAIN}' "$@"\n`, true);
  return { dir, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Applies every substitution, failing when one does not occur (the doc changed under the test). */
export function substitute(text: string, substitutions: readonly Substitution[]): string {
  let result = text;
  for (const [from, to] of substitutions) {
    if (!result.includes(from)) throw new Error(`the example no longer contains ${JSON.stringify(from)}`);
    result = result.split(from).join(to);
  }
  return result;
}

/** A shell block started in the background; `stop` ends its whole process group. */
export interface ShellRun {
  readonly script: string;
  readonly exited: Promise<Finished>;
  stop(): Promise<void>;
}

/** Starts `content` (after `substitutions`) in `box`; use `runShell` to wait for it. */
export function startShell(box: Sandbox, content: string, substitutions: readonly Substitution[]): ShellRun {
  const script = `set -euo pipefail\n${substitute(content, substitutions)}`;
  const child = spawn('/bin/bash', ['-c', script], {
    cwd: box.dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PATH: `${join(box.dir, '.bin')}:${process.env.PATH ?? ''}` },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<Finished>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const group = child.pid;
  return {
    script,
    exited,
    stop: async () => {
      if (group === undefined || !killGroup(group, 'SIGTERM')) return;
      // Background children outlive bash: give the group a moment, then make sure.
      await new Promise((resolve) => setTimeout(resolve, 300));
      killGroup(group, 'SIGKILL');
    },
  };
}

/** Signals every process of the group; false when none is left. */
function killGroup(group: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-group, signal);
    return true;
  } catch {
    return false;
  }
}

/** Runs `content` to completion (killed after `timeoutMs`) and returns its outcome. */
export async function runShell(
  box: Sandbox,
  content: string,
  substitutions: readonly Substitution[],
  timeoutMs = 15_000,
): Promise<Finished & { readonly script: string }> {
  const running = startShell(box, content, substitutions);
  const timer = setTimeout(() => void running.stop(), timeoutMs);
  const finished = await running.exited;
  clearTimeout(timer);
  await running.stop();
  return { ...finished, script: running.script };
}
