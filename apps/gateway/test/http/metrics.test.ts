import { gunzipSync } from 'node:zlib';
import { decodeDelimited, PROTOBUF_DELIMITED_CONTENT_TYPE, TEXT_CONTENT_TYPE } from '@pushgate/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushedLines } from '../support/exposition-lines.js';
import { client } from '../support/raw-http.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gw: TestGateway;
let http: ReturnType<typeof client>;

beforeAll(async () => {
  gw = await startTestGateway();
  http = client(gw.base);
  await http.push(
    'PUT',
    '/metrics/job/fmt',
    [
      '# TYPE hb histogram',
      'hb_bucket{le="1000000"} 1',
      'hb_bucket{le="0.000001"} 0',
      'hb_bucket{le="+Inf"} 2',
      'hb_sum 12345678',
      'hb_count 2',
      'v_a 12345678',
      'v_c -0',
      'v_e 0.00001',
      '# HELP v_j help with \\\\ backslash and \\n newline and "quote"',
      'v_j 1',
      '',
    ].join('\n'),
  );
});
afterAll(() => gw.close());

describe('GET /metrics', () => {
  it('serves text 0.0.4 by default, merged and formatted as Go does', async () => {
    const response = await http.get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(TEXT_CONTENT_TYPE);
    expect(pushedLines(response.text)).toEqual([
      '# TYPE hb histogram',
      'hb_bucket{instance="",job="fmt",le="1e+06"} 1',
      'hb_bucket{instance="",job="fmt",le="1e-06"} 0',
      'hb_bucket{instance="",job="fmt",le="+Inf"} 2',
      'hb_sum{instance="",job="fmt"} 1.2345678e+07',
      'hb_count{instance="",job="fmt"} 2',
      '# HELP push_failure_time_seconds Last Unix time when changing this group in the Pushgateway failed.',
      '# TYPE push_failure_time_seconds gauge',
      'push_failure_time_seconds{instance="",job="fmt"} 0',
      '# HELP push_time_seconds Last Unix time when changing this group in the Pushgateway succeeded.',
      '# TYPE push_time_seconds gauge',
      'push_time_seconds{instance="",job="fmt"} <time>',
      '# TYPE v_a untyped',
      'v_a{instance="",job="fmt"} 1.2345678e+07',
      '# TYPE v_c untyped',
      'v_c{instance="",job="fmt"} 0',
      '# TYPE v_e untyped',
      'v_e{instance="",job="fmt"} 1e-05',
      '# HELP v_j help with \\\\ backslash and \\n newline and "quote"',
      '# TYPE v_j untyped',
      'v_j{instance="",job="fmt"} 1',
    ]);
  });

  it('includes the gateway’s own metrics with Go’s names', async () => {
    const text = (await http.get('/metrics')).text;
    expect(text).toMatch(
      /^pushgateway_build_info\{branch="[^"]*",goarch="[^"]*",goos="[^"]*",goversion="node[^"]*",revision="[^"]*",version="[^"]*"\} 1$/m,
    );
    expect(text).toContain('# TYPE pushgateway_http_requests_total counter');
    expect(text).toContain('pushgateway_http_requests_total{code="200",handler="push",method="put"}');
    expect(text).toContain('# TYPE pushgateway_http_push_duration_seconds summary');
    expect(text).toMatch(/^pushgateway_http_push_size_bytes_count\{method="put"\} \d+$/m);
    expect(text).toMatch(/^process_start_time_seconds \d+/m);
  });

  it('counts a push in the push summaries on the very next scrape', async () => {
    const putCount = async () => {
      const text = (await http.get('/metrics')).text;
      return Number(/^pushgateway_http_push_size_bytes_count\{method="put"\} (\d+)$/m.exec(text)?.[1]);
    };
    const before = await putCount();
    expect(await putCount()).toBe(before);
    await http.push('PUT', '/metrics/job/counted', 'c 1\n');
    expect(await putCount()).toBe(before + 1);
  });

  it('serves delimited protobuf when asked, and text for OpenMetrics or wildcards', async () => {
    const proto = await http.get('/metrics', {
      Accept:
        'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3',
    });
    expect(proto.headers['content-type']).toBe(PROTOBUF_DELIMITED_CONTENT_TYPE);
    const families = decodeDelimited(proto.body);
    expect(families.find((family) => family.name === 'v_a')?.metric[0]?.untyped?.value).toBe(12345678);
    expect(families.some((family) => family.name === 'pushgateway_build_info')).toBe(true);
    for (const accept of [
      'application/openmetrics-text;version=1.0.0',
      '*/*',
      'application/openmetrics-text;version=2.0.0',
    ]) {
      expect((await http.get('/metrics', { Accept: accept })).headers['content-type']).toBe(
        TEXT_CONTENT_TYPE,
      );
    }
  });

  it('compresses with gzip when accepted', async () => {
    const response = await http.get('/metrics', { 'Accept-Encoding': 'gzip' });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(response.body).toString('utf8')).toContain('v_a{instance="",job="fmt"} 1.2345678e+07');
    const refused = await http.get('/metrics', { 'Accept-Encoding': 'gzip;q=0, identity' });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('does not count scrapes in pushgateway_http_requests_total', async () => {
    await http.get('/metrics');
    expect((await http.get('/metrics')).text).not.toMatch(/handler="metrics"/);
  });

  it('counts other handlers with their status code', async () => {
    await http.get('/-/healthy');
    await http.push('POST', '/metrics/job@base64/=', 'x 1\n');
    const text = (await http.get('/metrics')).text;
    expect(text).toMatch(
      /^pushgateway_http_requests_total\{code="200",handler="healthy",method="get"\} \d+$/m,
    );
    expect(text).toMatch(/^pushgateway_http_requests_total\{code="400",handler="push",method="post"\} 1$/m);
  });

  it('refuses pushes of own families with another type', async () => {
    const response = await http.push(
      'PUT',
      '/metrics/job/own',
      '# TYPE pushgateway_build_info counter\npushgateway_build_info 1\n',
    );
    expect(response.status).toBe(400);
  });
});
