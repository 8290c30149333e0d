import {
  emptyHistogram,
  encodeDelimited,
  metricsResponseSchema,
  PROTOBUF_DELIMITED_CONTENT_TYPE,
  statusResponseSchema,
} from '@pushgate/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, send } from '../support/raw-http.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/** 2020-03-10T00:54:08.025744841+05:30, the instant of Go's API test, in milliseconds. */
const PUSH_TIME_MS = 1583781848025.7449;
const CORS = {
  'access-control-allow-headers': 'Accept, Authorization, Content-Type, Origin',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Date',
  'cache-control': 'no-cache, no-store, must-revalidate',
};

const originalTimeZone = process.env.TZ;
let gw: TestGateway;
let http: ReturnType<typeof client>;

beforeAll(async () => {
  process.env.TZ = 'Asia/Kolkata';
  gw = await startTestGateway(['--web.enable-admin-api', '--web.listen-address=127.0.0.1:0'], {
    now: () => PUSH_TIME_MS,
  });
  http = client(gw.base);
});
afterAll(async () => {
  await gw.close();
  if (originalTimeZone === undefined) delete process.env.TZ;
  else process.env.TZ = originalTimeZone;
});

describe('GET /api/v1/metrics', () => {
  it('answers exactly {"status":"success","data":[]} for an empty store, with CORS headers', async () => {
    const response = await http.get('/api/v1/metrics');
    expect(response.status).toBe(200);
    expect(response.text).toBe('{"status":"success","data":[]}');
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers).toMatchObject(CORS);
  });

  it('renders a group in Go’s exact JSON: sorted keys, string numbers, HTML escaping, local time', async () => {
    const instance = Buffer.from(`inst'a"n\\ce1`).toString('base64url');
    const body = [
      '# HELP s A summary.',
      '# TYPE s summary',
      's_sum 0',
      's_count 0',
      '# HELP h A histogram.',
      '# TYPE h histogram',
      'h_bucket{le="0.1"} 1',
      'h_bucket{le="+Inf"} 3',
      'h_sum 0.5',
      'h_count 3',
      'g{x="<b>&\u2028"} -0',
      '',
    ].join('\n');
    expect((await http.push('PUT', `/metrics/job/Bj%C3%B6rn/instance@base64/${instance}`, body)).status).toBe(
      200,
    );
    const labels = '{"instance":"inst\'a\\"n\\\\ce1","job":"Björn"}';
    const at = '"time_stamp":"2020-03-10T00:54:08.025745+05:30"';
    const response = await http.get('/api/v1/metrics');
    expect(response.text).toBe(
      `{"status":"success","data":[{` +
        `"g":{${at},"type":"UNTYPED","metrics":[{"labels":{"instance":"inst'a\\"n\\\\ce1","job":"Björn","x":"\\u003cb\\u003e\\u0026\\u2028"},"value":"-0"}]},` +
        `"h":{${at},"type":"HISTOGRAM","help":"A histogram.","metrics":[{"buckets":{"+Inf":"3","0.1":"1"},"count":"3","labels":${labels},"sum":"0.5"}]},` +
        `"labels":${labels},"last_push_successful":true,` +
        `"push_failure_time_seconds":{${at},"type":"GAUGE","help":"Last Unix time when changing this group in the Pushgateway failed.","metrics":[{"labels":${labels},"value":"0"}]},` +
        `"push_time_seconds":{${at},"type":"GAUGE","help":"Last Unix time when changing this group in the Pushgateway succeeded.","metrics":[{"labels":${labels},"value":"1.583781848025745e+09"}]},` +
        `"s":{${at},"type":"SUMMARY","help":"A summary.","metrics":[{"count":"0","labels":${labels},"quantiles":{},"sum":"0"}]}` +
        `}]}`,
    );
    expect(metricsResponseSchema.safeParse(JSON.parse(response.text)).success).toBe(true);
  });

  it('lists the non-empty buckets of a native histogram as [rule, lower, upper, count]', async () => {
    const histogram = {
      ...emptyHistogram(),
      sampleCount: 4n,
      sampleSum: 1,
      schema: 1,
      zeroThreshold: 0.001,
      zeroCount: 0n,
      positiveSpan: [{ offset: 1, length: 1 }],
      positiveDelta: [2n],
      negativeSpan: [{ offset: 1, length: 1 }],
      negativeDelta: [2n],
    };
    const pushed = await http.push(
      'PUT',
      '/metrics/job/native',
      encodeDelimited([{ name: 'nh', type: 'HISTOGRAM', metric: [{ label: [], histogram }] }]),
      { 'Content-Type': PROTOBUF_DELIMITED_CONTENT_TYPE },
    );
    expect(pushed.status).toBe(200);
    const data = JSON.parse((await http.get('/api/v1/metrics')).text) as {
      data: Record<string, { metrics?: { buckets?: unknown }[] }>[];
    };
    const group = data.data.find((entry) => 'nh' in entry);
    expect(group?.nh?.metrics?.[0]?.buckets).toEqual([
      [1, '-1.414213562373095', '-1', '2'],
      [0, '1', '1.414213562373095', '2'],
    ]);
  });
});

describe('GET /api/v1/status', () => {
  it('reports build information, every flag as a string and the start time', async () => {
    const response = await http.get('/api/v1/status');
    expect(response.headers).toMatchObject(CORS);
    const status = statusResponseSchema.parse(JSON.parse(response.text));
    expect(Object.keys(status.data.build_information)).toEqual([
      'branch',
      'buildDate',
      'buildUser',
      'goVersion',
      'revision',
      'version',
    ]);
    expect(status.data.flags).toEqual({
      'log.format': 'logfmt',
      'log.level': 'info',
      'persistence.file': '',
      'persistence.interval': '5m0s',
      'persistence.sync': 'false',
      'push.disable-consistency-check': 'false',
      'push.enable-utf8-names': 'false',
      'push.group-ttl': '0s',
      'push.max-body-bytes': '67108864',
      'push.max-decoded-bytes': '268435456',
      'push.max-group-ttl': '0s',
      'push.max-groups': '0',
      'push.max-label-length': '65536',
      'push.max-labels': '256',
      'push.max-series': '1000000',
      'redis.key-prefix': 'pushgate:',
      'redis.url': '',
      'web.config.file': '',
      'web.enable-admin-api': 'true',
      'web.enable-lifecycle': 'false',
      'web.external-url': '',
      'web.listen-address': '127.0.0.1:0,127.0.0.1:0',
      'web.read-header-timeout': '30s',
      'web.read-timeout': '5m0s',
      'web.route-prefix': '',
      'web.systemd-socket': 'false',
      'web.telemetry-path': '/metrics',
    });
    expect(status.data.start_time).toBe('2020-03-10T00:54:08.025745+05:30');
  });
});

describe('OPTIONS and wipe', () => {
  it('answers OPTIONS on any API path with an empty 200 and CORS headers', async () => {
    for (const path of ['/api/v1/', '/api/v1/status', '/api/v1/anything/here']) {
      const response = await send(gw.base, { method: 'OPTIONS', path });
      expect({ path, status: response.status, body: response.text }).toEqual({ path, status: 200, body: '' });
      expect(response.headers).toMatchObject(CORS);
    }
  });

  it('wipes every group with PUT /api/v1/admin/wipe (202, no CORS)', async () => {
    await http.push('PUT', '/metrics/job/w1', 'a 1\n');
    await http.push('PUT', '/metrics/job/w2', 'b 1\n');
    const response = await send(gw.base, { method: 'PUT', path: '/api/v1/admin/wipe' });
    expect(response.status).toBe(202);
    expect(response.text).toBe('');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect((await http.get('/api/v1/metrics')).text).toBe('{"status":"success","data":[]}');
  });

  it('has no wipe route without --web.enable-admin-api', async () => {
    const plain = await startTestGateway();
    try {
      expect((await send(plain.base, { method: 'PUT', path: '/api/v1/admin/wipe' })).status).toBe(404);
      expect((await send(plain.base, { method: 'POST', path: '/api/v1/admin/wipe' })).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
