import { readFile } from 'node:fs/promises';
import type { CliIo } from './cli-io.js';
import { UsageError } from './usage-error.js';

async function readAll(stream: CliIo['stdin']): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  return Buffer.concat(chunks);
}

/**
 * Reads the metrics text from `file`, or from stdin when `file` is absent or
 * `-`. Throws {@link UsageError} when the file cannot be read or is not UTF-8
 * (the exposition format requires UTF-8).
 */
export async function readMetricsInput(
  file: string | undefined,
  io: CliIo,
  command: string,
): Promise<string> {
  let bytes: Uint8Array;
  if (file === undefined || file === '-') {
    if (io.stdin.isTTY === true) {
      io.stderr.write('pushgate-client: reading metrics from stdin (end with Ctrl-D)\n');
    }
    bytes = await readAll(io.stdin);
  } else {
    try {
      bytes = await readFile(file);
    } catch (err) {
      throw new UsageError(
        `cannot read --file ${file}: ${err instanceof Error ? err.message : String(err)}`,
        command,
      );
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${file ?? 'stdin'} is not valid UTF-8 text`, command);
  }
}
