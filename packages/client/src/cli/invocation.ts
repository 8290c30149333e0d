import { type ParseArgsConfig, parseArgs } from 'node:util';
import { parseDuration } from '../duration.js';
import type { GroupTtl } from '../ttl.js';
import { isValidTtl } from '../ttl.js';
import { COMMAND_HELP, type CommandName } from './help.js';
import { UsageError } from './usage-error.js';

/** Where and how to reach the gateway, and which group, as given on the command line. */
export interface GatewayArguments {
  readonly url: string;
  readonly job: string;
  readonly grouping: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly format: 'text' | 'protobuf';
  readonly gzip: boolean;
  readonly ttl: GroupTtl | undefined;
}

/** A parsed command line, ready to execute. */
export type Invocation =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'push' | 'add'; readonly gateway: GatewayArguments; readonly file: string | undefined }
  | { readonly kind: 'delete'; readonly gateway: GatewayArguments }
  | {
      readonly kind: 'run';
      readonly gateway: GatewayArguments;
      readonly prefix: string;
      readonly command: readonly [string, ...string[]];
    };

const GROUP_OPTIONS = {
  url: { type: 'string' },
  job: { type: 'string' },
  label: { type: 'string', multiple: true },
  header: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const BODY_OPTIONS = {
  format: { type: 'string' },
  gzip: { type: 'boolean' },
  ttl: { type: 'string' },
} as const;

const OPTIONS_BY_COMMAND = {
  push: { ...GROUP_OPTIONS, ...BODY_OPTIONS, file: { type: 'string', short: 'f' } },
  add: { ...GROUP_OPTIONS, ...BODY_OPTIONS, file: { type: 'string', short: 'f' } },
  delete: GROUP_OPTIONS,
  run: { ...GROUP_OPTIONS, ...BODY_OPTIONS, prefix: { type: 'string' } },
} as const;

/** The union of all commands' flags, as parseArgs returns them. */
interface FlagValues {
  readonly url?: string;
  readonly job?: string;
  readonly label?: string[];
  readonly header?: string[];
  readonly timeout?: string;
  readonly help?: boolean;
  readonly format?: string;
  readonly gzip?: boolean;
  readonly ttl?: string;
  readonly file?: string;
  readonly prefix?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** A duration flag: a Prometheus duration (`10s`, `1m30s`) or a bare number of seconds (`2.5`). */
function durationMs(flag: string, text: string, command: CommandName): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const ms = parseDuration(text);
  if (ms === undefined) {
    throw new UsageError(
      `--${flag} ${JSON.stringify(text)}: expected a duration such as 10s, 500ms or 1m`,
      command,
    );
  }
  return ms;
}

function ttlOf(text: string, command: CommandName): GroupTtl {
  const ttl = /^\d+$/.test(text) ? Number(text) : text;
  if (!isValidTtl(ttl)) {
    throw new UsageError(
      `--ttl ${JSON.stringify(text)}: expected a duration such as 15m or 2h, or seconds`,
      command,
    );
  }
  return ttl;
}

/** `NAME<separator>VALUE` pairs into a record; duplicates are refused rather than silently overwritten. */
function pairs(
  flag: string,
  items: readonly string[],
  separator: string,
  command: CommandName,
): Record<string, string> {
  const record: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf(separator);
    if (at <= 0) {
      const shape = separator === '=' ? 'NAME=VALUE' : `'Name${separator} value'`;
      throw new UsageError(`--${flag} ${JSON.stringify(item)}: expected ${shape}`, command);
    }
    const name = item.slice(0, at).trim();
    if (Object.hasOwn(record, name)) throw new UsageError(`--${flag} ${name} is given twice`, command);
    record[name] = separator === '=' ? item.slice(at + 1) : item.slice(at + 1).trim();
  }
  return record;
}

function gatewayArguments(values: FlagValues, env: CliEnv, command: CommandName): GatewayArguments {
  const url = values.url ?? env.PUSHGATEWAY_URL;
  if (url === undefined || url === '') {
    throw new UsageError('no gateway URL: pass --url or set PUSHGATEWAY_URL', command);
  }
  if (values.job === undefined) throw new UsageError('--job is required', command);
  const grouping = pairs('label', values.label ?? [], '=', command);
  if (Object.hasOwn(grouping, 'job')) {
    throw new UsageError('--label job=...: use --job for the job label', command);
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'protobuf') {
    throw new UsageError(`--format ${JSON.stringify(format)}: expected text or protobuf`, command);
  }
  return {
    url,
    job: values.job,
    grouping,
    headers: pairs('header', values.header ?? [], ':', command),
    timeoutMs:
      values.timeout === undefined ? DEFAULT_TIMEOUT_MS : durationMs('timeout', values.timeout, command),
    format,
    gzip: values.gzip ?? false,
    ttl: values.ttl === undefined ? undefined : ttlOf(values.ttl, command),
  };
}

/** The environment variables the CLI reads. */
export type CliEnv = Readonly<Record<string, string | undefined>>;

/**
 * Parses the arguments following the command name. Throws {@link UsageError}
 * for anything wrong; `--help` wins over missing required flags.
 */
export function parseInvocation(command: CommandName, args: readonly string[], env: CliEnv): Invocation {
  const config: ParseArgsConfig = {
    args: [...args],
    options: OPTIONS_BY_COMMAND[command],
    strict: true,
    allowPositionals: command === 'run',
    tokens: true,
  };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(config);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err), command);
  }
  const values = parsed.values as FlagValues;
  if (values.help === true) return { kind: 'help', text: COMMAND_HELP[command] };
  const gateway = gatewayArguments(values, env, command);
  switch (command) {
    case 'push':
    case 'add':
      return { kind: command, gateway, file: values.file };
    case 'delete':
      return { kind: 'delete', gateway };
    case 'run':
      return {
        kind: 'run',
        gateway,
        prefix: values.prefix ?? 'job',
        command: commandAfterTerminator(parsed),
      };
  }
}

/** The words after `--`; any positional before it is a mistake (a forgotten `--`). */
function commandAfterTerminator(parsed: ReturnType<typeof parseArgs>): readonly [string, ...string[]] {
  const tokens = parsed.tokens ?? [];
  const terminator = tokens.findIndex((token) => token.kind === 'option-terminator');
  const stray = tokens.find(
    (token, index) => token.kind === 'positional' && (terminator < 0 || index < terminator),
  );
  if (stray !== undefined && stray.kind === 'positional') {
    throw new UsageError(
      `unexpected argument ${JSON.stringify(stray.value)}: put the command after --`,
      'run',
    );
  }
  const [program, ...programArgs] = parsed.positionals;
  if (program === undefined) throw new UsageError('no command to run: pass it after --', 'run');
  return [program, ...programArgs];
}
