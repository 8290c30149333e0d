/**
 * Our gateway, started in-process on 127.0.0.1 with a free port, with the
 * command line it would get from an operator.
 */
import { parseFlags } from '../../src/flags/parse-flags.js';
import { type RunningGateway, startGateway } from '../../src/server.js';

export interface TestGateway {
  readonly base: string;
  readonly gateway: RunningGateway;
  /** Every log line written so far. */
  readonly logs: string[];
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  /** Clock for push times (ms since the epoch). */
  readonly now?: () => number;
}

/** Starts a gateway with `args` (flags as on the command line); listens on 127.0.0.1:0. */
export async function startTestGateway(
  args: readonly string[] = [],
  options: TestGatewayOptions = {},
): Promise<TestGateway> {
  const parsed = parseFlags(['--web.listen-address=127.0.0.1:0', ...args]);
  if (parsed.kind !== 'run') throw new Error(`bad test flags: ${JSON.stringify(parsed)}`);
  const logs: string[] = [];
  const gateway = await startGateway(parsed.flags, {
    logDestination: { write: (line) => logs.push(line) },
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const address = gateway.addresses[0];
  if (!address) throw new Error('gateway bound no address');
  return { base: `http://127.0.0.1:${address.port}`, gateway, logs, close: () => gateway.close() };
}
