/**
 * Every fenced code block of the documentation is either executed as
 * written against real processes (gateway, Go pushgateway, Redis, promtool,
 * node, bash) or listed as not runnable with the reason, in
 * doc-examples/manifest.ts. A new block without an entry fails here, and so
 * does an entry whose block is gone.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MANIFEST } from './doc-examples/manifest.js';
import { type DocBlock, markdownBlocks } from './doc-examples/markdown-blocks.js';
import { CLIENT_MAIN, GATEWAY_MAIN } from './doc-examples/shell-example.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The documentation: top-level files, docs/, deploy/, and each package's README. */
function docFiles(): string[] {
  const markdownIn = (dir: string) =>
    existsSync(join(ROOT, dir))
      ? readdirSync(join(ROOT, dir))
          .filter((name) => name.endsWith('.md'))
          .map((name) => (dir === '.' ? name : `${dir}/${name}`))
      : [];
  const readmes = ['packages', 'apps'].flatMap((parent) =>
    readdirSync(join(ROOT, parent))
      .map((name) => `${parent}/${name}/README.md`)
      .filter((file) => existsSync(join(ROOT, file))),
  );
  return [...markdownIn('.'), ...markdownIn('docs'), ...markdownIn('deploy'), ...readmes].sort();
}

const BLOCKS: DocBlock[] = docFiles().flatMap((file) =>
  markdownBlocks(file, readFileSync(join(ROOT, file), 'utf8')),
);

function blockOf(file: string, key: string): DocBlock {
  const block = BLOCKS.find((candidate) => candidate.file === file && candidate.key === key);
  if (block === undefined) throw new Error(`no block ${key} in ${file}`);
  return block;
}

describe('documentation examples', () => {
  it('can run: the built bins and the commands the examples call are there', () => {
    for (const bin of [GATEWAY_MAIN, CLIENT_MAIN]) {
      expect(existsSync(bin), `${bin} is missing: build the workspace first (pnpm build)`).toBe(true);
    }
    const path = (process.env.PATH ?? '').split(':');
    for (const command of ['bash', 'curl', 'openssl', 'promtool', 'redis-server', 'prometheus-pushgateway']) {
      expect(
        path.some((dir) => existsSync(join(dir, command))),
        `${command} is missing: scripts/install-system-deps.sh installs the Debian packages the examples need`,
      ).toBe(true);
    }
  });

  it('are all in the manifest, each once, and every manifest entry names a block', () => {
    const found = BLOCKS.map(({ file, line, key }) => `${file}:${line} ${key}`);
    const unlisted = BLOCKS.filter(({ file, key }) => MANIFEST[file]?.[key] === undefined).map(
      ({ file, line, key }) =>
        `${file}:${line} "${key}": add an <!-- example: NAME --> marker above it and a manifest entry`,
    );
    expect(unlisted).toEqual([]);
    const keys = BLOCKS.map(({ file, key }) => `${file} ${key}`);
    expect(
      keys.filter((key, index) => keys.indexOf(key) !== index),
      'blocks sharing a key',
    ).toEqual([]);
    const stale = Object.entries(MANIFEST).flatMap(([file, entries]) =>
      Object.keys(entries)
        .filter((key) => !BLOCKS.some((block) => block.file === file && block.key === key))
        .map((key) => `${file} "${key}"`),
    );
    expect(stale, `blocks found: ${found.join(', ')}`).toEqual([]);
  });

  const entries = Object.entries(MANIFEST).flatMap(([file, byKey]) =>
    Object.entries(byKey).map(([key, coverage]) => ({ file, key, coverage })),
  );
  for (const { file, key, coverage } of entries) {
    if (coverage.kind === 'executed') {
      it.concurrent(`${file} "${key}" runs as documented`, () => coverage.run(blockOf(file, key)), 40_000);
    } else if (coverage.check !== undefined) {
      const check = coverage.check;
      it.concurrent(
        `${file} "${key}" (not run: ${coverage.reason}) holds`,
        () => check(blockOf(file, key)),
        40_000,
      );
    }
  }
});
