import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, send } from '../support/raw-http.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gw: TestGateway;
let http: ReturnType<typeof client>;

beforeAll(async () => {
  gw = await startTestGateway(['--web.enable-admin-api']);
  http = client(gw.base);
});
afterAll(() => gw.close());

describe('path normalisation (Go ServeMux)', () => {
  it('redirects non-canonical paths with 301 for every method, keeping the query', async () => {
    const cases: [string, string, string][] = [
      ['POST', '/metrics/job/jj//instance/a', '/metrics/job/jj/instance/a'],
      ['POST', '/metrics/job//instance/a', '/metrics/job/instance/a'],
      ['PUT', '/metrics/job/x/./y', '/metrics/job/x/y'],
      ['DELETE', '/metrics/job/x/../y', '/metrics/job/y'],
      ['GET', '/metrics//job/x?a=b%20c', '/metrics/job/x?a=b%20c'],
      ['POST', '/metrics/job/%CE%A0//x', '/metrics/job/%CE%A0/x'],
      ['POST', '/metrics/job/x/a%2F/', '/metrics/job/x/a/'],
    ];
    for (const [method, path, location] of cases) {
      const response = await send(gw.base, { method, path, body: 'm 1\n' });
      expect({ method, path, status: response.status, location: response.headers.location }).toEqual({
        method,
        path,
        status: 301,
        location,
      });
    }
  });

  it('writes Go’s HTML body on a GET redirect only', async () => {
    const get = await http.get('/metrics//job/x');
    expect(get.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(get.text).toBe('<a href="/metrics/job/x">Moved Permanently</a>.\n\n');
    const post = await http.push('POST', '/metrics//job/x', 'm 1\n');
    expect(post.headers['content-type']).toBeUndefined();
    expect(post.text).toBe('');
  });

  it('answers a malformed percent-escape 400 and closes the connection', async () => {
    const response = await http.get('/metrics/job/%zz');
    expect(response.status).toBe(400);
    expect(response.text).toBe('400 Bad Request');
    expect(response.headers.connection).toBe('close');
  });

  it('decodes the path before routing: %2F splits, other escapes are literal', async () => {
    expect((await http.push('POST', '/metrics/job/x%2Fq/', 'm 1\n')).status).toBe(200);
    expect((await http.push('POST', '/metrics/job/a%20b/c/d%2541', 'pct 1\n')).status).toBe(200);
    const scrape = (await http.get('/metrics')).text;
    expect(scrape).toContain('pct{c="d%41",instance="",job="a b"} 1');
    expect(scrape).toContain('m{instance="",job="x",q=""} 1');
  });
});

describe('httprouter rules', () => {
  it('redirects a trailing-slash mismatch: 301 for GET, 307 otherwise', async () => {
    const get = await http.get('/metrics/');
    expect([get.status, get.headers.location]).toEqual([301, '/metrics']);
    const post = await http.push('POST', '/metrics/job/', 'm 1\n');
    expect([post.status, post.headers.location]).toEqual([307, '/metrics/job']);
    const api = await http.get('/api/v1/status/');
    expect([api.status, api.headers.location]).toEqual([301, '/api/v1/status']);
  });

  it('redirects a case mismatch to the route’s spelling, keeping parameters as written', async () => {
    const get = await http.get('/METRICS?q=1');
    expect([get.status, get.headers.location]).toEqual([301, '/metrics?q=1']);
    const post = await http.push('POST', '/Metrics/JOB/Xy/z/W', 'm 1\n');
    expect([post.status, post.headers.location]).toEqual([307, '/metrics/job/Xy/z/W']);
    const health = await http.get('/-/HEALTHY');
    expect([health.status, health.headers.location]).toEqual([301, '/-/healthy']);
  });

  it('answers 405 with a sorted Allow including OPTIONS', async () => {
    const cases: [string, string, string][] = [
      ['GET', '/metrics/job/foo', 'DELETE, OPTIONS, POST, PUT'],
      ['PATCH', '/metrics/job/x', 'DELETE, OPTIONS, POST, PUT'],
      ['POST', '/api/v1/status', 'GET, OPTIONS'],
      ['DELETE', '/-/quit', 'GET, OPTIONS, POST, PUT'],
      ['POST', '/api/v1/admin/wipe', 'OPTIONS, PUT'],
      ['POST', '/metrics', 'GET, OPTIONS'],
    ];
    for (const [method, path, allow] of cases) {
      const response = await send(gw.base, { method, path });
      expect({
        method,
        path,
        status: response.status,
        allow: response.headers.allow,
        text: response.text,
      }).toEqual({
        method,
        path,
        status: 405,
        allow,
        text: 'Method Not Allowed\n',
      });
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('answers OPTIONS automatically with Allow and an empty 200', async () => {
    const cases: [string, string][] = [
      ['/metrics', 'GET, OPTIONS'],
      ['/metrics/job/foo/a/b', 'DELETE, OPTIONS, POST, PUT'],
      ['/-/quit', 'GET, OPTIONS, POST, PUT'],
    ];
    for (const [path, allow] of cases) {
      const response = await send(gw.base, { method: 'OPTIONS', path });
      expect({ path, status: response.status, allow: response.headers.allow, body: response.text }).toEqual({
        path,
        status: 200,
        allow,
        body: '',
      });
    }
    expect((await send(gw.base, { method: 'OPTIONS', path: '/nope' })).status).toBe(404);
    expect((await send(gw.base, { method: 'OPTIONS', path: '/metrics/' })).status).toBe(404);
  });

  it('answers unknown paths 404 with Go’s body, including removed paths', async () => {
    for (const path of [
      '/nope',
      '/-/reload',
      '/api/v1/',
      '/api/v1/nope',
      '/api/v2/status',
      '/metrics/job',
      '/static/functions.js',
    ]) {
      const response = await http.get(path);
      expect({ path, status: response.status, text: response.text }).toEqual({
        path,
        status: 404,
        text: '404 page not found\n',
      });
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    }
  });

  it('redirects the bare API root to its subtree', async () => {
    const response = await http.get('/api/v1');
    expect([response.status, response.headers.location]).toEqual([301, '/api/v1/']);
  });

  it('answers HEAD like GET, without a body (Go answers 405)', async () => {
    for (const path of ['/metrics', '/-/healthy', '/api/v1/status']) {
      const response = await send(gw.base, { method: 'HEAD', path });
      expect({ path, status: response.status, body: response.text }).toEqual({ path, status: 200, body: '' });
      expect(response.headers['content-type']).toBeDefined();
    }
    const push = await send(gw.base, { method: 'HEAD', path: '/metrics/job/x' });
    expect([push.status, push.headers.allow]).toEqual([405, 'DELETE, OPTIONS, POST, PUT']);
  });
});

describe('route prefix and external URL', () => {
  it('moves every route under --web.route-prefix, except the root GET /-/quit', async () => {
    const prefixed = await startTestGateway(['--web.route-prefix=/pg/', '--web.enable-lifecycle']);
    try {
      const pg = client(prefixed.base);
      expect((await pg.push('PUT', '/pg/metrics/job/j', 'a 1\n')).status).toBe(200);
      expect((await pg.get('/pg/metrics')).text).toContain('a{instance="",job="j"} 1');
      expect((await pg.get('/pg/-/healthy')).status).toBe(200);
      expect((await pg.get('/pg/api/v1/status')).status).toBe(200);
      expect((await pg.get('/metrics')).status).toBe(404);
      expect((await pg.get('/api/v1/status')).status).toBe(404);
      const rootQuit = await pg.get('/-/quit');
      expect([rootQuit.status, rootQuit.text]).toEqual([405, 'Only POST or PUT requests allowed.']);
      const prefixedQuit = await pg.get('/pg/-/quit');
      expect([prefixedQuit.status, prefixedQuit.headers.allow]).toEqual([405, 'OPTIONS, POST, PUT']);
      const status = JSON.parse((await pg.get('/pg/api/v1/status')).text) as {
        data: { flags: Record<string, string> };
      };
      expect(status.data.flags['web.route-prefix']).toBe('/pg');
    } finally {
      await prefixed.close();
    }
  });

  it('takes the prefix from the external URL’s path, unless --web.route-prefix=/', async () => {
    const external = await startTestGateway(['--web.external-url=http://example.com/foo/']);
    const overridden = await startTestGateway([
      '--web.external-url=http://example.com/foo/',
      '--web.route-prefix=/',
    ]);
    try {
      expect((await client(external.base).get('/foo/metrics')).status).toBe(200);
      expect((await client(external.base).get('/metrics')).status).toBe(404);
      expect((await client(overridden.base).get('/metrics')).status).toBe(200);
    } finally {
      await external.close();
      await overridden.close();
    }
  });

  it('serves a custom telemetry path', async () => {
    const custom = await startTestGateway(['--web.telemetry-path=/custom/']);
    try {
      expect((await client(custom.base).get('/custom')).status).toBe(200);
      expect((await client(custom.base).get('/metrics')).status).toBe(404);
    } finally {
      await custom.close();
    }
  });
});
