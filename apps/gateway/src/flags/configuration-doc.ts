/**
 * docs/configuration.md, rendered from the flag schema so that the reference
 * can never drift from what the gateway accepts (a test compares the file).
 */
import { describeFlags } from './schema.js';

const escapeCell = (text: string) => text.replaceAll('|', '\\|');

/** The whole configuration reference, as Markdown. */
export function configurationMarkdown(): string {
  const flags = describeFlags();
  const go = flags.filter((flag) => !flag.description.startsWith('Pushgate extra: '));
  const extra = flags.filter((flag) => flag.description.startsWith('Pushgate extra: '));
  const row = (flag: (typeof flags)[number]) => {
    const value =
      flag.kind === 'boolean'
        ? `\`--[no-]${flag.name}\``
        : `\`--${flag.name}=${flag.placeholder ?? 'VALUE'}\`${flag.kind === 'repeatable' ? ' (repeatable)' : ''}`;
    const defaults =
      flag.defaults.length === 0 ? '' : flag.defaults.map((d) => `\`${d === '' ? '""' : d}\``).join(', ');
    return `| ${value} | ${defaults} | ${escapeCell(flag.description.replace(/^Pushgate extra: /, ''))} |`;
  };
  return [
    '# Configuration reference',
    '',
    '<!-- Generated from apps/gateway/src/flags/schema.ts by configuration-doc.ts: do not edit by hand.',
    '     Regenerate with: UPDATE_DOCS=1 pnpm exec vitest run apps/gateway/src/flags/configuration-doc.test.ts -->',
    '',
    'Pushgate is configured by command-line flags only, in the forms the Go pushgateway (kingpin) accepts:',
    '`--flag=value`, `--flag value`, `--flag` / `--no-flag` for booleans. Durations are Go durations',
    '(`90s`, `5m`, `1h30m`). `pushgate --help` prints the same list.',
    '',
    '## Flags of the Go pushgateway',
    '',
    'Same names, defaults and meanings as the Go pushgateway 1.11.',
    '',
    '| flag | default | meaning |',
    '| --- | --- | --- |',
    ...go.map(row),
    '',
    '## Pushgate extras',
    '',
    'Defaults keep the Go pushgateway’s behaviour (no TTL, no Redis), and the limits are far above any',
    'sensible push. See docs/compatibility.md for every difference.',
    '',
    '| flag | default | meaning |',
    '| --- | --- | --- |',
    ...extra.map(row),
    '',
    '## Subcommands',
    '',
    '`pushgate import --from URL [--to URL] [--timeout SECONDS]` copies every group of a running',
    'pushgateway into a running Pushgate (docs/persistence.md, “Moving from the Go pushgateway”).',
    '',
  ].join('\n');
}
