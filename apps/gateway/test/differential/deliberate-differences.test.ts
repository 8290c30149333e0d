/**
 * Where we differ from the Go pushgateway 1.5.1 on purpose (see
 * docs/compatibility.md): each case sends the same requests to both and
 * asserts Go's behaviour (so the claim stays true) and ours.
 */
import { gzipSync } from 'node:zlib';
import { encodeDelimited } from '@pushgate/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { type GatewayPair, startPair } from '../support/differential.js';
import { pushedLines } from '../support/exposition-lines.js';
import { snappyFramed } from '../support/snappy-frames.js';

const PROTOBUF =
  'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';

let pair: GatewayPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

async function started(args: readonly string[] = []): Promise<GatewayPair> {
  pair = await startPair(args);
  return pair;
}

describe('HTTP improvements', () => {
  it('answers HEAD like GET where Go answers 405', async () => {
    const both = await started();
    const [go, ours] = await both.both({ method: 'HEAD', path: '/metrics' });
    expect([go.status, go.headers.allow]).toEqual([405, 'GET, OPTIONS']);
    expect([ours.status, ours.body]).toEqual([200, '']);
    expect(ours.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('redirects a trailing slash on the API to the API path, not to the root (Go bug)', async () => {
    const both = await started();
    const [go, ours] = await both.both({ path: '/api/v1/status/' });
    expect([go.status, go.headers.location]).toEqual([301, '/status']);
    expect([ours.status, ours.headers.location]).toEqual([301, '/api/v1/status']);
  });

  it('ignores Content-Encoding on bodiless requests instead of answering 400 EOF', async () => {
    const both = await started();
    for (const request of [
      { method: 'DELETE', path: '/metrics/job/x', headers: { 'Content-Encoding': 'gzip' } },
      { path: '/-/healthy', headers: { 'Content-Encoding': 'gzip' } },
    ]) {
      const [go, ours] = await both.both(request);
      expect([go.status, go.body]).toEqual([400, 'EOF\n']);
      expect(ours.status).toBeLessThan(300);
    }
  });

  it('serves text 0.0.4 to a request for the protobuf text format', async () => {
    const both = await started();
    const accept = 'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text';
    const [go, ours] = await both.both({ path: '/metrics', headers: { Accept: accept } });
    expect(go.headers['content-type']).toBe(
      'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=text',
    );
    expect(ours.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  });
});

describe('request bodies (following Go 1.11 where 1.5.1 lags)', () => {
  it('decodes Content-Encoding case-insensitively and accepts framed snappy', async () => {
    const both = await started();
    const [goGzip, ourGzip] = await both.both({
      method: 'PUT',
      path: '/metrics/job/upper',
      body: gzipSync('u 1\n'),
      headers: { 'Content-Encoding': 'GZIP' },
    });
    expect(goGzip.status).toBe(400);
    expect(ourGzip.status).toBe(200);
    const [goSnappy, ourSnappy] = await both.both({
      method: 'PUT',
      path: '/metrics/job/snappy',
      body: snappyFramed('s 1\n'),
      headers: { 'Content-Encoding': 'snappy' },
    });
    expect(goSnappy.status).toBe(400);
    expect(ourSnappy.status).toBe(200);
  });

  it('refuses a protobuf body that ends inside a length prefix', async () => {
    const both = await started();
    const [go, ours] = await both.both({
      method: 'PUT',
      path: '/metrics/job/pb',
      body: Buffer.from([0xff, 0xff, 0xff]),
      headers: { 'Content-Type': PROTOBUF },
    });
    expect(go.status).toBe(200);
    expect([ours.status, ours.body]).toEqual([400, 'unexpected EOF\n']);
  });

  it('refuses a truncated gzip body even when the cut falls between lines', async () => {
    const both = await started();
    const [go, ours] = await both.both({
      method: 'PUT',
      path: '/metrics/job/cut',
      body: gzipSync('g 1\nh 2\n').subarray(0, 20),
      headers: { 'Content-Encoding': 'gzip' },
    });
    expect(go.status).toBe(200);
    expect([ours.status, ours.body]).toEqual([400, 'unexpected EOF\n']);
  });
});

describe('store poisoning bugs of Go (behaviour notes §12)', () => {
  it('refuses protobuf families with empty or invalid names instead of breaking scrapes (12.4)', async () => {
    const both = await started();
    const [goBad, ourBad] = await both.both({
      method: 'PUT',
      path: '/metrics/job/pb',
      body: encodeDelimited([
        { name: 'bad-name', type: 'UNTYPED', metric: [{ label: [], untyped: { value: 1 } }] },
      ]),
      headers: { 'Content-Type': PROTOBUF },
    });
    expect(goBad.status).toBe(200);
    expect([ourBad.status, ourBad.body]).toEqual([400, 'invalid metric name "bad-name"\n']);
    const [goEmpty, ourEmpty] = await both.both({
      method: 'PUT',
      path: '/metrics/job/pb2',
      body: encodeDelimited([{ name: '', type: 'UNTYPED', metric: [{ label: [], untyped: { value: 1 } }] }]),
      headers: { 'Content-Type': PROTOBUF },
    });
    expect(goEmpty.status).toBe(200);
    expect(ourEmpty.status).toBe(400);
    const [goScrape, ourScrape] = await both.both({ path: '/metrics' });
    expect(goScrape.body).toBe('');
    expect(ourScrape.body).toContain('pushgateway_build_info');
  });

  it('does not let a refused instance="" push poison the store (12.1)', async () => {
    const both = await started();
    await both.both({ method: 'POST', path: '/metrics/job/j3', body: 'm1 5\n' });
    const [go, ours] = await both.both({ method: 'POST', path: '/metrics/job/j3/instance/', body: 'm1 5\n' });
    expect(go.status).toBe(400);
    expect(ours.status).toBe(400);
    const [goScrape, ourScrape] = await both.both({ path: '/metrics' });
    expect(goScrape.status).toBe(500);
    expect(ourScrape.status).toBe(200);
    const [goLater, ourLater] = await both.both({ method: 'PUT', path: '/metrics/job/other', body: 'x 1\n' });
    expect(goLater.status).toBe(400);
    expect(ourLater.status).toBe(200);
  });

  it('refuses grouping values that are not UTF-8 without creating a group (12.2)', async () => {
    const both = await started();
    const [go, ours] = await both.both({ method: 'POST', path: '/metrics/job/uj/foo/%FF', body: 'm 1\n' });
    expect(go.status).toBe(400);
    expect([ours.status, ours.body]).toEqual([400, 'invalid UTF-8 in value of label "foo"\n']);
    const [goScrape, ourScrape] = await both.both({ path: '/metrics' });
    expect(goScrape.status).toBe(500);
    expect(ourScrape.status).toBe(200);
    expect(pushedLines(ourScrape.body)).toEqual([]);
  });
});
