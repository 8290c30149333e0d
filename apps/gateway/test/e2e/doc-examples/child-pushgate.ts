/**
 * The built `pushgate` (dist/main.js) started as an operator would, with the
 * flags of a documentation example, on 127.0.0.1 and a free port.
 */
import { freePort } from '../../support/go-pushgateway.js';
import { type Running, start, waitFor } from '../../support/processes.js';
import { GATEWAY_MAIN } from './shell-example.js';

export interface ChildPushgate {
  readonly port: number;
  readonly process: Running;
  /** SIGTERM, then waits for the exit; the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `pushgate --web.listen-address=127.0.0.1:<free port> ...flags` and
 * waits until `ready(port)` holds, failing with the gateway's stderr if it
 * does not come up or exits.
 */
export async function startChildPushgate(
  flags: readonly string[],
  ready: (port: number) => Promise<boolean>,
): Promise<ChildPushgate> {
  const port = await freePort();
  const running = start(process.execPath, [GATEWAY_MAIN, `--web.listen-address=127.0.0.1:${port}`, ...flags]);
  const stop = async () => {
    if (running.child.exitCode === null) running.child.kill('SIGTERM');
    return (await running.exited).code;
  };
  try {
    await waitFor('pushgate to come up', async () => {
      if (running.child.exitCode !== null) throw new Error('exited');
      return ready(port);
    });
  } catch (error) {
    await stop();
    throw new Error(`pushgate ${flags.join(' ')} did not come up: ${String(error)}\n${running.stderr()}`);
  }
  return { port, process: running, stop };
}
