/** Child processes for end-to-end tests: run to completion, or keep running until stopped. */
import { type ChildProcess, spawn } from 'node:child_process';

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running process whose output is collected. */
export interface Running {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Settles when the process has exited. */
  readonly exited: Promise<Finished>;
}

/** Starts `command` with `args`, collecting its output. */
export function start(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): Running {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<Finished>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Runs `command` to completion (killed after `timeoutMs`). */
export async function run(command: string, args: readonly string[], timeoutMs = 10_000): Promise<Finished> {
  const running = start(command, args);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), timeoutMs);
  const finished = await running.exited;
  clearTimeout(timer);
  return finished;
}

/** Polls `condition` every 50 ms until it holds, failing after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await condition()) return;
    } catch {
      // Not there yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
