/**
 * How each fenced block of the documentation is tested, by file and key
 * (see markdown-blocks.ts). A block is either executed as written, with only
 * the substitutions that point it at the test's addresses and temporary
 * paths, or listed as not runnable here with the reason, and then checked as
 * far as it can be without running it.
 */
import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { expect } from 'vitest';
import { freePort, startGoPushgateway } from '../../support/go-pushgateway.js';
import { run, waitFor } from '../../support/processes.js';
import { client, send } from '../../support/raw-http.js';
import { startChildPushgate } from './child-pushgate.js';
import { type GatewayUnderTest, startGatewayUnderTest } from './gateway-under-test.js';
import type { DocBlock } from './markdown-blocks.js';
import { checkPrometheusConfig, checkRules } from './promtool.js';
import { checkSentinelExample } from './sentinel-example.js';
import {
  CLIENT_MAIN,
  runShell,
  type Sandbox,
  type Substitution,
  sandbox,
  startShell,
} from './shell-example.js';
import { runTypeScript, typeErrors } from './typescript-example.js';
import { checkAuthorizationExample, checkTlsWebConfigExample } from './web-config-example.js';

/** How one block is covered. */
export type Coverage =
  | { readonly kind: 'executed'; readonly run: (block: DocBlock) => Promise<void> }
  | {
      readonly kind: 'not-run';
      readonly reason: string;
      /** What can be checked without running the block. */
      readonly check?: (block: DocBlock) => Promise<void>;
    };

const ROOT_PACKAGE = new URL('../../../../../package.json', import.meta.url);

async function withSandbox<T>(body: (box: Sandbox) => Promise<T>): Promise<T> {
  const box = sandbox();
  try {
    return await body(box);
  } finally {
    box.remove();
  }
}

async function withGateway(body: (gateway: GatewayUnderTest, box: Sandbox) => Promise<void>): Promise<void> {
  const gateway = await startGatewayUnderTest();
  try {
    await withSandbox((box) => body(gateway, box));
  } finally {
    await gateway.close();
  }
}

/** Runs a shell block against a fresh gateway with `localhost:9091` pointed at it. */
function shellAgainstGateway(
  prepare: (box: Sandbox) => void,
  check: (gateway: GatewayUnderTest, stdout: string) => Promise<void>,
  substitutions: readonly Substitution[] = [],
): (block: DocBlock) => Promise<void> {
  return (block) =>
    withGateway(async (gateway, box) => {
      prepare(box);
      const result = await runShell(box, block.content, [['localhost:9091', gateway.host], ...substitutions]);
      expect(result, `${result.script}\n${result.stderr}`).toMatchObject({ code: 0 });
      await check(gateway, result.stdout);
    });
}

/** Type-checks and runs a TypeScript block (after `prelude`) against a fresh gateway. */
function typeScriptAgainstGateway(
  prelude: string,
  check: (gateway: GatewayUnderTest, stdout: string) => Promise<void>,
): (block: DocBlock) => Promise<void> {
  return (block) =>
    withGateway(async (gateway, box) => {
      const source = `${prelude}${block.content}`;
      expect(typeErrors(box, source)).toEqual([]);
      const result = await runTypeScript(box, source.split('localhost:9091').join(gateway.host));
      expect(result, result.stderr).toMatchObject({ code: 0 });
      await check(gateway, result.stdout);
    });
}

/** A script for `./backup.sh` that succeeds. */
function backupScript(box: Sandbox): void {
  box.write('backup.sh', '#!/bin/sh\necho backed up\n', true);
}

/** The lines of `samples` whose text starts with `prefix`, for checks of values that vary (timestamps). */
function startingWith(samples: readonly string[], prefix: string): string[] {
  return samples.filter((line) => line.startsWith(prefix));
}

/** `pnpm NAME` lines of a block name scripts of the root package.json or pnpm commands. */
function pnpmCommandsExist(block: DocBlock): Promise<void> {
  const scripts = Object.keys(
    (JSON.parse(readFileSync(ROOT_PACKAGE, 'utf8')) as { scripts: Record<string, string> }).scripts,
  );
  const commands = [...block.content.matchAll(/^pnpm (\S+)/gm)].map((match) => match[1]);
  expect(commands.length).toBeGreaterThan(0);
  for (const command of commands) {
    expect(['install', 'exec', ...scripts], `pnpm ${command}`).toContain(command);
  }
  return Promise.resolve();
}

/** Starts a gateway with the flags of a `pnpm start FLAGS` line (`pnpm start` builds, then runs exactly this). */
function pnpmStartFlagsWork(block: DocBlock): Promise<void> {
  const line = block.content.split('\n').find((text) => text.startsWith('pnpm start '));
  if (line === undefined) throw new Error('no `pnpm start` line');
  const flags = line
    .replace(/#.*$/, '')
    .trim()
    .split(/\s+/)
    .slice(2)
    .filter((flag) => !flag.startsWith('--web.listen-address='));
  return withSandbox(async (box) => {
    const gateway = await startChildPushgate(
      flags.map((flag) => flag.replace(/^--persistence\.file=(?!\/)/, `--persistence.file=${box.dir}/`)),
      async (port) => (await send(`http://127.0.0.1:${port}`, { path: '/-/ready' })).status === 200,
    );
    expect(await gateway.stop()).toBe(0);
  });
}

const SOME_JOB_PUSHES = [
  'some_metric{instance="",job="some_job"} 3.14',
  'another_metric{instance="some_instance",job="some_job"} 2398.283',
  'some_counter{instance="some_instance",job="some_job",label="val1"} 42',
  'files{instance="",job="cleaner",path="/var/tmp"} 12',
];

export const MANIFEST: Readonly<Record<string, Readonly<Record<string, Coverage>>>> = {
  'README.md': {
    'quick-start': {
      kind: 'not-run',
      reason: '`npm start` serves on :9091 until stopped, and `npm test` is the CI run itself',
    },
    'push-and-scrape': {
      kind: 'executed',
      run: (block) => {
        // The block shows the output it promises as comments: `# some_metric{…} 3.14`.
        const documentedOutput = [...block.content.matchAll(/^# (\S+\{.*\} \S+)$/gm)].map(
          (match) => match[1],
        );
        expect(documentedOutput).toHaveLength(1);
        return shellAgainstGateway(
          () => {},
          async (gateway, stdout) => {
            expect(gateway.requests()).toEqual(['POST /metrics/job/some_job 200', 'GET /metrics 200']);
            expect(stdout.split('\n')).toEqual(expect.arrayContaining(documentedOutput));
          },
        )(block);
      },
    },
  },
  'docs/getting-started.md': {
    'run-from-clone': {
      kind: 'not-run',
      reason:
        '`npm start`/`pnpm start` install and build the workspace first; their gateway flags are started here',
      check: pnpmStartFlagsWork,
    },
    'run-from-npm': {
      kind: 'executed',
      run: (block) =>
        withSandbox(async (box) => {
          const port = await freePort();
          const state = `${box.dir}/var/lib/pushgate/state`;
          const shell = startShell(box, block.content, [
            ['npx @pushgate/gateway', 'pushgate'],
            ['--web.listen-address=:9091', `--web.listen-address=127.0.0.1:${port}`],
            ['/var/lib/pushgate/state', state],
          ]);
          try {
            const base = `http://127.0.0.1:${port}`;
            await waitFor('the gateway', async () => (await send(base, { path: '/-/ready' })).status === 200);
            expect((await client(base).push('PUT', '/metrics/job/j', 'm 1\n')).status).toBe(200);
          } finally {
            await shell.stop();
          }
          expect(readFileSync(state).subarray(0, 8).toString()).toBe('PUSHGATE');
        }),
    },
    'push-with-curl': {
      kind: 'executed',
      run: shellAgainstGateway(
        () => {},
        async (gateway) => {
          expect(gateway.exchanges.map(({ status, body }) => `${status} ${body}`)).toEqual([
            '200 ',
            '200 ',
            '200 ',
          ]);
          expect((await gateway.samples()).sort()).toEqual([...SOME_JOB_PUSHES].sort());
        },
      ),
    },
    'push-from-typescript': {
      kind: 'executed',
      run: typeScriptAgainstGateway('', async (gateway) => {
        expect(await gateway.samples()).toEqual(['backup_rows{db="mysql",instance="",job="backup"} 1234']);
      }),
    },
    'cron-with-cli': {
      kind: 'executed',
      run: shellAgainstGateway(
        backupScript,
        async (gateway, stdout) => {
          expect(stdout).toBe('backed up\n');
          const samples = await gateway.samples();
          expect(samples).toContain('job_exit_code{instance="",job="nightly_backup"} 0');
          expect(
            startingWith(samples, 'job_last_success_timestamp_seconds{instance="",job="nightly_backup"} '),
          ).toHaveLength(1);
        },
        [['npx -p @pushgate/client pushgate-client', 'pushgate-client']],
      ),
    },
    'scrape-config': {
      kind: 'executed',
      run: (block) =>
        withSandbox(async (box) => {
          expect(await checkPrometheusConfig(box, block.content)).toMatchObject({ code: 0 });
        }),
    },
  },
  'docs/client.md': {
    install: {
      kind: 'not-run',
      reason:
        'installs from the npm registry; published-packages.test.ts installs the packed tarball the same way',
    },
    'push-from-code': {
      kind: 'executed',
      run: typeScriptAgainstGateway('', async (gateway) => {
        expect(gateway.requests()).toEqual([
          'PUT /metrics/job/backup/db/mysql 200',
          'POST /metrics/job/backup/db/mysql 200',
          'DELETE /metrics/job/backup/db/mysql 202',
        ]);
        expect(await gateway.samples()).toEqual([]);
      }),
    },
    'group-ttl': {
      kind: 'executed',
      run: typeScriptAgainstGateway(
        [
          "import { Pushgateway } from '@pushgate/client';",
          "const gw = new Pushgateway('http://localhost:9091');",
          "const pod = 'worker-7';",
          "const metrics = 'queue_depth 3\\n';",
          '',
        ].join('\n'),
        async (gateway) => {
          expect(gateway.requests()).toEqual(['PUT /metrics/job/ephemeral-worker/pod/worker-7 200']);
          const groups = JSON.parse(await gateway.get('/api/v1/metrics')) as {
            data: { expires_at?: string; last_push_successful: boolean }[];
          };
          const [group] = groups.data;
          const lifetime = Date.parse(group?.expires_at ?? '') - Date.now();
          expect(lifetime).toBeGreaterThan(9 * 60_000);
          expect(lifetime).toBeLessThanOrEqual(10 * 60_000);
        },
      ),
    },
    'error-message': {
      kind: 'executed',
      run: (block) =>
        withGateway(async (gateway, box) => {
          // The block is the message of a refused push; make that push and compare.
          const result = await runTypeScript(
            box,
            [
              "import { Pushgateway } from '@pushgate/client';",
              `const gw = new Pushgateway('http://${gateway.host}');`,
              "await gw.push({ job: 'backup', metrics: 'rows \\n' }).catch((error: Error) => console.log(error.message));",
            ].join('\n'),
          );
          expect(result.stdout).toBe(block.content.split('localhost:9091').join(gateway.host));
        }),
    },
    'cli-synopsis': {
      kind: 'not-run',
      reason:
        'a synopsis with placeholders (URL, JOB, FILE); each command and flag is checked against the CLI help',
      check: async (block) => {
        for (const line of block.content.split('\n').filter((text) => text.startsWith('pushgate-client '))) {
          const [, command] = line.split(/\s+/);
          if (command === '--help') continue;
          const help = await run(process.execPath, [CLIENT_MAIN, command ?? '', '--help']);
          expect(help.code, line).toBe(0);
          for (const flag of line.replace(/#.*$/, '').match(/--[a-z]+/g) ?? []) {
            expect(help.stdout, `${command} ${flag}`).toContain(flag);
          }
        }
      },
    },
    'alert-rules': {
      kind: 'executed',
      run: (block) =>
        withSandbox(async (box) => {
          expect(await checkRules(box, block.content)).toMatchObject({ code: 0 });
        }),
    },
    crontab: {
      kind: 'executed',
      run: (block) =>
        withGateway(async (gateway, box) => {
          backupScript(box);
          const entry = /^(\S+ \S+ \S+ \S+ \S+) (.+)$/.exec(block.content.trim());
          expect(entry?.[1]).toMatch(/^[\d*/,-]+( [\d*/,-]+){4}$/);
          const result = await runShell(box, entry?.[2] ?? '', [
            ['http://pushgate:9091', `http://${gateway.host}`],
            ['/usr/local/bin/backup.sh', './backup.sh'],
          ]);
          expect(result, result.stderr).toMatchObject({ code: 0, stdout: 'backed up\n' });
          const samples = await gateway.samples();
          expect(samples).toContain('job_exit_code{db="mysql",instance="",job="backup"} 0');
          expect(startingWith(samples, 'job_last_success_timestamp_seconds{db="mysql",')).toHaveLength(1);
        }),
    },
  },
  'docs/persistence.md': {
    'file-format': {
      kind: 'not-run',
      reason:
        'a byte layout, not a command; the header and first frame of a real snapshot are checked against it',
      check: (block) =>
        withSandbox(async (box) => {
          expect(block.content).toContain('"PUSHGATE" (8 bytes) | format version, u16 big-endian (1)');
          const file = `${box.dir}/state`;
          const gateway = await startChildPushgate(
            [`--persistence.file=${file}`],
            async (port) => (await send(`http://127.0.0.1:${port}`, { path: '/-/ready' })).status === 200,
          );
          expect(await gateway.stop()).toBe(0);
          const bytes = readFileSync(file);
          expect(bytes.subarray(0, 8).toString('latin1')).toBe('PUSHGATE');
          expect(bytes.readUInt16BE(8)).toBe(1);
          expect(bytes.subarray(10, 11).toString('latin1')).toBe('S');
          expect([...bytes.subarray(11, 16)]).toEqual([0, 0, 0, 0, 0]);
          const length = bytes.readUInt32BE(16);
          const body = bytes.subarray(24, 24 + length);
          expect(bytes.readUInt32BE(20)).toBe(crc32(body));
          expect(JSON.parse(body.toString('utf8'))).toEqual({ lastSequence: expect.any(Number) });
        }),
    },
    'import-from-go': {
      kind: 'executed',
      run: async (block) => {
        const go = await startGoPushgateway();
        try {
          const body = '# TYPE rows counter\n# HELP rows Rows copied.\nrows 1234\n';
          expect((await client(go.base).push('PUT', '/metrics/job/backup/db/mysql', body)).status).toBe(200);
          await withGateway(async (gateway, box) => {
            const result = await runShell(box, block.content, [
              ['http://old-gateway:9091', go.base],
              ['http://127.0.0.1:9091', `http://${gateway.host}`],
            ]);
            expect(result, result.stderr).toMatchObject({ code: 0 });
            expect(await gateway.samples()).toEqual(['rows{db="mysql",instance="",job="backup"} 1234']);
          });
        } finally {
          await go.close();
        }
      },
    },
  },
  'docs/scaling.md': {
    'replicas-on-redis': {
      kind: 'executed',
      run: (block) =>
        withSandbox(async (box) => {
          const [redis, ...replicas] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
          const shell = startShell(box, block.content, [
            ['--port 6379', `--port ${redis}`],
            ['redis://127.0.0.1:6379/0', `redis://127.0.0.1:${redis}/0`],
            ...replicas.map((port, index) => [`:${9091 + index} `, `127.0.0.1:${port} `] as const),
          ]);
          try {
            const bases = replicas.map((port) => `http://127.0.0.1:${port}`);
            for (const base of bases) {
              await waitFor(
                `replica ${base}`,
                async () => (await send(base, { path: '/-/ready' })).status === 200,
              );
            }
            const [first, , third] = bases;
            expect((await client(first ?? '').push('PUT', '/metrics/job/shared', 'seen 1\n')).status).toBe(
              200,
            );
            expect((await client(third ?? '').get('/metrics')).text).toContain(
              'seen{instance="",job="shared"} 1\n',
            );
          } finally {
            await shell.stop();
          }
        }),
    },
    'scrape-config': {
      kind: 'executed',
      run: (block) =>
        withSandbox(async (box) => {
          expect(await checkPrometheusConfig(box, block.content)).toMatchObject({ code: 0 });
        }),
    },
    sentinel: { kind: 'executed', run: checkSentinelExample },
  },
  'docs/security.md': {
    'web-config': { kind: 'executed', run: checkTlsWebConfigExample },
    authorization: { kind: 'executed', run: checkAuthorizationExample },
    'long-fuzzing': {
      kind: 'not-run',
      reason:
        'a fuzzing session of minutes to hours; CI runs the same suites with the default number of cases',
      check: async (block) => {
        const root = new URL('../../../../../', import.meta.url);
        for (const [, dir, tests] of block.content.matchAll(/^cd (\S+) .*vitest run (\S+)$/gm)) {
          expect(readFileSync(new URL(`${dir}/package.json`, root), 'utf8')).toContain('"name"');
          const listed = await run('/bin/ls', [new URL(`${dir}/${tests}`, root).pathname]);
          expect(listed.stdout).toMatch(/\.test\.ts/);
        }
      },
    },
  },
  'CONTRIBUTING.md': {
    'daily-workflow': {
      kind: 'not-run',
      reason:
        'the development loop itself (install, watch mode, the whole suite, benchmarks); each command must exist',
      check: async (block) => {
        await pnpmCommandsExist(block);
        await pnpmStartFlagsWork(block);
      },
    },
    releases: {
      kind: 'not-run',
      reason:
        'interactive (`changeset`), rewrites versions and changelogs, publishes to npm; each command must exist',
      check: pnpmCommandsExist,
    },
  },
  'packages/client/README.md': {
    'quick-example': {
      kind: 'executed',
      run: typeScriptAgainstGateway(
        [
          "import { Counter, Registry } from 'prom-client';",
          'const registry = new Registry();',
          "new Counter({ name: 'backup_rows_total', help: 'Rows copied.', registers: [registry] }).inc(12);",
          '',
        ].join('\n'),
        async (gateway) => {
          expect(gateway.requests()).toEqual([
            'PUT /metrics/job/backup/db/mysql 200',
            'POST /metrics/job/backup/db/mysql 200',
            'DELETE /metrics/job/backup/db/mysql 202',
          ]);
        },
      ),
    },
    cli: {
      kind: 'executed',
      run: shellAgainstGateway(backupScript, async (gateway, stdout) => {
        expect(stdout).toBe('backed up\n');
        const samples = await gateway.samples();
        expect(samples).toContain('rows{db="mysql",instance="",job="backup"} 12');
        expect(samples).toContain('job_exit_code{instance="",job="backup"} 0');
      }),
    },
  },
  'docs/performance.md': {
    'pnpm bench': {
      kind: 'not-run',
      reason:
        'benchmark: builds everything and loads the machine for minutes; its results are in docs/performance.md',
    },
  },
};
