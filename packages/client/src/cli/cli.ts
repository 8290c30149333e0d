import { isValidMetricName } from '@pushgate/protocol';
import { Pushgateway } from '../pushgateway.js';
import { isPushgatewayError } from '../pushgateway-error.js';
import type { CliIo } from './cli-io.js';
import { EXIT_OK, EXIT_PUSH_FAILED, EXIT_USAGE } from './exit-codes.js';
import { type CommandName, MAIN_HELP } from './help.js';
import { type GatewayArguments, parseInvocation } from './invocation.js';
import { readMetricsInput } from './read-input.js';
import { runCommand } from './run-command.js';
import { runMetricFamilies } from './run-metrics.js';
import { UsageError } from './usage-error.js';
import { packageVersion } from './version.js';

const COMMANDS: readonly CommandName[] = ['push', 'add', 'delete', 'run'];

function isCommand(word: string): word is CommandName {
  return (COMMANDS as readonly string[]).includes(word);
}

function gatewayFor(args: GatewayArguments): Pushgateway {
  return new Pushgateway(args.url, {
    timeout: args.timeoutMs,
    headers: args.headers,
    format: args.format,
    compression: args.gzip ? 'gzip' : 'none',
  });
}

function groupOf(args: GatewayArguments) {
  return { job: args.job, grouping: args.grouping };
}

function withTtl(args: GatewayArguments) {
  return args.ttl === undefined ? {} : { ttl: args.ttl };
}

/** `run`: runs the command, pushes its outcome, and returns the exit status to use. */
async function runAndReport(
  args: GatewayArguments,
  prefix: string,
  command: readonly [string, ...string[]],
  io: CliIo,
): Promise<number> {
  if (!isValidMetricName(`${prefix}_exit_code`, 'legacy')) {
    throw new UsageError(`--prefix ${JSON.stringify(prefix)} does not make valid metric names`, 'run');
  }
  // Building the client first reports a bad URL or header before the command runs, not after.
  const gateway = gatewayFor(args);
  const outcome = await runCommand(command);
  if (outcome.startError !== undefined) io.stderr.write(`pushgate-client: ${outcome.startError}\n`);
  try {
    await gateway.pushAdd({
      ...groupOf(args),
      ...withTtl(args),
      metrics: runMetricFamilies(prefix, outcome),
    });
  } catch (err) {
    if (!isPushgatewayError(err)) throw err;
    io.stderr.write(`pushgate-client: ${err.message}\n`);
    return outcome.exitCode === 0 ? EXIT_PUSH_FAILED : outcome.exitCode;
  }
  return outcome.exitCode;
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [word, ...rest] = argv;
  if (word === '--help' || word === '-h' || word === 'help') {
    io.stdout.write(MAIN_HELP);
    return EXIT_OK;
  }
  if (word === '--version') {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  if (word === undefined) throw new UsageError('no command given');
  if (!isCommand(word)) throw new UsageError(`unknown command ${JSON.stringify(word)}`);
  const invocation = parseInvocation(word, rest, io.env);
  switch (invocation.kind) {
    case 'help':
      io.stdout.write(invocation.text);
      return EXIT_OK;
    case 'push':
    case 'add': {
      const metrics = await readMetricsInput(invocation.file, io, invocation.kind);
      const gateway = gatewayFor(invocation.gateway);
      const params = { ...groupOf(invocation.gateway), ...withTtl(invocation.gateway), metrics };
      await (invocation.kind === 'push' ? gateway.push(params) : gateway.pushAdd(params));
      return EXIT_OK;
    }
    case 'delete':
      await gatewayFor(invocation.gateway).delete(groupOf(invocation.gateway));
      return EXIT_OK;
    case 'run':
      return runAndReport(invocation.gateway, invocation.prefix, invocation.command, io);
  }
}

/**
 * The `pushgate-client` command line, without touching `process`: runs
 * `argv` (the arguments after the program name) against `io` and resolves
 * with the exit status: 0 success, 1 the gateway call failed, 2 usage error,
 * or for `run` the command's own status. Never rejects; every failure is
 * reported on `io.stderr`.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      const help =
        err.command === undefined ? 'pushgate-client --help' : `pushgate-client ${err.command} --help`;
      io.stderr.write(`pushgate-client: ${err.message}\nSee '${help}'.\n`);
      return EXIT_USAGE;
    }
    if (isPushgatewayError(err)) {
      io.stderr.write(`pushgate-client: ${err.message}\n`);
      return err.code === 'invalid_options' ? EXIT_USAGE : EXIT_PUSH_FAILED;
    }
    io.stderr.write(
      `pushgate-client: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return EXIT_PUSH_FAILED;
  }
}
