import { readFileSync } from 'node:fs';

/**
 * The package version, read from package.json two levels above this file:
 * that is the package root both from `src/cli` and from the built `dist/cli`.
 */
export function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const { version } = JSON.parse(text) as { version?: unknown };
  return typeof version === 'string' ? version : 'unknown';
}
