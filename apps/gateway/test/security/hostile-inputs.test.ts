/**
 * Hostile pushes against the built gateway in a child process, with the
 * default limits (only the timeouts shortened to keep the test quick): a
 * gzip bomb, a 200 MiB body (announced and chunked), 100,000 labels on one
 * line, a 1 MiB metric name, and 2,000 connections sending their headers a
 * byte a second. Each is refused with a 4xx or its connection closed, the
 * gateway keeps serving, and its peak memory stays bounded (printed).
 */
import { connect, type Socket } from 'node:net';
import { constants, createGzip } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { send } from '../support/raw-http.js';
import { type ChildGateway, startChildGateway } from './support/child-gateway.js';

const MiB = 1024 * 1024;
/** Far above what the inputs would take if they were buffered or parsed whole. */
const PEAK_RSS_BOUND = 700 * MiB;

let gateway: ChildGateway;
let overallPeak = 0;
const peaks: string[] = [];

beforeAll(async () => {
  gateway = await startChildGateway([
    '--web.read-header-timeout=2s',
    '--web.read-timeout=20s',
    '--log.level=error',
  ]);
  peaks.push(`at start: ${(gateway.rssBytes() / MiB).toFixed(0)} MiB`);
});

beforeEach(() => gateway.resetPeak());
afterEach((context) => {
  const peak = gateway.peakRssBytes();
  overallPeak = Math.max(overallPeak, peak);
  peaks.push(`${context.task.name}: ${(peak / MiB).toFixed(0)} MiB`);
});

afterAll(async () => {
  process.stdout.write(`peak RSS of the gateway per hostile input:\n  ${peaks.join('\n  ')}\n`);
  await gateway?.close();
});

/** The gateway still answers and still takes pushes. */
async function expectServing(): Promise<void> {
  expect((await send(gateway.base, { path: '/-/healthy' })).status).toBe(200);
  const push = await send(gateway.base, { method: 'PUT', path: '/metrics/job/alive', body: 'alive 1\n' });
  expect(push.status).toBe(200);
  expect(gateway.process.child.exitCode).toBeNull();
}

/** `bytes` zeros, gzipped as a stream (never held uncompressed). */
async function gzippedZeros(bytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9, strategy: constants.Z_RLE, chunkSize: MiB });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(MiB);
  for (let written = 0; written < bytes; written += MiB) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await ended;
  return Buffer.concat(chunks);
}

/**
 * Sends a request head, waits `waitMs` for an early answer (as curl does
 * with large uploads), then sends `bodyBytes` of body in 1 MiB chunks as
 * fast as the connection takes them until an answer comes. Resolves with
 * the answer's first line (empty if the connection was closed without one)
 * and how much body had been sent.
 */
function streamBody(
  head: string,
  bodyBytes: number,
  waitMs: number,
): Promise<{ statusLine: string; sent: number }> {
  return new Promise((resolve) => {
    const socket = connect(gateway.port, '127.0.0.1');
    const chunk = Buffer.alloc(MiB, 0x23);
    let answer = '';
    let sent = 0;
    const pump = () => {
      while (sent < bodyBytes && answer === '' && !socket.destroyed) {
        sent += chunk.length;
        if (!socket.write(chunk)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    socket.on('connect', () => {
      socket.write(head);
      setTimeout(pump, waitMs);
    });
    socket.on('data', (data: Buffer) => {
      answer += data.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve({ statusLine: answer.split('\r\n')[0] ?? '', sent }));
  });
}

describe('hostile inputs', () => {
  it('refuses a 200 MiB body with 413 as soon as it is announced, and cuts off an unannounced one', async () => {
    const announced = await streamBody(
      `PUT /metrics/job/huge HTTP/1.1\r\nHost: x\r\nContent-Length: ${200 * MiB}\r\n\r\n`,
      200 * MiB,
      1000,
    );
    expect(announced).toEqual({ statusLine: 'HTTP/1.1 413 Payload Too Large', sent: 0 });
    // One chunk of 200 MiB, whose size line comes first: refused once 64 MiB have come in.
    const chunked = await streamBody(
      `PUT /metrics/job/huge HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${(200 * MiB).toString(16)}\r\n`,
      200 * MiB,
      0,
    );
    // The client may see the answer, or only the connection closing while it still sends.
    expect(['HTTP/1.1 413 Payload Too Large', '']).toContain(chunked.statusLine);
    expect(chunked.sent).toBeLessThan(200 * MiB);
    await expectServing();
  }, 30_000);

  it('refuses 100,000 labels on one line with 400', async () => {
    const labels = Array.from({ length: 100_000 }, (_, i) => `l${i}="v"`).join(',');
    const response = await send(gateway.base, {
      method: 'PUT',
      path: '/metrics/job/labels',
      body: `m{${labels}} 1\n`,
    });
    expect(response.status).toBe(400);
    expect(response.text).toBe(
      'a series of metric "m" has 100001 labels, more than the limit of 256 set by --push.max-labels\n',
    );
    await expectServing();
  });

  it('refuses a 1 MiB metric name with 400', async () => {
    const response = await send(gateway.base, {
      method: 'PUT',
      path: '/metrics/job/name',
      body: `${'n'.repeat(MiB)} 1\n`,
    });
    expect(response.status).toBe(400);
    expect(response.text).toMatch(
      /^metric name "n{64}…" is 1048576 bytes long, more than the limit of 65536 set by --push\.max-label-length\n$/,
    );
    await expectServing();
  });

  it('sheds 2,000 connections that send their headers a byte a second, and keeps serving', async () => {
    const started = Date.now();
    const connections = 2000;
    const closed: Promise<string>[] = [];
    const sockets: Socket[] = [];
    for (let i = 0; i < connections; i++) {
      const socket = connect(gateway.port, '127.0.0.1');
      sockets.push(socket);
      closed.push(
        new Promise((resolve) => {
          let answer = '';
          socket.on('data', (data: Buffer) => {
            answer += data.toString('latin1');
          });
          socket.on('error', () => {});
          socket.on('close', () => resolve(answer));
        }),
      );
    }
    const header = 'GET /metrics HTTP/1.1\r\nHost: slow\r\nX-Slow: yes\r\n\r\n';
    let sent = 0;
    const drip = setInterval(() => {
      const byte = header[sent++ % header.length] ?? 'x';
      for (const socket of sockets) if (socket.writable) socket.write(byte);
    }, 1000);
    try {
      // While they drip, others are served.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await expectServing();
      const answers = await Promise.all(closed);
      const seconds = (Date.now() - started) / 1000;
      expect(seconds).toBeLessThan(10);
      for (const answer of answers) expect(answer === '' || answer.startsWith('HTTP/1.1 408 ')).toBe(true);
      expect(answers.filter((answer) => answer.startsWith('HTTP/1.1 408 ')).length).toBeGreaterThan(
        connections / 2,
      );
    } finally {
      clearInterval(drip);
      for (const socket of sockets) socket.destroy();
    }
    await expectServing();
  }, 30_000);

  // Last: the bomb inflates to the limit (256 MiB) before it is refused, which raises the peak for what follows.
  it('stops inflating a gzip bomb (1 GiB of zeros) at the limit: 413', async () => {
    const bomb = await gzippedZeros(1024 * MiB);
    expect(bomb.length).toBeLessThan(2 * MiB);
    const response = await send(gateway.base, {
      method: 'PUT',
      path: '/metrics/job/bomb',
      body: bomb,
      headers: { 'Content-Encoding': 'gzip' },
    });
    expect(response.status).toBe(413);
    expect(response.text).toBe(
      'decompressed request body exceeds the limit of 268435456 bytes set by --push.max-decoded-bytes\n',
    );
    await expectServing();
  }, 30_000);

  it('kept its peak memory bounded', () => {
    expect(overallPeak).toBeGreaterThan(0);
    expect(overallPeak).toBeLessThan(PEAK_RSS_BOUND);
  });
});
