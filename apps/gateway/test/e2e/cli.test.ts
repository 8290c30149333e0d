/**
 * The built `pushgate` command (dist/main.js, built by the test pipeline
 * before tests run): help, version, bad flags, an unusable persistence file, a port in
 * use, and a graceful exit on SIGTERM.
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/go-pushgateway.js';
import { run, start, waitFor } from '../support/processes.js';
import { send } from '../support/raw-http.js';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const pushgate = (args: readonly string[]) => run(process.execPath, [MAIN, ...args]);

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the gateway first (pnpm build)`);
});

describe('command line', () => {
  it('prints usage on --help and -h to stdout and exits 0', async () => {
    for (const flag of ['--help', '-h']) {
      const result = await pushgate([flag]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^usage: pushgate \[<flags>\]/);
      expect(result.stdout).toContain('--web.listen-address=:9091 ...');
    }
  });

  it('prints the version and exits 0', async () => {
    const result = await pushgate(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^pushgate, version \S+ \(branch: \S*, revision: \S*\)\n/);
  });

  it('refuses bad flags with kingpin’s message on stderr and exit code 1', async () => {
    const cases: [string[], string][] = [
      [['--bogus-flag'], "pushgate: error: unknown long flag '--bogus-flag', try --help\n"],
      [['--persistence.interval=abc'], 'pushgate: error: time: invalid duration "abc", try --help\n'],
      [
        ['--log.level=info', '--log.level=debug'],
        "pushgate: error: flag 'log.level' cannot be repeated, try --help\n",
      ],
    ];
    for (const [args, stderr] of cases) {
      const result = await pushgate(args);
      expect({ args, code: result.code, stderr: result.stderr, stdout: result.stdout }).toEqual({
        args,
        code: 1,
        stderr,
        stdout: '',
      });
    }
  });

  it('refuses to start with an unusable persistence file, exit 1 and a clear message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pushgate-cli-'));
    const result = await pushgate([`--persistence.file=${dir}`, '--web.listen-address=127.0.0.1:0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`pushgate: error: persistence file ${dir} is a directory\n`);
  });
});

describe('process lifecycle', () => {
  it('exits 1 with a clear message when the port is in use', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const result = await pushgate([`--web.listen-address=127.0.0.1:${port}`]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `pushgate: error: listen tcp 127.0.0.1:${port}: bind: address already in use\n`,
      );
    } finally {
      blocker.close();
    }
  });

  it('serves, logs in logfmt, and exits 0 on SIGTERM after finishing', async () => {
    const port = await freePort();
    const gateway = start(process.execPath, [MAIN, `--web.listen-address=127.0.0.1:${port}`]);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      'the gateway to listen',
      async () => (await send(base, { path: '/-/ready' })).status === 200,
    );
    expect((await send(base, { method: 'PUT', path: '/metrics/job/e2e', body: 'e 1\n' })).status).toBe(200);
    gateway.child.kill('SIGTERM');
    const result = await gateway.exited;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/level=info msg="Listening on" address=127\.0\.0\.1:\d+/);
    expect(result.stderr).toContain('msg="received SIGINT/SIGTERM; exiting gracefully..."');
    expect(result.stderr).toContain('msg="HTTP server stopped"');
  });

  it('exits 0 after PUT /-/quit with the lifecycle API, logging JSON', async () => {
    const port = await freePort();
    const gateway = start(process.execPath, [
      MAIN,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
      '--log.format=json',
    ]);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      'the gateway to listen',
      async () => (await send(base, { path: '/-/ready' })).status === 200,
    );
    expect((await send(base, { method: 'PUT', path: '/-/quit' })).text).toBe(
      'Requesting termination... Goodbye!',
    );
    const result = await gateway.exited;
    expect(result.code).toBe(0);
    const lines = result.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(
      lines.some(
        (line) => line.msg === 'received termination request via web service, exiting gracefully...',
      ),
    ).toBe(true);
  });
});
