/**
 * The packages as users get them from npm: `pnpm pack` tarballs of the three
 * packages, checked by publint and @arethetypeswrong/cli, installed with npm
 * into an empty folder, and used there: the gateway bin, the client import,
 * the client CLI. Tests the installed tarballs, not the workspace.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/go-pushgateway.js';
import { start, waitFor } from '../support/processes.js';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const packages = ['packages/protocol', 'packages/client', 'apps/gateway'];
const bin = (name: string) => join(root, 'node_modules/.bin', name);

let packs: string;
let project: string;

beforeAll(async () => {
  packs = await mkdtemp(join(tmpdir(), 'pushgate-packs-'));
  for (const dir of packages) {
    await exec('pnpm', ['pack', '--pack-destination', packs], { cwd: join(root, dir) });
  }
  project = await mkdtemp(join(tmpdir(), 'pushgate-user-'));
  await writeFile(join(project, 'package.json'), '{"name":"user","private":true,"type":"module"}\n');
  const tarballs = (await readdir(packs)).map((name) => join(packs, name));
  await exec('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
    cwd: project,
    timeout: 240_000,
  });
}, 300_000);

describe('the published packages', () => {
  it('pass publint and @arethetypeswrong/cli (ESM only)', async () => {
    for (const dir of packages) {
      const { stdout } = await exec(bin('publint'), ['--strict'], { cwd: join(root, dir) });
      expect(stdout).toContain('All good!');
    }
    for (const tarball of await readdir(packs)) {
      await exec(bin('attw'), ['--pack', join(packs, tarball), '--profile', 'esm-only', '--format', 'ascii']);
    }
  }, 120_000);

  it('ship no tests or sources outside dist', async () => {
    for (const tarball of await readdir(packs)) {
      const { stdout } = await exec('tar', ['-tzf', join(packs, tarball)]);
      const files = stdout.trim().split('\n');
      expect(files.filter((f) => /\.test\.|\/src\/|\/test\/|tsbuildinfo/.test(f))).toEqual([]);
    }
  });

  it('run: the gateway bin serves, the client pushes to it, the CLI deletes', async () => {
    const help = await exec(join(project, 'node_modules/.bin/pushgate'), ['--help'], { cwd: project });
    expect(help.stdout).toMatch(/^usage: pushgate \[<flags>\]/);
    const port = await freePort();
    const gateway = start(join(project, 'node_modules/.bin/pushgate'), [
      `--web.listen-address=127.0.0.1:${port}`,
    ]);
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitFor('the installed gateway', async () => (await fetch(`${base}/-/ready`)).ok);
      const script = join(project, 'push.mjs');
      await writeFile(
        script,
        `import { Pushgateway } from '@pushgate/client';
const gw = new Pushgateway(${JSON.stringify(base)});
await gw.push({ job: 'installed', grouping: { path: '/var/tmp' }, metrics: 'from_tarball 1\\n' });
`,
      );
      await exec(process.execPath, [script], { cwd: project });
      expect(await (await fetch(`${base}/metrics`)).text()).toContain(
        'from_tarball{instance="",job="installed",path="/var/tmp"} 1',
      );
      await exec(
        join(project, 'node_modules/.bin/pushgate-client'),
        ['delete', '--url', base, '--job', 'installed', '--label', 'path=/var/tmp'],
        { cwd: project },
      );
      expect(await (await fetch(`${base}/metrics`)).text()).not.toContain('from_tarball');
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited;
    }
  }, 60_000);
});
