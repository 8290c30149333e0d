/**
 * Reads the command line the way the Go pushgateway's flag library (kingpin)
 * does, so that any command line Go accepts means the same here and any it
 * refuses is refused with the same message:
 *
 * - `--flag=value` and `--flag value`; booleans as `--flag` / `--no-flag`
 *   (a boolean given `=value` is an error, as in kingpin);
 * - `--web.listen-address` may repeat, no other flag may;
 * - `-h`, `--help`, `--help-long` print usage, `--help-man` a man page,
 *   `--version` the version — `--version` acts as soon as it is read, help
 *   only once the whole line parsed;
 * - no positional arguments.
 */
import {
  describeFlags,
  type FlagDescription,
  type FlagName,
  flagsSchema,
  type GatewayFlags,
} from './schema.js';

/** Why the command line was refused. */
export type FlagErrorCode =
  | 'unknown_flag'
  | 'missing_argument'
  | 'unexpected_argument'
  | 'repeated_flag'
  | 'invalid_value';

/** A refused command line: a code, kingpin's message, and the flag concerned if any. */
export interface FlagError {
  readonly code: FlagErrorCode;
  readonly message: string;
  readonly flag?: string;
}

/** What the command line asks for. */
export type FlagsParse =
  | { readonly kind: 'run'; readonly flags: GatewayFlags }
  | { readonly kind: 'help'; readonly format: 'text' | 'man' }
  | { readonly kind: 'version' }
  | { readonly kind: 'error'; readonly error: FlagError };

interface Occurrence {
  readonly flag: FlagDescription;
  readonly value: boolean | string;
}

/**
 * Parses `argv` (without the program name) into validated flags, or says
 * that help, the version or an error must be printed instead. Never throws
 * for bad input.
 */
export function parseFlags(argv: readonly string[]): FlagsParse {
  const flags = new Map(describeFlags().map((flag) => [flag.name as string, flag]));
  const occurrences: Occurrence[] = [];
  let help: 'text' | 'man' | undefined;
  let afterDoubleDash = false;

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    if (afterDoubleDash || token === '-' || !token.startsWith('-')) return unexpected(token);
    if (token === '--') {
      afterDoubleDash = true;
      continue;
    }
    if (!token.startsWith('--')) {
      for (const letter of token.slice(1)) {
        if (letter !== 'h') return failure('unknown_flag', `unknown short flag '-${letter}'`, letter);
        help ??= 'text';
      }
      continue;
    }

    const equals = token.indexOf('=');
    const name = equals < 0 ? token.slice(2) : token.slice(2, equals);
    const inline = equals < 0 ? undefined : token.slice(equals + 1);
    if (name === 'version' || name === 'help' || name === 'help-long' || name === 'help-man') {
      if (inline !== undefined) return unexpected(inline);
      if (name === 'version') return { kind: 'version' };
      help = name === 'help-man' ? 'man' : (help ?? 'text');
      continue;
    }

    const flag = flags.get(name);
    const negated = flag === undefined && name.startsWith('no-') ? flags.get(name.slice(3)) : undefined;
    if (negated?.kind === 'boolean') {
      if (inline !== undefined) return unexpected(inline);
      occurrences.push({ flag: negated, value: false });
      continue;
    }
    if (flag === undefined) return failure('unknown_flag', `unknown long flag '--${name}'`, name);
    if (flag.kind === 'boolean') {
      if (inline !== undefined) return unexpected(inline);
      occurrences.push({ flag, value: true });
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) {
        return failure('missing_argument', `expected argument for flag '--${name}'`, name);
      }
      value = next;
      i++;
    }
    occurrences.push({ flag, value });
  }

  if (help !== undefined) return { kind: 'help', format: help };
  return validate(occurrences);
}

/** Collects the values (refusing repeats) and validates them with the schema. */
function validate(occurrences: readonly Occurrence[]): FlagsParse {
  const raw: Partial<Record<FlagName, boolean | string | string[]>> = {};
  for (const { flag, value } of occurrences) {
    const previous = raw[flag.name];
    if (flag.kind === 'repeatable') {
      raw[flag.name] = [...(Array.isArray(previous) ? previous : []), String(value)];
    } else if (previous !== undefined) {
      return failure('repeated_flag', `flag '${flag.name}' cannot be repeated`, flag.name);
    } else {
      raw[flag.name] = value;
    }
  }
  const result = flagsSchema.safeParse(raw);
  if (result.success) return { kind: 'run', flags: result.data };

  // kingpin reports the problem of the flag given first.
  const position = (flagName: PropertyKey | undefined): number => {
    const index = occurrences.findIndex((occurrence) => occurrence.flag.name === flagName);
    return index < 0 ? occurrences.length : index;
  };
  const [issue] = [...result.error.issues].sort((a, b) => position(a.path[0]) - position(b.path[0]));
  const flagName = issue?.path[0];
  return failure(
    'invalid_value',
    issue?.message ?? 'invalid flags',
    typeof flagName === 'string' ? flagName : undefined,
  );
}

function unexpected(token: string): FlagsParse {
  return failure('unexpected_argument', `unexpected ${token}`);
}

function failure(code: FlagErrorCode, message: string, flag?: string): FlagsParse {
  return { kind: 'error', error: flag === undefined ? { code, message } : { code, message, flag } };
}
