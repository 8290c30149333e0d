import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PROTOBUF_DELIMITED_CONTENT_TYPE, parseText, TEXT_CONTENT_TYPE } from '@pushgate/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import {
  answerOk,
  type CaptureServer,
  type Responder,
  startCaptureServer,
} from './support/capture-server.js';
import { cli } from './support/cli-harness.js';

const TEXT = '# TYPE files gauge\nfiles 3\n';

let server: CaptureServer | undefined;

async function serve(respond: Responder = answerOk): Promise<CaptureServer> {
  server = await startCaptureServer(respond);
  return server;
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function tempFile(content: string | Uint8Array): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'pushgate-cli-')), 'metrics.prom');
  await writeFile(file, content);
  return file;
}

/** The pushed text body, parsed, as `name → value` of the first series of each family. */
function values(body: Buffer): Record<string, number | undefined> {
  return Object.fromEntries(
    parseText(body.toString()).map((family) => {
      const metric = family.metric[0];
      return [family.name, metric?.gauge?.value ?? metric?.untyped?.value];
    }),
  );
}

describe('push, add, delete', () => {
  it('push reads --file and PUTs it with labels', async () => {
    const { url, requests } = await serve();
    const file = await tempFile(TEXT);
    const run = await cli([
      'push',
      '--url',
      url,
      '--job',
      'backup',
      '--label',
      'db=mysql',
      '--label',
      'dir=/var/lib',
      '--file',
      file,
    ]);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(requests[0]).toMatchObject({
      method: 'PUT',
      path: '/metrics/job/backup/db/mysql/dir@base64/L3Zhci9saWI',
    });
    expect(requests[0]?.headers['content-type']).toBe(TEXT_CONTENT_TYPE);
    expect(requests[0]?.body.toString()).toBe(TEXT);
  });

  it('add reads stdin and POSTs, with the URL from $PUSHGATEWAY_URL', async () => {
    const { url, requests } = await serve();
    const run = await cli(['add', '--job', 'j', '-f', '-'], { stdin: TEXT, env: { PUSHGATEWAY_URL: url } });
    expect(run.code).toBe(0);
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/metrics/job/j' });
    expect(requests[0]?.body.toString()).toBe(TEXT);
  });

  it('passes --ttl, --gzip, --format, --header and --timeout on', async () => {
    const { url, requests } = await serve();
    const run = await cli(
      [
        'push',
        '--url',
        url,
        '--job',
        'j',
        '--ttl',
        '2h',
        '--gzip',
        '--format',
        'protobuf',
        '--header',
        'X-Team: ops',
        '--timeout',
        '5s',
      ],
      { stdin: TEXT },
    );
    expect(run.code).toBe(0);
    const headers = requests[0]?.headers;
    expect(headers?.['pushgate-ttl']).toBe('2h');
    expect(headers?.['content-encoding']).toBe('gzip');
    expect(headers?.['content-type']).toBe(PROTOBUF_DELIMITED_CONTENT_TYPE);
    expect(headers?.['x-team']).toBe('ops');
    expect(gunzipSync(requests[0]?.body ?? Buffer.alloc(0)).length).toBeGreaterThan(0);
  });

  it('a bare --ttl number is seconds', async () => {
    const { url, requests } = await serve();
    expect((await cli(['push', '--url', url, '--job', 'j', '--ttl', '600'], { stdin: '' })).code).toBe(0);
    expect(requests[0]?.headers['pushgate-ttl']).toBe('600s');
  });

  it('delete sends DELETE', async () => {
    const { url, requests } = await serve((_request, response) => response.writeHead(202).end());
    expect((await cli(['delete', '--url', url, '--job', 'j', '--label', 'instance='])).code).toBe(0);
    expect(requests[0]).toMatchObject({ method: 'DELETE', path: '/metrics/job/j/instance@base64/=' });
  });

  it('exits 1 with the gateway message when the push is refused', async () => {
    const { url } = await serve((_request, response) =>
      response.writeHead(400).end('text format parsing error in line 1: expected float as value, got ""\n'),
    );
    const run = await cli(['push', '--url', url, '--job', 'j'], { stdin: 'oops\n' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `pushgate-client: PUT ${url}/metrics/job/j: gateway answered 400: text format parsing error in line 1: expected float as value, got ""\n`,
    );
  });

  it('exits 1 with a timeout message when the gateway hangs', async () => {
    const { url } = await serve(() => {});
    const run = await cli(['delete', '--url', url, '--job', 'j', '--timeout', '150ms']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`pushgate-client: DELETE ${url}/metrics/job/j timed out after 150 ms\n`);
  });
});

describe('help, version and usage errors', () => {
  it('prints help for the CLI and for each command', async () => {
    const main = await cli(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain('Usage: pushgate-client <command> [options]');
    for (const command of ['push', 'add', 'delete', 'run']) {
      const help = await cli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: pushgate-client ${command} `));
    }
  });

  it('prints the package version', async () => {
    const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it.each([
    [[], 'no command given'],
    [['upload'], 'unknown command "upload"'],
    [['push', '--job', 'j'], 'no gateway URL: pass --url or set PUSHGATEWAY_URL'],
    [['push', '--url', 'http://127.0.0.1:9'], '--job is required'],
    [
      ['push', '--url', 'http://127.0.0.1:9', '--job', 'j', '--label', 'novalue'],
      '--label "novalue": expected NAME=VALUE',
    ],
    [
      ['push', '--url', 'http://127.0.0.1:9', '--job', 'j', '--label', 'a=1', '--label', 'a=2'],
      '--label a is given twice',
    ],
    [
      ['push', '--url', 'http://127.0.0.1:9', '--job', 'j', '--label', 'job=x'],
      'use --job for the job label',
    ],
    [
      ['push', '--url', 'http://127.0.0.1:9', '--job', 'j', '--timeout', 'soon'],
      '--timeout "soon": expected a duration',
    ],
    [
      ['push', '--url', 'http://127.0.0.1:9', '--job', 'j', '--ttl', '1.5h'],
      '--ttl "1.5h": expected a duration',
    ],
    [
      ['push', '--url', 'http://127.0.0.1:9', '--job', 'j', '--format', 'json'],
      '--format "json": expected text or protobuf',
    ],
    [['push', '--url', 'http://127.0.0.1:9', '--job', 'j', '--header', 'nocolon'], "expected 'Name: value'"],
    [['push', '--url', 'http://127.0.0.1:9', '--job', 'j', '--bogus'], "Unknown option '--bogus'"],
    [['delete', '--url', 'http://127.0.0.1:9', '--job', 'j', '--file', 'x'], "Unknown option '--file'"],
    [
      ['push', '--url', 'http://127.0.0.1:9', '--job', 'j', '--file', '/nonexistent/metrics'],
      'cannot read --file /nonexistent/metrics',
    ],
    [['push', '--url', 'http://127.0.0.1:9', '--job', 'j', '--label', 'a-b=1'], 'improper label name "a-b"'],
    [['push', '--url', 'ftp://h', '--job', 'j'], 'scheme must be http or https'],
    [['run', '--url', 'http://127.0.0.1:9', '--job', 'j'], 'no command to run: pass it after --'],
    [
      ['run', '--url', 'http://127.0.0.1:9', '--job', 'j', 'true'],
      'unexpected argument "true": put the command after --',
    ],
    [
      ['run', '--url', 'http://127.0.0.1:9', '--job', 'j', '--prefix', '1x', '--', 'true'],
      '--prefix "1x" does not make valid metric names',
    ],
  ])('%j exits 2: %s', async (argv, message) => {
    const run = await cli(argv, { stdin: '' });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr.startsWith('pushgate-client: ')).toBe(true);
  });

  it('refuses input that is not UTF-8', async () => {
    const file = await tempFile(new Uint8Array([0x61, 0x20, 0xff, 0x0a]));
    const run = await cli(['push', '--url', 'http://127.0.0.1:9', '--job', 'j', '--file', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not valid UTF-8 text');
  });
});

describe('run', () => {
  const node = process.execPath;

  it('pushes the four gauges with POST after a successful run, and exits 0', async () => {
    const { url, requests } = await serve();
    const before = Date.now() / 1000;
    const run = await cli([
      'run',
      '--url',
      url,
      '--job',
      'nightly',
      '--',
      node,
      '-e',
      'setTimeout(() => {}, 100)',
    ]);
    const after = Date.now() / 1000;
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/metrics/job/nightly' });
    const pushed = values(requests[0]?.body ?? Buffer.alloc(0));
    expect(Object.keys(pushed).sort()).toEqual([
      'job_duration_seconds',
      'job_exit_code',
      'job_last_run_timestamp_seconds',
      'job_last_success_timestamp_seconds',
    ]);
    expect(pushed.job_exit_code).toBe(0);
    expect(pushed.job_duration_seconds).toBeGreaterThanOrEqual(0.1);
    expect(pushed.job_last_run_timestamp_seconds).toBeGreaterThanOrEqual(before);
    expect(pushed.job_last_run_timestamp_seconds).toBeLessThanOrEqual(after);
    expect(pushed.job_last_success_timestamp_seconds).toBe(pushed.job_last_run_timestamp_seconds);
  });

  it('leaves out the success time after a failed run, and exits with the command status', async () => {
    const { url, requests } = await serve();
    const run = await cli([
      'run',
      '--url',
      url,
      '--job',
      'j',
      '--prefix',
      'backup',
      '--',
      node,
      '-e',
      'process.exit(3)',
    ]);
    expect(run.code).toBe(3);
    const pushed = values(requests[0]?.body ?? Buffer.alloc(0));
    expect(Object.keys(pushed).sort()).toEqual([
      'backup_duration_seconds',
      'backup_exit_code',
      'backup_last_run_timestamp_seconds',
    ]);
    expect(pushed.backup_exit_code).toBe(3);
  });

  it('reports a killed command as 128 + signal number', async () => {
    const { url, requests } = await serve();
    const run = await cli([
      'run',
      '--url',
      url,
      '--job',
      'j',
      '--',
      node,
      '-e',
      "process.kill(process.pid, 'SIGKILL')",
    ]);
    expect(run.code).toBe(137);
    expect(values(requests[0]?.body ?? Buffer.alloc(0)).job_exit_code).toBe(137);
  });

  it('reports a command that cannot start as 127, and still pushes', async () => {
    const { url, requests } = await serve();
    const run = await cli(['run', '--url', url, '--job', 'j', '--', '/nonexistent/command']);
    expect(run.code).toBe(127);
    expect(run.stderr).toContain('pushgate-client: cannot run /nonexistent/command');
    expect(values(requests[0]?.body ?? Buffer.alloc(0)).job_exit_code).toBe(127);
  });

  it('exits 1 when the command succeeded but the push failed, and with the command status otherwise', async () => {
    const { url } = await serve((_request, response) => response.writeHead(500).end('down'));
    const succeeded = await cli(['run', '--url', url, '--job', 'j', '--', node, '-e', '']);
    expect(succeeded.code).toBe(1);
    expect(succeeded.stderr).toContain('gateway answered 500: down');
    const failed = await cli(['run', '--url', url, '--job', 'j', '--', node, '-e', 'process.exit(4)']);
    expect(failed.code).toBe(4);
  });
});
