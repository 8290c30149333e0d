import { describe, expect, it } from 'vitest';
import { parseFlags } from './parse-flags.js';

function run(argv: string[]) {
  const parsed = parseFlags(argv);
  if (parsed.kind !== 'run') throw new Error(`expected run, got ${JSON.stringify(parsed)}`);
  return parsed.flags;
}

function errorOf(argv: string[]): string | undefined {
  const parsed = parseFlags(argv);
  return parsed.kind === 'error' ? parsed.error.message : undefined;
}

describe('parseFlags', () => {
  it('applies Go’s defaults, and defaults of our extras that keep Go’s behaviour', () => {
    expect(run([])).toEqual({
      'web.systemd-socket': false,
      'web.listen-address': [':9091'],
      'web.config.file': '',
      'web.telemetry-path': '/metrics',
      'web.external-url': '',
      'web.route-prefix': '',
      'web.enable-lifecycle': false,
      'web.enable-admin-api': false,
      'persistence.file': '',
      'persistence.interval': 300_000_000_000n,
      'persistence.sync': false,
      'push.disable-consistency-check': false,
      'push.enable-utf8-names': false,
      'push.group-ttl': 0n,
      'push.max-group-ttl': 0n,
      'push.max-body-bytes': 64 * 1024 * 1024,
      'push.max-decoded-bytes': 256 * 1024 * 1024,
      'push.max-series': 1_000_000,
      'push.max-labels': 256,
      'push.max-label-length': 64 * 1024,
      'push.max-groups': 0,
      'web.read-header-timeout': 30_000_000_000n,
      'web.read-timeout': 300_000_000_000n,
      'redis.url': '',
      'redis.key-prefix': 'pushgate:',
      'log.level': 'info',
      'log.format': 'logfmt',
    });
  });

  it('accepts kingpin’s forms: --flag=value, --flag value, booleans, --no-flag, repeats of listen addresses', () => {
    const flags = run([
      '--web.listen-address=127.0.0.1:1',
      '--web.listen-address',
      '[::1]:2',
      '--log.level',
      'debug',
      '--web.enable-lifecycle',
      '--no-web.enable-admin-api',
      '--persistence.interval=1h30m',
      '--',
    ]);
    expect(flags['web.listen-address']).toEqual(['127.0.0.1:1', '[::1]:2']);
    expect(flags['log.level']).toBe('debug');
    expect(flags['web.enable-lifecycle']).toBe(true);
    expect(flags['web.enable-admin-api']).toBe(false);
    expect(flags['persistence.interval']).toBe(5_400_000_000_000n);
  });

  it('refuses bad command lines with kingpin’s messages', () => {
    const cases: [string[], string][] = [
      [['--bogus-flag'], "unknown long flag '--bogus-flag'"],
      [['-x'], "unknown short flag '-x'"],
      [['-hx'], "unknown short flag '-x'"],
      [['extra'], 'unexpected extra'],
      [['--', '--x'], 'unexpected --x'],
      [['--log.level'], "expected argument for flag '--log.level'"],
      [['--log.level', '--version'], "expected argument for flag '--log.level'"],
      [['--log.level=info', '--log.level=debug'], "flag 'log.level' cannot be repeated"],
      [
        ['--web.enable-lifecycle', '--web.enable-lifecycle'],
        "flag 'web.enable-lifecycle' cannot be repeated",
      ],
      [['--web.enable-lifecycle=true'], 'unexpected true'],
      [['--no-log.level'], "unknown long flag '--no-log.level'"],
      [['--log.level=foo'], 'unrecognized log level "foo"'],
      [['--log.format=foo'], 'unrecognized log format "foo"'],
      [['--persistence.interval=abc'], 'time: invalid duration "abc"'],
      [['--persistence.interval=5'], 'time: missing unit in duration "5"'],
      [['--web.external-url=:bad'], 'invalid URL: parse ":bad": missing protocol scheme'],
      [['--web.listen-address=foo'], 'listen tcp: address foo: missing port in address'],
      [['--log.format=x', '--log.level=y'], 'unrecognized log format "x"'],
    ];
    for (const [argv, message] of cases) expect({ argv, message: errorOf(argv) }).toEqual({ argv, message });
  });

  it('prints the version as soon as --version is read, help only after the whole line parsed', () => {
    expect(parseFlags(['--version', '--bogus']).kind).toBe('version');
    expect(parseFlags(['--log.level=foo', '--version']).kind).toBe('version');
    expect(parseFlags(['--bogus', '--version']).kind).toBe('error');
    expect(parseFlags(['-h', '--bogus']).kind).toBe('error');
    expect(parseFlags(['--log.level=foo', '-h'])).toEqual({ kind: 'help', format: 'text' });
    expect(parseFlags(['--help-long'])).toEqual({ kind: 'help', format: 'text' });
    expect(parseFlags(['--help-man'])).toEqual({ kind: 'help', format: 'man' });
  });
});
