import { parseArgs } from 'node:util';
import { importGroups } from './import-groups.js';

export const IMPORT_USAGE = `usage: pushgate import --from URL [--to URL] [--timeout SECONDS]

Copy every group of a running pushgateway (the Go one, or another Pushgate)
into a running Pushgate, with the same grouping keys, types, HELP and values.

  --from URL         the gateway to copy from, e.g. http://old-gateway:9091
  --to URL           the Pushgate to copy into (default http://127.0.0.1:9091)
  --timeout SECONDS  per request (default 30)
`;

/** The `pushgate import` subcommand; resolves with the exit status. */
export async function runImportCommand(
  argv: readonly string[],
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  let values: { from?: string; to?: string; timeout?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        from: { type: 'string' },
        to: { type: 'string', default: 'http://127.0.0.1:9091' },
        timeout: { type: 'string', default: '30' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    err(`pushgate import: error: ${(error as Error).message}\n${IMPORT_USAGE}`);
    return 2;
  }
  if (values.help) {
    out(IMPORT_USAGE);
    return 0;
  }
  const timeoutSeconds = Number(values.timeout);
  if (values.from === undefined || !Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    err(
      `pushgate import: error: ${values.from === undefined ? '--from is required' : '--timeout must be a positive number'}\n${IMPORT_USAGE}`,
    );
    return 2;
  }
  try {
    const result = await importGroups({
      from: values.from,
      to: values.to ?? 'http://127.0.0.1:9091',
      timeoutMs: timeoutSeconds * 1000,
    });
    for (const loss of new Set(result.losses.map((l) => `${l.family}: ${l.reason}`))) out(`note: ${loss}\n`);
    for (const failure of result.failed) err(`failed: ${failure.group}: ${failure.error}\n`);
    out(`imported ${result.imported} groups from ${values.from} into ${values.to}\n`);
    return result.failed.length === 0 ? 0 : 1;
  } catch (error) {
    err(`pushgate import: error: ${(error as Error).message}\n`);
    return 1;
  }
}
