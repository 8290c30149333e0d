/**
 * A real Redis Sentinel (redis-server --sentinel) for the failover test, on
 * a free 127.0.0.1 port, watching one primary with a quorum of one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../../support/go-pushgateway.js';
import { start, waitFor } from '../../support/processes.js';

export interface TestSentinel {
  readonly port: number;
  /** The port of the primary the Sentinel currently knows. */
  primaryPort(): Promise<number>;
  /** How many replicas of the primary the Sentinel knows. */
  replicaCount(): Promise<number>;
  close(): Promise<void>;
}

/** Starts a Sentinel monitoring the primary on `primaryPort` as `masterName`. */
export async function startSentinel(primaryPort: number, masterName: string): Promise<TestSentinel> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'pushgate-sentinel-'));
  const config = join(dir, 'sentinel.conf');
  writeFileSync(
    config,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${masterName} 127.0.0.1 ${primaryPort} 1`,
      `sentinel down-after-milliseconds ${masterName} 1000`,
      `sentinel failover-timeout ${masterName} 5000`,
      '',
    ].join('\n'),
  );
  const running = start('/usr/bin/redis-server', [config, '--sentinel']);
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, retryStrategy: () => 50 });
  client.on('error', () => undefined);
  await waitFor('the Sentinel to answer', async () => {
    if (client.status !== 'ready') await client.connect();
    return (await client.call('SENTINEL', 'get-master-addr-by-name', masterName)) !== null;
  });
  return {
    port,
    replicaCount: async () => ((await client.call('SENTINEL', 'REPLICAS', masterName)) as unknown[]).length,
    primaryPort: async () => {
      const address = (await client.call('SENTINEL', 'get-master-addr-by-name', masterName)) as string[];
      return Number(address[1]);
    },
    close: async () => {
      client.disconnect();
      running.child.kill('SIGTERM');
      await running.exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
