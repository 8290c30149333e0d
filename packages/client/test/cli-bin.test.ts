import { spawn } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaptureServer, startCaptureServer } from './support/capture-server.js';

// The one test of the built bin as users run it. Node 20 cannot run the
// TypeScript sources, so it needs `dist/`: `pnpm test` builds the workspace
// before any test runs (run `pnpm build` first when calling vitest directly).
const bin = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

let server: CaptureServer;

beforeAll(async () => {
  await access(bin).catch(() => {
    throw new Error(`${bin} is missing: run \`pnpm build\` before this test`);
  });
  server = await startCaptureServer();
});

afterAll(async () => {
  await server?.close();
});

/** Runs the bin; `onStdout` sees its output (and that of a command it runs) as it comes. */
function runBin(
  args: string[],
  stdin: string,
  onStdout: (text: string, signal: (name: NodeJS.Signals) => void) => void = () => {},
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => onStdout(chunk.toString(), (name) => child.kill(name)));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin.end(stdin);
  });
}

describe('the built pushgate-client bin', () => {
  it('starts with a node shebang', async () => {
    expect((await readFile(bin, 'utf8')).split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('pushes stdin and exits 0', async () => {
    const result = await runBin(['push', '--url', server.url, '--job', 'bin', '--label', 'x=a b'], 'up 1\n');
    expect(result).toEqual({ code: 0, stderr: '' });
    expect(server.requests[0]).toMatchObject({ method: 'PUT', path: '/metrics/job/bin/x/a%20b' });
    expect(server.requests[0]?.body.toString()).toBe('up 1\n');
  });

  it('run passes SIGTERM on to the command, pushes its outcome and exits with 143', async () => {
    const command = "console.log('started'); setTimeout(() => {}, 30000)";
    const result = await runBin(
      ['run', '--url', server.url, '--job', 'terminated', '--', process.execPath, '-e', command],
      '',
      (text, signal) => {
        if (text.includes('started')) signal('SIGTERM');
      },
    );
    expect(result).toEqual({ code: 143, stderr: '' });
    const pushed = server.requests.find((request) => request.path === '/metrics/job/terminated');
    expect(pushed?.method).toBe('POST');
    expect(pushed?.body.toString()).toContain('job_exit_code 143\n');
  });

  it('exits 2 on a usage error', async () => {
    const result = await runBin(['push'], '');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pushgate-client: ');
  });
});
