/**
 * Differential test of the store and its exposition against the real Go
 * pushgateway (Debian 1.5.1, /usr/bin/prometheus-pushgateway): the same pushes
 * go to both, then the outcome of each (accepted or refused, and why) and the
 * pushed part of `/metrics` must be identical, byte for byte, once push times
 * (wall-clock values) are masked.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { encodeGroupingPath, parseText } from '@pushgate/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExposition } from '../src/render/exposition.js';
import { createMemoryStore } from '../src/storage/memory-store.js';
import { type GroupingLabels, StoreError } from '../src/storage/store.js';

const GO_PUSHGATEWAY = '/usr/bin/prometheus-pushgateway';
const REFUSAL_PREFIX = 'pushed metrics are invalid or inconsistent with existing metrics: ';

let gateway: ChildProcess | undefined;
let base = '';

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  gateway = spawn(GO_PUSHGATEWAY, [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file='], {
    stdio: 'ignore',
  });
  for (let attempt = 0; attempt < 100; attempt++) {
    const ready = await fetch(`${base}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the Go pushgateway did not start');
});

afterAll(() => {
  gateway?.kill();
});

/** `/metrics` text without the gateway's own families, push times masked. */
function pushedPart(text: string): string {
  const kept: string[] = [];
  let family = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('# ')) family = line.split(' ')[2] ?? '';
    if (/^(go|process|pushgateway)_/.test(family)) continue;
    kept.push(line.replace(/^(push_(?:failure_)?time_seconds\{[^}]*\}) (?!0$).*$/, '$1 <time>'));
  }
  return kept.join('\n');
}

type Method = 'PUT' | 'POST' | 'DELETE';

/** One request sent to both gateways. */
interface Step {
  readonly method: Method;
  readonly labels: GroupingLabels;
  readonly body?: string;
  /**
   * For a conflict between groups Go blames whichever side its (random) map
   * order gathers second; ours always blames the push. Go answers one of
   * the two messages, ours is always the first.
   */
  readonly conflict?: readonly [blamingThePush: string, blamingTheStore: string];
}

const SCENARIO: Step[] = [
  { method: 'POST', labels: { job: 'some_job' }, body: 'some_metric 3.14\n' },
  {
    method: 'POST',
    labels: { job: 'j2', instance: 'i1' },
    body: '# TYPE some_metric counter\nsome_metric{label="val1"} 42\n# TYPE another_metric gauge\n# HELP another_metric Just an example.\nanother_metric 2398.283\n',
    conflict: [
      'collected metric "some_metric" { label:<name:"instance" value:"i1" > label:<name:"job" value:"j2" > label:<name:"label" value:"val1" > counter:<value:42 > } is not a UNTYPED',
      'collected metric "some_metric" { label:<name:"instance" value:"" > label:<name:"job" value:"some_job" > untyped:<value:3.14 > } is not a COUNTER',
    ],
  },
  { method: 'POST', labels: { job: 'j3' }, body: 'm1{job="other",instance="x",foo="bar"} 1\n' },
  {
    method: 'POST',
    labels: { job: 'j3', instance: 'i3' },
    body: 'm1{job="other",instance="x",foo="bar"} 1\n',
  },
  { method: 'POST', labels: { job: 'j4' }, body: 'm2 1 1000\n' },
  { method: 'PUT', labels: { job: 'j' }, body: 'a 1\nb 2\n' },
  { method: 'POST', labels: { job: 'j' }, body: 'a 10\nc 3\n' },
  { method: 'POST', labels: { job: 'j' }, body: '' },
  { method: 'PUT', labels: { job: 'j' }, body: 'c 30\n' },
  { method: 'PUT', labels: { job: 'empty' }, body: '' },
  { method: 'DELETE', labels: { job: 'doesnotexist' } },
  {
    method: 'PUT',
    labels: { job: 'fmt' },
    body: [
      '# TYPE hb histogram',
      'hb_bucket{le="1000000"} 1',
      'hb_bucket{le="0.000001"} 0',
      'hb_bucket{le="+Inf"} 2',
      'hb_sum 12345678',
      'hb_count 2',
      '# TYPE hn histogram',
      'hn_bucket{le="0.5",path="/x"} 1',
      'hn_sum{path="/x"} 0.25',
      'hn_count{path="/x"} 3',
      'v_a 12345678',
      'v_b 123456',
      'v_c -0',
      'v_d 1.0',
      'v_e 0.00001',
      'v_f 1e21',
      'v_g 100000000000000000000',
      'v_h +inf',
      'v_i 3.0e-5',
      'v_k NaN',
      'v_l -Inf',
      'v_m 1.7976931348623157e308',
      'v_n 5e-324',
      '# HELP v_j help with \\\\ backslash and \\n newline and "quote"',
      'v_j{esc="a\\\\b\\"c\\nd"} 1',
      '# TYPE s summary',
      '# HELP s A summary.',
      's{quantile="0.5"} 0.2',
      's{quantile="0.99"} NaN',
      's_sum 1',
      's_count 4',
      '',
    ].join('\n'),
  },
  { method: 'POST', labels: { job: 'titan', name: 'Προμηθεύς' }, body: 'm 1\n' },
  { method: 'POST', labels: { job: 'titan', name: 'Zeus' }, body: 'm 2\n' },
  { method: 'POST', labels: { job: 'titan', name: '' }, body: 'm 3\n' },
  { method: 'POST', labels: { job: 'path', path: '/var/tmp' }, body: 'm 4\nm{a="1",b="2"} 5\nm{a="0"} 6\n' },
  { method: 'POST', labels: { job: 'help1' }, body: '# HELP hm first help\nhm 1\n' },
  {
    method: 'PUT',
    labels: { job: 'h' },
    body: '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 2\nh_count 2\n',
  },
  { method: 'POST', labels: { job: 'q6' }, body: '# TYPE s2 gauge\ns2 1\n' },
  { method: 'POST', labels: { job: 'q7' }, body: 'x_bucket 1\n' },
  {
    method: 'POST',
    labels: { job: 'q8' },
    body: '# TYPE x histogram\nx_bucket{le="+Inf"} 2\nx_sum 2\nx_count 2\n',
    conflict: [
      'collected histogram named "x" collides with previously collected metric named "x_bucket"',
      'collected metric named "x_bucket" collides with previously collected histogram named "x"',
    ],
  },
  { method: 'POST', labels: { job: 'q8' }, body: '# TYPE x summary\nx_sum 2\nx_count 2\n' },
  {
    method: 'POST',
    labels: { job: 'q', quantile: '5' },
    body: '# TYPE sq summary\nsq{quantile="0.5"} 1\nsq_sum 2\nsq_count 3\n',
  },
  { method: 'POST', labels: { job: 'dup', x: '1' }, body: 'dm 1\n' },
  {
    method: 'POST',
    labels: { job: 'dup' },
    body: 'dm{x="1"} 2\n',
    conflict: [
      'collected metric "dm" { label:<name:"instance" value:"" > label:<name:"job" value:"dup" > label:<name:"x" value:"1" > untyped:<value:2 > } was collected before with the same name and label values',
      'collected metric "dm" { label:<name:"instance" value:"" > label:<name:"job" value:"dup" > label:<name:"x" value:"1" > untyped:<value:1 > } was collected before with the same name and label values',
    ],
  },
  { method: 'POST', labels: { job: 'pf' }, body: '# TYPE push_time_seconds counter\npush_time_seconds 5\n' },
  { method: 'PUT', labels: { job: 'j' }, body: '' },
  { method: 'DELETE', labels: { job: 'j3' } },
  { method: 'DELETE', labels: { job: 'empty' } },
];

describe('store and exposition against the Go pushgateway', () => {
  it('accept and refuse the same pushes, with the same messages, and expose the same text', async () => {
    const store = createMemoryStore({ consistencyCheck: true, ownFamilies: new Map() });
    const exposition = createExposition(store);
    for (const step of SCENARIO) {
      const response = await fetch(base + encodeGroupingPath(step.labels), {
        method: step.method,
        ...(step.body === undefined ? {} : { body: step.body }),
      });
      const goAnswer = response.ok ? 'ok' : (await response.text()).replace(REFUSAL_PREFIX, '').trimEnd();
      const ours = await store
        .write({
          labels: step.labels,
          timestampMs: Date.now(),
          families: step.method === 'DELETE' ? undefined : parseText(step.body ?? ''),
          replace: step.method === 'PUT',
        })
        .then(
          () => 'ok',
          (err: unknown) => (err instanceof StoreError ? err.message : String(err)),
        );
      const context = `${step.method} ${JSON.stringify(step.labels)}`;
      if (step.conflict) {
        expect(step.conflict, context).toContain(goAnswer);
        expect(ours, context).toBe(step.conflict[0]);
      } else {
        expect(ours, context).toBe(goAnswer);
      }
    }
    const goText = await (await fetch(`${base}/metrics`)).text();
    expect(pushedPart(exposition.text([]).toString('utf8'))).toBe(pushedPart(goText));
  });
});
