/**
 * The push limits set by flags, over HTTP: each refusal has its status, a
 * message naming the limit and the flag, and leaves the store as it was;
 * slow clients are cut off by the header and read timeouts.
 */
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { encodeDelimited, type MetricFamily } from '@pushgate/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushedLines } from '../support/exposition-lines.js';
import { client } from '../support/raw-http.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gateway: TestGateway;
let http: ReturnType<typeof client>;

beforeAll(async () => {
  gateway = await startTestGateway([
    '--push.max-body-bytes=100000',
    '--push.max-decoded-bytes=200000',
    '--push.max-series=10',
    '--push.max-labels=4',
    '--push.max-label-length=32',
    '--web.read-header-timeout=300ms',
    '--web.read-timeout=600ms',
  ]);
  http = client(gateway.base);
  expect((await http.push('PUT', '/metrics/job/kept', 'kept 1\n')).status).toBe(200);
});

afterAll(() => gateway?.close());

async function expectRefusedAndStoreUnchanged(
  body: string | Uint8Array,
  status: number,
  message: string,
  headers: Record<string, string> = {},
  path = '/metrics/job/refused',
): Promise<void> {
  const before = pushedLines((await http.get('/metrics')).text);
  const response = await http.push('PUT', path, body, headers);
  expect({ status: response.status, text: response.text }).toEqual({ status, text: `${message}\n` });
  expect(pushedLines((await http.get('/metrics')).text)).toEqual(before);
}

const PROTOBUF = {
  'Content-Type':
    'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
};

function gauges(count: number, labels = 0): MetricFamily[] {
  return [
    {
      name: 'g',
      type: 'GAUGE',
      metric: Array.from({ length: count }, (_, i) => ({
        label: [
          { name: 'i', value: String(i) },
          ...Array.from({ length: labels }, (_, l) => ({ name: `l${l}`, value: 'v' })),
        ],
        gauge: { value: i },
      })),
    },
  ];
}

describe('push limits', () => {
  it('refuses more series than --push.max-series with 413, text and protobuf alike', async () => {
    const lines = Array.from({ length: 11 }, (_, i) => `a{i="${i}"} 1`).join('\n');
    const message = 'push has more than 10 series, the limit set by --push.max-series';
    await expectRefusedAndStoreUnchanged(`${lines}\n`, 413, message);
    await expectRefusedAndStoreUnchanged(gzipSync(`# HELP a x\n${lines}\n`), 413, message, {
      'Content-Encoding': 'gzip',
    });
    await expectRefusedAndStoreUnchanged(encodeDelimited(gauges(11)), 413, message, PROTOBUF);
    // A histogram's buckets are series of their own.
    const histogram = [
      '# TYPE h histogram',
      ...Array.from({ length: 9 }, (_, i) => `h_bucket{le="${i}"} 0`),
      'h_bucket{le="+Inf"} 0',
      'h_sum 0',
      'h_count 0',
    ];
    await expectRefusedAndStoreUnchanged(`${histogram.join('\n')}\n`, 413, message);
    // Comments and blank lines are not series.
    const fine = `# HELP a x\n\n   \n${Array.from({ length: 10 }, (_, i) => `a{i="${i}"} 1`).join('\n')}\n# the end\n`;
    expect((await http.push('PUT', '/metrics/job/ten', fine)).status).toBe(200);
    expect((await http.push('PUT', '/metrics/job/ten', encodeDelimited(gauges(10)), PROTOBUF)).status).toBe(
      200,
    );
  });

  it('refuses series with more labels than --push.max-labels (grouping labels included) with 400', async () => {
    // `job` is one of them.
    await expectRefusedAndStoreUnchanged(
      'a{a="1",b="2",c="3",d="4"} 1\n',
      400,
      'a series of metric "a" has 5 labels, more than the limit of 4 set by --push.max-labels',
    );
    await expectRefusedAndStoreUnchanged(
      'a{a="1",b="2",c="3"} 1\n',
      400,
      'a series of metric "a" has 5 labels, more than the limit of 4 set by --push.max-labels',
      {},
      '/metrics/job/refused/x/1',
    );
    await expectRefusedAndStoreUnchanged(
      encodeDelimited(gauges(1, 4)),
      400,
      'a series has 5 labels, more than the limit of 4 set by --push.max-labels',
      PROTOBUF,
    );
    // A grouping label that the series repeats counts once.
    expect((await http.push('PUT', '/metrics/job/four/a/1', 'a{a="1",b="2",c="3"} 1\n')).status).toBe(200);
  });

  it('refuses names and values longer than --push.max-label-length with 400', async () => {
    const long = 'x'.repeat(33);
    const limit = 'more than the limit of 32 set by --push.max-label-length';
    await expectRefusedAndStoreUnchanged(
      `${long} 1\n`,
      400,
      `metric name "${long}" is 33 bytes long, ${limit}`,
    );
    await expectRefusedAndStoreUnchanged(
      `a{${long}="v"} 1\n`,
      400,
      `label name "${long}" of metric "a" is 33 bytes long, ${limit}`,
    );
    await expectRefusedAndStoreUnchanged(
      `a{l="${'é'.repeat(17)}"} 1\n`,
      400,
      `value of label "l" of metric "a" is 34 bytes long, ${limit}`,
    );
    await expectRefusedAndStoreUnchanged(
      'a 1\n',
      400,
      `value of grouping label "job" is 33 bytes long, ${limit}`,
      {},
      `/metrics/job/${long}`,
    );
  });

  it('refuses bodies beyond the byte limits with 413 naming the flag', async () => {
    await expectRefusedAndStoreUnchanged(
      `# ${'x'.repeat(100_000)}\n`,
      413,
      'request body exceeds the limit of 100000 bytes set by --push.max-body-bytes',
    );
    await expectRefusedAndStoreUnchanged(
      gzipSync(`# ${'x'.repeat(300_000)}\n`),
      413,
      'decompressed request body exceeds the limit of 200000 bytes set by --push.max-decoded-bytes',
      { 'Content-Encoding': 'gzip' },
    );
  });
});

/** Opens a raw connection, writes `first`, then one byte of `rest` every `intervalMs`; resolves with what came back. */
function slowClient(
  first: string,
  rest: string,
  intervalMs: number,
): Promise<{ answer: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect(Number(new URL(gateway.base).port), '127.0.0.1');
    let answer = '';
    let sent = 0;
    socket.write(first);
    const timer = setInterval(() => {
      if (sent < rest.length && socket.writable) socket.write(rest[sent++] ?? '');
    }, intervalMs);
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, ms: Date.now() - started });
    });
  });
}

describe('slow clients', () => {
  it('cuts off a client that sends its headers too slowly (--web.read-header-timeout)', async () => {
    const { answer, ms } = await slowClient(
      'GET /metrics HTTP/1.1\r\n',
      'Host: x\r\nX-Slow: yes\r\n\r\n',
      100,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(ms).toBeLessThan(2000);
  });

  it('answers 408 to a client that sends its body too slowly (--web.read-timeout)', async () => {
    const head = 'PUT /metrics/job/slow HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n';
    const { answer, ms } = await slowClient(head, 'a 1\n'.repeat(25), 50);
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(ms).toBeLessThan(2500);
    expect((await http.get('/-/healthy')).status).toBe(200);
    expect(pushedLines((await http.get('/metrics')).text).join('\n')).not.toContain('job="slow"');
  });
});
