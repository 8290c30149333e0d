import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** How a run of the command ended, with wall-clock times for the pushed gauges. */
export interface RunOutcome {
  /** The command's exit status; 128+N when killed by signal N; 126/127 when it could not be started. */
  readonly exitCode: number;
  /** Unix time in ms when the run ended. */
  readonly endedAtMs: number;
  /** Monotonic duration of the run in seconds. */
  readonly durationSeconds: number;
  /** Why the command could not be started, if it could not. */
  readonly startError: string | undefined;
}

function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/**
 * Runs `command` with the CLI's own stdin, stdout and stderr and waits for it.
 * Never rejects: a command that cannot start ends with 127 (not found) or 126
 * (not executable), as in a shell. While it runs, SIGTERM is passed on to it,
 * and SIGINT is ignored by the CLI (the terminal sends it to the command too),
 * so that the result can still be pushed.
 */
export function runCommand(command: readonly [string, ...string[]]): Promise<RunOutcome> {
  const [program, ...args] = command;
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(program, args, { stdio: 'inherit' });
    const forwardTerm = (): void => {
      child.kill('SIGTERM');
    };
    const ignoreInterrupt = (): void => {};
    process.on('SIGTERM', forwardTerm);
    process.on('SIGINT', ignoreInterrupt);
    let settled = false;
    const finish = (exitCode: number, startError: string | undefined): void => {
      if (settled) return;
      settled = true;
      process.off('SIGTERM', forwardTerm);
      process.off('SIGINT', ignoreInterrupt);
      resolve({
        exitCode,
        endedAtMs: Date.now(),
        durationSeconds: (performance.now() - started) / 1000,
        startError,
      });
    };
    child.on('error', (err: NodeJS.ErrnoException) => {
      finish(err.code === 'ENOENT' ? 127 : 126, `cannot run ${program}: ${err.message}`);
    });
    child.on('exit', (code, signal) => {
      finish(code ?? (signal === null ? 1 : signalExitCode(signal)), undefined);
    });
  });
}
