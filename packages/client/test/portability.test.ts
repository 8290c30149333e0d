import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

// The core must run wherever fetch exists (browsers, Deno, Bun): only the CLI may use Node's modules.
const srcDir = new URL('../src/', import.meta.url);

describe('the core (src/ outside src/cli)', () => {
  it('imports no Node built-in module', async () => {
    const files = (await readdir(srcDir)).filter(
      (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
    );
    expect(files.length).toBeGreaterThan(5);
    const offenders: string[] = [];
    for (const name of files) {
      const source = await readFile(new URL(name, srcDir), 'utf8');
      const imports = [...source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map(
        (match) => match[1],
      );
      for (const specifier of imports) {
        if (
          specifier?.startsWith('node:') ||
          specifier === 'fs' ||
          specifier === 'zlib' ||
          specifier === 'http'
        ) {
          offenders.push(`${name}: ${specifier}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('uses no Node-only globals', async () => {
    const files = (await readdir(srcDir)).filter(
      (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
    );
    const offenders: string[] = [];
    for (const name of files) {
      const source = await readFile(new URL(name, srcDir), 'utf8');
      for (const global of ['Buffer.', 'process.', 'require(', '__dirname']) {
        if (source.includes(global)) offenders.push(`${name}: ${global}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
