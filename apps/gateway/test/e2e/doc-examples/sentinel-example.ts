/**
 * The Sentinel example of docs/scaling.md against real processes on
 * 127.0.0.1: a Redis primary that requires the example's password, and three
 * Sentinels (the example's sentinel-1 … sentinel-3) watching it as the
 * example's master name.
 */
import { expect } from 'vitest';
import { freePort } from '../../support/go-pushgateway.js';
import { type Running, start, waitFor } from '../../support/processes.js';
import { client, send } from '../../support/raw-http.js';
import type { DocBlock } from './markdown-blocks.js';
import { sandbox, startShell } from './shell-example.js';

const REDIS_SERVER = '/usr/bin/redis-server';

/** The primary's password and master name, as the example's URL spells them. */
const URL_PARTS = /redis-sentinel:\/\/:([^@]+)@[^/]+\/([^/]+)\/\d+/;

export async function checkSentinelExample(block: DocBlock): Promise<void> {
  const parts = URL_PARTS.exec(block.content);
  if (parts === null) throw new Error('the example no longer has a redis-sentinel:// URL with a password');
  const [, password = '', masterName = ''] = parts;
  const box = sandbox();
  const processes: Running[] = [];
  try {
    const primary = await freePort();
    processes.push(
      start(REDIS_SERVER, [
        '--port',
        String(primary),
        '--bind',
        '127.0.0.1',
        '--dir',
        box.dir,
        '--save',
        '',
        '--appendonly',
        'no',
        '--requirepass',
        password,
      ]),
    );
    const sentinels = await Promise.all([freePort(), freePort(), freePort()]);
    for (const port of sentinels) {
      const config = box.write(
        `sentinel-${port}.conf`,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${box.dir}`,
          `sentinel monitor ${masterName} 127.0.0.1 ${primary} 2`,
          `sentinel auth-pass ${masterName} ${password}`,
          '',
        ].join('\n'),
      );
      processes.push(start(REDIS_SERVER, [config, '--sentinel']));
    }
    const gatewayPort = await freePort();
    const shell = startShell(box, block.content, [
      ['pushgate --redis.url', `pushgate --web.listen-address=127.0.0.1:${gatewayPort} --redis.url`],
      ...sentinels.map((port, index) => [`sentinel-${index + 1}:26379`, `127.0.0.1:${port}`] as const),
    ]);
    try {
      const base = `http://127.0.0.1:${gatewayPort}`;
      await waitFor(
        'the gateway on Sentinel',
        async () => (await send(base, { path: '/-/ready' })).status === 200,
      );
      expect((await client(base).push('PUT', '/metrics/job/failover', 'kept 1\n')).status).toBe(200);
      expect((await client(base).get('/metrics')).text).toContain('kept{instance="",job="failover"} 1\n');
    } finally {
      await shell.stop();
    }
  } finally {
    for (const running of processes) running.child.kill('SIGTERM');
    await Promise.all(processes.map((running) => running.exited));
    box.remove();
  }
}
