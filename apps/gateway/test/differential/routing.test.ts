/**
 * Routing (redirects, 405, 404, OPTIONS), the misc endpoints and the shape
 * of the JSON API compared with the real Go pushgateway.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type DifferentialRequest,
  expectSameBehaviour,
  type GatewayPair,
  startPair,
} from '../support/differential.js';

let pair: GatewayPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

const get = (path: string): DifferentialRequest => ({ path });
const call = (method: string, path: string, body?: string): DifferentialRequest =>
  body === undefined ? { method, path } : { method, path, body };

describe('routing', () => {
  it('redirects, refuses and answers unknown paths like Go', async () => {
    pair = await startPair(['--web.enable-admin-api']);
    await expectSameBehaviour(pair, [
      call('POST', '/metrics/job/jj//instance/a', 'm 1\n'),
      call('POST', '/metrics/job//instance/a', 'm 1\n'),
      call('PUT', '/metrics/job/x/./y', 'm 1\n'),
      call('DELETE', '/metrics/job/x/../y'),
      get('/metrics//job/x?a=b%20c'),
      call('POST', '/metrics/job/%CE%A0//x', 'm 1\n'),
      call('POST', '/metrics/job/x/a%2F/', 'm 1\n'),
      get('/METRICS?q=1'),
      get('/-/HEALTHY'),
      call('POST', '/Metrics/JOB/Xy/z/W', 'm 1\n'),
      get('/metrics/'),
      call('POST', '/metrics/job/', 'm 1\n'),
      call('DELETE', '/metrics/job@base64/'),
      call('POST', '/metrics/job', 'm 1\n'),
      get('/metrics/job/foo'),
      call('PATCH', '/metrics/job/x'),
      call('POST', '/api/v1/status'),
      call('DELETE', '/-/quit'),
      call('DELETE', '/api/v1/admin/wipe'),
      call('POST', '/metrics'),
      call('OPTIONS', '/metrics'),
      call('OPTIONS', '/metrics/job/foo/a/b'),
      call('OPTIONS', '/metrics/job/x/'),
      call('OPTIONS', '/-/quit'),
      call('OPTIONS', '/nope'),
      call('OPTIONS', '/METRICS'),
      call('OPTIONS', '/metrics/'),
      call('OPTIONS', '/api/v1/'),
      call('OPTIONS', '/api/v1/anything/here'),
      get('/nope'),
      get('/-/reload'),
      call('POST', '/-/reload'),
      get('/api/v1'),
      get('/api/v1/'),
      get('/api/v1/nope'),
      get('/api/v2/status'),
      get('/metrics/job/%zz'),
      call('POST', '/metrics/job/a%20b/c/d%2541?x=y', 'pct 1\n'),
      call('POST', '/metrics/job/x%2Fq/', 'q 1\n'),
    ]);
  });

  it('serves the misc endpoints like Go', async () => {
    pair = await startPair();
    await expectSameBehaviour(pair, [
      get('/-/healthy'),
      get('/-/ready'),
      call('POST', '/-/quit'),
      call('PUT', '/-/quit'),
      get('/-/quit'),
      get('/api/v1/metrics'),
      call('PUT', '/api/v1/admin/wipe'),
      call('POST', '/api/v1/admin/wipe'),
    ]);
  });

  it('applies the route prefix like Go, except for the root GET /-/quit', async () => {
    pair = await startPair(
      ['--web.route-prefix=/pg', '--web.enable-lifecycle', '--web.enable-admin-api'],
      '/pg',
    );
    await expectSameBehaviour(pair, [
      call('PUT', '/pg/metrics/job/j', 'a 1\n'),
      get('/pg/-/healthy'),
      get('/metrics'),
      get('/-/healthy'),
      get('/-/quit'),
      get('/pg/-/quit'),
      call('DELETE', '/pg/api/v1/admin/wipe'),
      get('/pg/api/v1'),
      get('/api/v1/metrics'),
    ]);
  });

  it('wipes like Go with the admin API', async () => {
    pair = await startPair(['--web.enable-admin-api']);
    await expectSameBehaviour(pair, [
      call('PUT', '/metrics/job/w1', 'a 1\n'),
      call('PUT', '/metrics/job/w2/instance/i', 'b 1\n'),
      call('PUT', '/api/v1/admin/wipe'),
      call('PUT', '/metrics/job/w3', 'c 1\n'),
    ]);
  });
});

describe('JSON API', () => {
  it('dumps groups in the same JSON shape (times masked)', async () => {
    pair = await startPair();
    await expectSameBehaviour(pair, [
      call(
        'PUT',
        '/metrics/job/fmt/instance/i',
        [
          '# HELP h_seconds A histogram.',
          '# TYPE h_seconds histogram',
          'h_seconds_bucket{le="0.1"} 1',
          'h_seconds_bucket{le="1e6"} 2',
          'h_seconds_bucket{le="+Inf"} 3',
          'h_seconds_sum 0.5',
          'h_seconds_count 3',
          '# TYPE s summary',
          's{quantile="0.5"} 0.2',
          's{quantile="0.99"} -0',
          's_sum 1',
          's_count 4',
          '# TYPE empty summary',
          'empty_sum 0',
          'empty_count 0',
          'v_c -0',
          'v_big 1e21',
          'v_nan NaN',
          'v_inf +Inf',
          'lbl{x="<b>&\\"q\\"",y="Προμηθεύς"} 1',
          '',
        ].join('\n'),
      ),
      call('PUT', '/metrics/job/failed', 'ts 1 1000\n'),
    ]);
  });

  it('reports build information and flags under the same keys', async () => {
    pair = await startPair(['--web.listen-address=127.0.0.1:0', '--persistence.interval=1h30m']);
    const [go, ours] = await pair.both({ path: '/api/v1/status' });
    expect(ours.status).toBe(go.status);
    expect(ours.headers).toEqual(go.headers);
    const goData = (JSON.parse(go.body) as { data: Record<string, Record<string, string>> }).data;
    const ourData = (JSON.parse(ours.body) as { data: Record<string, Record<string, string>> }).data;
    expect(Object.keys(ourData)).toEqual(Object.keys(goData));
    expect(Object.keys(ourData.build_information ?? {})).toEqual(Object.keys(goData.build_information ?? {}));
    // Go 1.5.1 has Debian's web.local-assets; 1.11 (and we) have push.enable-utf8-names, and
    // our extra flags (docs/compatibility.md) are listed too, after Go's in key order.
    const goFlags = Object.keys(goData.flags ?? {}).filter((name) => name !== 'web.local-assets');
    const ourFlags = Object.keys(ourData.flags ?? {});
    expect(ourFlags).toEqual(expect.arrayContaining(goFlags));
    expect(ourFlags.filter((name) => !goFlags.includes(name))).toEqual([
      'persistence.sync',
      'push.enable-utf8-names',
      'push.group-ttl',
      'push.max-body-bytes',
      'push.max-decoded-bytes',
      'push.max-group-ttl',
      'push.max-groups',
      'push.max-label-length',
      'push.max-labels',
      'push.max-series',
      'redis.key-prefix',
      'redis.url',
      'web.read-header-timeout',
      'web.read-timeout',
    ]);
    for (const name of ['persistence.interval', 'log.level', 'web.enable-lifecycle', 'web.route-prefix']) {
      expect({ name, value: ourData.flags?.[name] }).toEqual({ name, value: goData.flags?.[name] });
    }
  });
});
