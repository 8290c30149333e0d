import { gzipSync } from 'node:zlib';
import { encodeDelimited, type MetricFamily, PROTOBUF_DELIMITED_CONTENT_TYPE } from '@pushgate/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pushedLines, userSamples } from '../support/exposition-lines.js';
import { client } from '../support/raw-http.js';
import { snappyFramed } from '../support/snappy-frames.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const GO_ERROR_HEADERS = {
  'content-type': 'text/plain; charset=utf-8',
  'x-content-type-options': 'nosniff',
};

let gw: TestGateway;
let http: ReturnType<typeof client>;

beforeAll(async () => {
  gw = await startTestGateway();
  http = client(gw.base);
});
afterAll(() => gw.close());
beforeEach(async () => {
  // Start every test from an empty store.
  for (const group of [...gw.gateway.store.groups()]) {
    await gw.gateway.store.write({
      labels: group.labels,
      timestampMs: 0,
      families: undefined,
      replace: false,
    });
  }
});

async function samples(): Promise<string[]> {
  return userSamples((await http.get('/metrics')).text);
}

describe('push status codes and bodies', () => {
  it('answers a checked push 200 with an empty body and no Content-Type (README seed example)', async () => {
    const response = await http.push('POST', '/metrics/job/some_job', 'some_metric 3.14\n');
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    expect(response.headers['content-length']).toBe('0');
    expect(response.headers['content-type']).toBeUndefined();
    expect(await samples()).toEqual(['some_metric{instance="",job="some_job"} 3.14']);
  });

  it('answers DELETE 202, also for a group that does not exist', async () => {
    await http.push('PUT', '/metrics/job/j', 'a 1\n');
    const deleted = await http.delete('/metrics/job/j');
    expect(deleted.status).toBe(202);
    expect(deleted.text).toBe('');
    expect(await samples()).toEqual([]);
    expect((await http.delete('/metrics/job/doesnotexist')).status).toBe(202);
  });

  it('sends Go error texts with a newline, text/plain and nosniff', async () => {
    const cases: [string, string][] = [
      ['/metrics/job@base64/=/x/y', 'job name is required'],
      [
        '/metrics/job@base64/a+b/x/y',
        'invalid base64 encoding in job name "": illegal base64 data at input byte 1',
      ],
      ['/metrics/job/jz/foo/bar/', 'odd number of components in label string "/foo/bar/"'],
      ['/metrics/job/a%2Fb/x/y', 'odd number of components in label string "/b/x/y"'],
      ['/metrics/job/j/a-b/c', 'improper label name "a-b"'],
      ['/metrics/job/j/__a/c', 'improper label name "__a"'],
      ['/metrics/job/j/a@base64@base64/Yw', 'improper label name "a@base64"'],
      [
        '/metrics/job/ab/x@base64/Zm9vY',
        'invalid base64 encoding for label x="Zm9vY": illegal base64 data at input byte 4',
      ],
    ];
    for (const [path, message] of cases) {
      const response = await http.push('POST', path, 'm 1\n');
      expect({ path, status: response.status, text: response.text }).toEqual({
        path,
        status: 400,
        text: `${message}\n`,
      });
      expect(response.headers).toMatchObject(GO_ERROR_HEADERS);
    }
  });

  it('refuses unparsable text with the parser error', async () => {
    const cases: [string, string][] = [
      ['blablabla\n', 'text format parsing error in line 1: expected float as value, got ""'],
      ['m3 1', 'text format parsing error in line 1: unexpected end of input stream'],
      ['m3 1\r\n', 'text format parsing error in line 1: expected float as value, got "1\\r"'],
    ];
    for (const [body, message] of cases) {
      const response = await http.push('POST', '/metrics/job/j5', body);
      expect(response.status).toBe(400);
      expect(response.text).toBe(`${message}\n`);
    }
    expect(await samples()).toEqual([]);
  });

  it('refuses timestamps with the consistency-check prefix and records the failure time', async () => {
    const response = await http.push('POST', '/metrics/job/j4', 'm2 1 1000\n');
    expect(response.status).toBe(400);
    expect(response.text).toBe(
      'pushed metrics are invalid or inconsistent with existing metrics: pushed metrics must not have timestamps\n',
    );
    expect(pushedLines((await http.get('/metrics')).text)).toContain(
      'push_failure_time_seconds{instance="",job="j4"} <time>',
    );
  });

  it('refuses a type clash across groups with 400', async () => {
    await http.push('POST', '/metrics/job/some_job', 'some_metric 3.14\n');
    const response = await http.push(
      'POST',
      '/metrics/job/j2/instance/i1',
      '# TYPE some_metric counter\nsome_metric{label="val1"} 42\n',
    );
    expect(response.status).toBe(400);
    expect(response.text).toMatch(
      /^pushed metrics are invalid or inconsistent with existing metrics: .*some_metric/,
    );
  });
});

describe('grouping keys', () => {
  it('decodes base64 job and label values and overrides body labels', async () => {
    await http.push('POST', '/metrics/job@base64/dGVzdC9qb2I=/instance@base64/dGVzdGluc3RhbmNl', 'm 1\n');
    await http.push('POST', '/metrics/job/directory_cleaner/path@base64/L3Zhci90bXA', 'm 1\n');
    await http.push('POST', '/metrics/job/example/first_label@base64/=/second_label/foobar', 'm 1\n');
    await http.push(
      'POST',
      '/metrics/job/titan/name/%CE%A0%CF%81%CE%BF%CE%BC%CE%B7%CE%B8%CE%B5%CF%8D%CF%82',
      'm 1\n',
    );
    await http.push('POST', '/metrics/job/j3', 'm1{job="other",instance="x",foo="bar"} 1\n');
    await http.push('POST', '/metrics/job/j/a/1/a/2/job/ignored', 'm3 1\n');
    expect(await samples()).toEqual([
      'm{instance="testinstance",job="test/job"} 1',
      'm{instance="",job="directory_cleaner",path="/var/tmp"} 1',
      'm{instance="",job="titan",name="Προμηθεύς"} 1',
      'm{first_label="",instance="",job="example",second_label="foobar"} 1',
      'm1{foo="bar",instance="x",job="j3"} 1',
      'm3{a="2",instance="",job="j"} 1',
    ]);
  });

  it('treats a trailing slash after the job as no labels, and after a name as an empty value', async () => {
    await http.push('PUT', '/metrics/job/x/', 'a 1\n');
    await http.push('PUT', '/metrics/job/jx/foo/', 'b 1\n');
    expect(await samples()).toEqual(['a{instance="",job="x"} 1', 'b{foo="",instance="",job="jx"} 1']);
  });

  it('refuses job or label values that are not UTF-8, without creating a group (Go bug 12.2)', async () => {
    const response = await http.push('POST', '/metrics/job/uj/foo/%FF', 'm 1\n');
    expect(response.status).toBe(400);
    expect(response.text).toBe('invalid UTF-8 in value of label "foo"\n');
    expect((await http.get('/metrics')).status).toBe(200);
    expect(pushedLines((await http.get('/metrics')).text)).toEqual([]);
  });
});

describe('PUT, POST and DELETE semantics (README examples)', () => {
  it('replaces the group on PUT, families by name on POST, and handles empty bodies', async () => {
    await http.push('PUT', '/metrics/job/j', 'a 1\nb 2\n');
    await http.push('POST', '/metrics/job/j', 'a 10\nc 3\n');
    expect(await samples()).toEqual([
      'a{instance="",job="j"} 10',
      'b{instance="",job="j"} 2',
      'c{instance="",job="j"} 3',
    ]);
    expect((await http.push('POST', '/metrics/job/j', '')).status).toBe(200);
    expect(await samples()).toHaveLength(3);
    await http.push('PUT', '/metrics/job/j', 'c 30\n');
    expect(await samples()).toEqual(['c{instance="",job="j"} 30']);
    expect((await http.push('PUT', '/metrics/job/j', '')).status).toBe(200);
    expect(await samples()).toEqual([]);
    expect(pushedLines((await http.get('/metrics')).text)).toContain(
      'push_time_seconds{instance="",job="j"} <time>',
    );
  });

  it('deletes exactly one grouping key', async () => {
    await http.push('PUT', '/metrics/job/x', 'a 1\n');
    await http.push('PUT', '/metrics/job/x/instance/y', 'a 2\n');
    await http.delete('/metrics/job/x');
    expect(await samples()).toEqual(['a{instance="y",job="x"} 2']);
  });
});

describe('body formats and encodings', () => {
  const families: MetricFamily[] = [
    { name: 'pm', type: 'UNTYPED', metric: [{ label: [], untyped: { value: 1.5 } }] },
    {
      name: 'pg',
      help: 'a gauge',
      type: 'GAUGE',
      metric: [{ label: [{ name: 'x', value: 'y' }], gauge: { value: 2 } }],
    },
  ];

  it('reads delimited protobuf when the Content-Type says so (any parameter order and name case)', async () => {
    const body = encodeDelimited(families);
    expect(
      (await http.push('PUT', '/metrics/job/pb', body, { 'Content-Type': PROTOBUF_DELIMITED_CONTENT_TYPE }))
        .status,
    ).toBe(200);
    const upper =
      'APPLICATION/vnd.google.protobuf; ENCODING=delimited; PROTO=io.prometheus.client.MetricFamily';
    expect((await http.push('PUT', '/metrics/job/pb2', body, { 'Content-Type': upper })).status).toBe(200);
    expect(await samples()).toEqual([
      'pg{instance="",job="pb",x="y"} 2',
      'pg{instance="",job="pb2",x="y"} 2',
      'pm{instance="",job="pb"} 1.5',
      'pm{instance="",job="pb2"} 1.5',
    ]);
  });

  it('parses protobuf without encoding=delimited as text, as Go does', async () => {
    const response = await http.push('PUT', '/metrics/job/pb', encodeDelimited(families), {
      'Content-Type': 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily',
    });
    expect(response.status).toBe(400);
    expect(response.text).toMatch(/^text format parsing error in line 1: /);
  });

  it('refuses protobuf families with an empty or invalid name (Go bug 12.4)', async () => {
    for (const name of ['', 'bad-name']) {
      const body = encodeDelimited([
        { name, type: 'UNTYPED', metric: [{ label: [], untyped: { value: 1 } }] },
      ]);
      const response = await http.push('PUT', '/metrics/job/pb5', body, {
        'Content-Type': PROTOBUF_DELIMITED_CONTENT_TYPE,
      });
      expect(response.status).toBe(400);
      expect(response.text).toBe(`invalid metric name ${JSON.stringify(name)}\n`);
    }
    expect(pushedLines((await http.get('/metrics')).text)).toEqual([]);
  });

  it('refuses a truncated protobuf body', async () => {
    const response = await http.push('PUT', '/metrics/job/pb', Buffer.from([0x05, 0x0a, 0x02, 0x70, 0x6d]), {
      'Content-Type': PROTOBUF_DELIMITED_CONTENT_TYPE,
    });
    expect(response.status).toBe(400);
    expect(response.text).toBe('unexpected EOF\n');
  });

  it('gunzips gzip bodies, whatever the case of the header', async () => {
    for (const encoding of ['gzip', 'GZIP']) {
      const response = await http.push('PUT', `/metrics/job/${encoding}`, gzipSync('g 1\n'), {
        'Content-Encoding': encoding,
      });
      expect(response.status).toBe(200);
    }
    expect(await samples()).toEqual(['g{instance="",job="GZIP"} 1', 'g{instance="",job="gzip"} 1']);
  });

  it('answers bad gzip bodies with Go’s decoder errors', async () => {
    const cases: [Uint8Array, string][] = [
      [Buffer.from('m 1\n'), 'unexpected EOF'],
      [Buffer.from('not gzip at all\n'), 'gzip: invalid header'],
      [Buffer.alloc(0), 'EOF'],
      [gzipSync('m 1\n').subarray(0, 15), 'unexpected EOF'],
    ];
    for (const [body, message] of cases) {
      const response = await http.push('PUT', '/metrics/job/gz', body, { 'Content-Encoding': 'gzip' });
      expect({ status: response.status, text: response.text }).toEqual({ status: 400, text: `${message}\n` });
    }
  });

  it('decodes framed snappy bodies and refuses corrupt ones', async () => {
    const ok = await http.push('PUT', '/metrics/job/sn', snappyFramed('s 1\n'), {
      'Content-Encoding': 'snappy',
    });
    expect(ok.status).toBe(200);
    expect(await samples()).toEqual(['s{instance="",job="sn"} 1']);
    const bad = await http.push('PUT', '/metrics/job/sn', Buffer.from('s 1\n'), {
      'Content-Encoding': 'Snappy',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toBe('snappy: corrupt input\n');
  });

  it('ignores unknown encodings and parses the body as is', async () => {
    for (const encoding of ['identity', 'br', 'deflate']) {
      const response = await http.push('PUT', '/metrics/job/enc', 'e 1\n', { 'Content-Encoding': encoding });
      expect(response.status).toBe(200);
    }
  });

  it('ignores the body and its encoding on DELETE (Go answers 400 EOF)', async () => {
    const response = await http.send({
      method: 'DELETE',
      path: '/metrics/job/x',
      headers: { 'Content-Encoding': 'gzip' },
    });
    expect(response.status).toBe(202);
  });
});

describe('body size limits', () => {
  let small: TestApp;
  beforeAll(async () => {
    small = await startTestApp({ bodyLimits: { maxBodyBytes: 1024, maxDecodedBytes: 4096 } });
  });
  afterAll(() => small.close());

  it('answers 413 naming the limit for an oversized body and closes the connection', async () => {
    const response = await client(small.base).push('PUT', '/metrics/job/big', 'a 1\n'.repeat(300));
    expect(response.status).toBe(413);
    expect(response.text).toBe('request body exceeds the limit of 1024 bytes set by --push.max-body-bytes\n');
    expect(response.headers.connection).toBe('close');
  });

  it('answers 413 for a body that inflates beyond the limit (gzip and snappy)', async () => {
    const text = 'a 1\n'.repeat(2000);
    const gzipped = await client(small.base).push('PUT', '/metrics/job/big', gzipSync(text), {
      'Content-Encoding': 'gzip',
    });
    expect(gzipped.status).toBe(413);
    expect(gzipped.text).toBe(
      'decompressed request body exceeds the limit of 4096 bytes set by --push.max-decoded-bytes\n',
    );
    const snappy = await client(small.base).push('PUT', '/metrics/job/big', snappyFramed(text), {
      'Content-Encoding': 'snappy',
    });
    expect(snappy.status).toBe(413);
  });

  it('accepts bodies within the limits', async () => {
    expect(
      (
        await client(small.base).push(
          'PUT',
          '/metrics/job/ok',
          gzipSync(Array.from({ length: 100 }, (_, n) => `m${n} 1\n`).join('')),
          {
            'Content-Encoding': 'gzip',
          },
        )
      ).status,
    ).toBe(200);
  });
});

describe('with --push.disable-consistency-check', () => {
  let unchecked: TestGateway;
  beforeAll(async () => {
    unchecked = await startTestGateway(['--push.disable-consistency-check']);
  });
  afterAll(() => unchecked.close());

  it('answers pushes 202, refused ones too, but parse errors still 400', async () => {
    const http2 = client(unchecked.base);
    expect((await http2.push('PUT', '/metrics/job/z', 'a 1\n')).status).toBe(202);
    expect((await http2.push('PUT', '/metrics/job/z', 'ts 1 1000\n')).status).toBe(202);
    expect((await http2.push('PUT', '/metrics/job/z', 'bad\n')).status).toBe(400);
    const groups = JSON.parse((await http2.get('/api/v1/metrics')).text) as {
      data: { last_push_successful: boolean }[];
    };
    expect(groups.data[0]?.last_push_successful).toBe(false);
  });
});
