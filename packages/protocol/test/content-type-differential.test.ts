/**
 * Differential check of push-body detection and scrape negotiation against
 * the real Go Pushgateway 1.5.1 (/usr/bin/prometheus-pushgateway, or
 * PUSHGATEWAY_BIN), on 127.0.0.1 and a free port, without persistence.
 *
 * Push side: a body that is valid delimited protobuf and invalid text is
 * pushed with each Content-Type; Go answers 200 exactly when it read it as
 * protobuf. Scrape side: Go's Content-Type for each Accept header must be
 * the one we would send.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDelimitedProtobuf, negotiateScrapeFormat, scrapeContentType } from '../src/content-type.js';
import { encodeDelimited } from '../src/protobuf/delimited.js';
import { PUSH_CONTENT_TYPES, SCRAPE_ACCEPTS } from './content-type-cases.js';

const GO_BINARY = process.env.PUSHGATEWAY_BIN ?? '/usr/bin/prometheus-pushgateway';

const PROBE_BODY = encodeDelimited([
  { name: 'content_type_probe', type: 'UNTYPED', metric: [{ label: [], untyped: { value: 1 } }] },
]);

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}

function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Uint8Array,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let goPort = 0;
let child: ChildProcess | undefined;

beforeAll(async () => {
  if (!existsSync(GO_BINARY)) {
    throw new Error(`Go pushgateway not found at ${GO_BINARY}: install Debian's prometheus-pushgateway`);
  }
  goPort = await freePort();
  child = spawn(GO_BINARY, [`--web.listen-address=127.0.0.1:${goPort}`, '--persistence.file='], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      if ((await send(goPort, 'GET', '/-/ready', {})).status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('Go pushgateway did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

afterAll(async () => {
  if (child === undefined || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child?.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
});

describe('isDelimitedProtobuf agrees with the Go Pushgateway', () => {
  it.each(PUSH_CONTENT_TYPES.map(([contentType], index) => [index, contentType] as const))(
    'case %i: %j',
    async (index, contentType) => {
      const headers: Record<string, string> =
        contentType === undefined ? {} : { 'Content-Type': contentType };
      const reply = await send(goPort, 'PUT', `/metrics/job/content_type_${index}`, headers, PROBE_BODY);
      expect([200, 400]).toContain(reply.status);
      expect(isDelimitedProtobuf(contentType)).toBe(reply.status === 200);
    },
  );
});

describe('negotiateScrapeFormat and scrapeContentType agree with the Go Pushgateway', () => {
  it.each(SCRAPE_ACCEPTS.map(([accept]) => [accept] as const))('Accept: %j', async (accept) => {
    const reply = await send(goPort, 'GET', '/metrics', accept === undefined ? {} : { Accept: accept });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe(scrapeContentType(negotiateScrapeFormat(accept)));
  });
});
