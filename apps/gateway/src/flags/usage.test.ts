import { describe, expect, it } from 'vitest';
import { describeFlags } from './schema.js';
import { helpText, manPage } from './usage.js';

describe('usage', () => {
  it('lists every flag of the schema with its default and description', () => {
    const help = helpText('pushgate');
    expect(help.startsWith('usage: pushgate [<flags>]\n')).toBe(true);
    for (const flag of describeFlags()) {
      expect(help).toContain(flag.kind === 'boolean' ? `--[no-]${flag.name}` : `--${flag.name}=`);
      expect(flag.description.length).toBeGreaterThan(10);
    }
    expect(help).toContain('--web.listen-address=:9091 ...');
    expect(help).toContain('--persistence.interval=5m ');
    expect(help).toContain('-h, --help');
    expect(help).toContain('--version');
  });

  it('knows each flag’s kind from the schema', () => {
    const kinds = Object.fromEntries(describeFlags().map((flag) => [flag.name, flag.kind]));
    expect(kinds['web.listen-address']).toBe('repeatable');
    expect(kinds['web.enable-lifecycle']).toBe('boolean');
    expect(kinds['persistence.interval']).toBe('value');
  });

  it('renders a roff man page', () => {
    const page = manPage('pushgate', '1.2.3');
    expect(page).toMatch(/^\.TH pushgate 1 "1\.2\.3"\n/);
    expect(page).toContain('\\fB\\-\\-log.level=info\\fR');
    expect(page).toContain('\\fB\\-h, \\-\\-help\\fR');
  });
});
