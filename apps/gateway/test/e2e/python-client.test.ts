/**
 * The official Python client (Debian's python3-prometheus-client, run by
 * /usr/bin/python3) pushes to our gateway: push_to_gateway (PUT),
 * pushadd_to_gateway (POST), delete_from_gateway, and grouping keys with a
 * `/` or an empty value, which it sends base64-encoded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userSamples } from '../support/exposition-lines.js';
import { run } from '../support/processes.js';
import { client } from '../support/raw-http.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const PYTHON = '/usr/bin/python3';

let gateway: TestGateway;

/** Runs a Python snippet with `gateway` (host:port) and the client's push functions in scope. */
async function python(code: string): Promise<void> {
  const script = [
    'from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram',
    'from prometheus_client import push_to_gateway, pushadd_to_gateway, delete_from_gateway',
    `gateway = ${JSON.stringify(new URL(gateway.base).host)}`,
    code,
  ].join('\n');
  const result = await run(PYTHON, ['-c', script]);
  if (result.code !== 0) throw new Error(`python failed (${result.code}):\n${result.stderr}`);
}

/** Our samples, with the creation times the client adds to counters masked. */
async function samples(): Promise<string[]> {
  return userSamples((await client(gateway.base).get('/metrics')).text).map((line) =>
    line.replace(/^(\w+_created\{[^}]*\}) \S+$/, '$1 <created>'),
  );
}

beforeAll(async () => {
  gateway = await startTestGateway();
  const check = await run(PYTHON, ['-c', 'import prometheus_client']);
  if (check.code !== 0) {
    throw new Error(
      `${PYTHON} cannot import prometheus_client: install python3-prometheus-client\n${check.stderr}`,
    );
  }
});
afterAll(() => gateway.close());

describe('the Python client', () => {
  it('pushes, adds and deletes groups, base64 grouping values included', async () => {
    await python(`
registry = CollectorRegistry()
g = Gauge('job_last_success_unixtime', 'Last time a batch job successfully finished', registry=registry)
g.set(1234.5)
c = Counter('records', 'Records processed', ['kind'], registry=registry)
c.labels('a').inc(3)
push_to_gateway(gateway, job='batchA', registry=registry)
push_to_gateway(gateway, job='cleaner', registry=registry, grouping_key={'path': '/var/tmp', 'empty': ''})
`);
    expect(await samples()).toEqual(
      [
        'job_last_success_unixtime{instance="",job="batchA"} 1234.5',
        'job_last_success_unixtime{empty="",instance="",job="cleaner",path="/var/tmp"} 1234.5',
        'records_created{instance="",job="batchA",kind="a"} <created>',
        'records_created{empty="",instance="",job="cleaner",kind="a",path="/var/tmp"} <created>',
        'records_total{instance="",job="batchA",kind="a"} 3',
        'records_total{empty="",instance="",job="cleaner",kind="a",path="/var/tmp"} 3',
      ].map((line) => line),
    );
  });

  it('merges with pushadd and removes with delete', async () => {
    await python(`
registry = CollectorRegistry()
h = Histogram('latency_seconds', 'Latency', buckets=[0.5], registry=registry)
h.observe(0.2)
pushadd_to_gateway(gateway, job='batchA', registry=registry)
delete_from_gateway(gateway, job='cleaner', grouping_key={'path': '/var/tmp', 'empty': ''})
`);
    const lines = await samples();
    expect(lines.filter((line) => line.includes('job="cleaner"'))).toEqual([]);
    expect(lines).toContain('job_last_success_unixtime{instance="",job="batchA"} 1234.5');
    expect(lines).toContain('latency_seconds_bucket{instance="",job="batchA",le="0.5"} 1');
    expect(lines).toContain('latency_seconds_count{instance="",job="batchA"} 1');
  });
});
