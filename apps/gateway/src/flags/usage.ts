/**
 * `--help` and `--help-man`, rendered from the flag schema in kingpin's
 * layout: usage line, description, then one entry per flag with its default.
 */
import { describeFlags, type FlagDescription } from './schema.js';

const DESCRIPTION = 'Pushgate: a fast, drop-in replacement for the Prometheus Pushgateway.';
const WIDTH = 100;
const MAX_FLAG_COLUMN = 32;

interface UsageEntry {
  /** The short form, `-h`, if the flag has one. */
  readonly short?: string;
  readonly flag: string;
  readonly description: string;
}

/** The flag column of `--help`: short forms aligned before the long ones, as kingpin does. */
function flagColumn(entry: UsageEntry): string {
  return entry.short === undefined ? `    ${entry.flag}` : `${entry.short}, ${entry.flag}`;
}

/** The `--help` text for `program`, ending with a newline. */
export function helpText(program: string): string {
  const entries = usageEntries().map((entry) => ({
    flag: flagColumn(entry),
    description: entry.description,
  }));
  const column = Math.min(MAX_FLAG_COLUMN, Math.max(...entries.map((entry) => entry.flag.length)) + 2);
  const lines = [`usage: ${program} [<flags>]`, '', DESCRIPTION, '', 'Flags:'];
  for (const entry of entries) {
    const wrapped = wrap(entry.description, WIDTH - column - 2);
    if (entry.flag.length + 2 > column) {
      lines.push(`  ${entry.flag}`);
      for (const line of wrapped) lines.push(`${' '.repeat(column + 2)}${line}`);
      continue;
    }
    wrapped.forEach((line, index) => {
      const left = index === 0 ? entry.flag : '';
      lines.push(`  ${left.padEnd(column)}${line}`);
    });
  }
  return `${lines.join('\n')}\n`;
}

/** The `--help-man` page (roff) for `program`, ending with a newline. */
export function manPage(program: string, version: string): string {
  const roff = (text: string): string => text.replaceAll('\\', '\\\\').replaceAll('-', '\\-');
  const lines = [
    `.TH ${program} 1 "${roff(version)}"`,
    '.SH "NAME"',
    roff(program),
    '.SH "SYNOPSIS"',
    '.TP',
    `\\fB${roff(program)} [<flags>]\\fR`,
    '.SH "DESCRIPTION"',
    roff(DESCRIPTION),
    '.SH "OPTIONS"',
  ];
  for (const entry of usageEntries()) {
    const flag = entry.short === undefined ? entry.flag : `${entry.short}, ${entry.flag}`;
    lines.push('.TP', `\\fB${roff(flag)}\\fR`, roff(entry.description));
  }
  return `${lines.join('\n')}\n`;
}

function usageEntries(): UsageEntry[] {
  return [
    { short: '-h', flag: '--help', description: 'Show this help (also try --help-long and --help-man).' },
    ...describeFlags().map((flag) => ({ flag: flagSyntax(flag), description: flag.description })),
    { flag: '--version', description: 'Show the version.' },
  ];
}

/** `--[no-]name`, `--name=default`, `--name=default ...` (repeatable), `--name=""`. */
function flagSyntax(flag: FlagDescription): string {
  if (flag.kind === 'boolean') return `--[no-]${flag.name}`;
  const value = flag.defaults.length === 0 ? (flag.placeholder ?? 'VALUE') : flag.defaults.join(',');
  const shown = value === '' ? '""' : value;
  return `--${flag.name}=${shown}${flag.kind === 'repeatable' ? ' ...' : ''}`;
}

/** Splits `text` into lines of at most `width` characters at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
