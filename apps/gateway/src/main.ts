#!/usr/bin/env node
/**
 * The `pushgate` command: parses the flags the Go pushgateway takes, starts
 * the gateway, and shuts it down gracefully on SIGTERM, SIGINT or `/-/quit`.
 * Exit status: 0 after a graceful shutdown, `--help` or `--version`; 1 for
 * a bad command line, an unsupported flag or an address that cannot be bound.
 * `pushgate import --from URL` copies the groups of another gateway instead.
 */
import { parseFlags } from './flags/parse-flags.js';
import { helpText, manPage } from './flags/usage.js';
import { runImportCommand } from './import/import-command.js';
import { StartError, startGateway } from './server.js';
import { readBuildInfo, versionText } from './version.js';

const PROGRAM = 'pushgate';

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'import') {
    return runImportCommand(
      argv.slice(1),
      (text) => process.stdout.write(text),
      (text) => process.stderr.write(text),
    );
  }
  const parsed = parseFlags(argv);
  switch (parsed.kind) {
    case 'help':
      process.stdout.write(
        parsed.format === 'man' ? manPage(PROGRAM, readBuildInfo().version) : helpText(PROGRAM),
      );
      return 0;
    case 'version':
      process.stdout.write(versionText(PROGRAM, readBuildInfo()));
      return 0;
    case 'error':
      process.stderr.write(`${PROGRAM}: error: ${parsed.error.message}, try --help\n`);
      return 1;
    case 'run':
      break;
  }

  let gateway: Awaited<ReturnType<typeof startGateway>>;
  try {
    gateway = await startGateway(parsed.flags);
  } catch (error) {
    if (!(error instanceof StartError)) throw error;
    process.stderr.write(`${PROGRAM}: error: ${error.message}\n`);
    return 1;
  }
  const stop = (signal: NodeJS.Signals) => {
    gateway.logger.info({ signal }, 'received SIGINT/SIGTERM; exiting gracefully...');
    void gateway.close();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await gateway.closed;
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `${PROGRAM}: error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
