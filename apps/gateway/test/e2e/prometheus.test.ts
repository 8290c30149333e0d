/**
 * A real Prometheus (Debian's /usr/bin/prometheus) scrapes our gateway with
 * `honor_labels: true`, as the Pushgateway documentation prescribes, and its
 * query API returns what was pushed.
 */
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/go-pushgateway.js';
import { type Running, start, waitFor } from '../support/processes.js';
import { client, send } from '../support/raw-http.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const PROMETHEUS = '/usr/bin/prometheus';

interface QueryResult {
  metric: Record<string, string>;
  value: [number, string];
}

let gateway: TestGateway;
let prometheus: Running;
let prometheusBase: string;
let dataDir: string;

async function query(expression: string): Promise<QueryResult[]> {
  const response = await send(prometheusBase, {
    path: `/api/v1/query?query=${encodeURIComponent(expression)}`,
  });
  const body = JSON.parse(response.text) as { status: string; data: { result: QueryResult[] } };
  return body.data.result;
}

beforeAll(async () => {
  try {
    accessSync(PROMETHEUS, constants.X_OK);
  } catch {
    throw new Error(`${PROMETHEUS} is missing: install the Debian package prometheus (this test needs it)`);
  }
  gateway = await startTestGateway();
  const http = client(gateway.base);
  expect((await http.push('PUT', '/metrics/job/some_job', 'some_metric 3.14\n')).status).toBe(200);
  expect(
    (
      await http.push(
        'PUT',
        '/metrics/job/batch/instance/node1',
        '# TYPE processed_total counter\nprocessed_total{kind="a"} 42\n# TYPE duration_seconds histogram\nduration_seconds_bucket{le="1"} 3\nduration_seconds_bucket{le="+Inf"} 4\nduration_seconds_sum 5\nduration_seconds_count 4\n',
      )
    ).status,
  ).toBe(200);

  dataDir = mkdtempSync(join(tmpdir(), 'pushgate-prometheus-'));
  const config = join(dataDir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      'scrape_configs:',
      '  - job_name: pushgate',
      '    honor_labels: true',
      '    static_configs:',
      `      - targets: ['${new URL(gateway.base).host}']`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  prometheusBase = `http://127.0.0.1:${port}`;
  prometheus = start(PROMETHEUS, [
    `--config.file=${config}`,
    `--storage.tsdb.path=${join(dataDir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ]);
  await waitFor(
    'Prometheus to be ready',
    async () => (await send(prometheusBase, { path: '/-/ready' })).status === 200,
    20_000,
  );
}, 30_000);

afterAll(async () => {
  prometheus?.child.kill('SIGTERM');
  await prometheus?.exited;
  await gateway?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('Prometheus scraping the gateway', () => {
  it('sees the pushed samples with the pushed labels', async () => {
    await waitFor('the first scrape', async () => (await query('some_metric')).length > 0, 20_000);
    expect(await query('some_metric')).toEqual([
      { metric: { __name__: 'some_metric', job: 'some_job' }, value: [expect.any(Number), '3.14'] },
    ]);
    expect(await query('processed_total')).toEqual([
      {
        metric: { __name__: 'processed_total', instance: 'node1', job: 'batch', kind: 'a' },
        value: [expect.any(Number), '42'],
      },
    ]);
    const quantile = await query('histogram_quantile(0.5, duration_seconds_bucket)');
    expect(quantile[0]?.value[1]).toBe('0.6666666666666666');
    const pushTimes = await query('push_time_seconds');
    expect(pushTimes.map((sample) => sample.metric.job).sort()).toEqual(['batch', 'some_job']);
  }, 30_000);

  it('reports the target healthy', async () => {
    const response = await send(prometheusBase, { path: '/api/v1/targets' });
    const targets = JSON.parse(response.text) as {
      data: { activeTargets: { health: string; lastError: string }[] };
    };
    expect(targets.data.activeTargets).toEqual([expect.objectContaining({ health: 'up', lastError: '' })]);
  });
});
