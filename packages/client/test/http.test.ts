import { gunzipSync } from 'node:zlib';
import {
  encodeDelimited,
  type MetricFamily,
  PROTOBUF_DELIMITED_CONTENT_TYPE,
  parseText,
  TEXT_CONTENT_TYPE,
  writeText,
} from '@pushgate/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { isPushgatewayError, Pushgateway, type PushgatewayError } from '../src/index.js';
import {
  answerOk,
  type CaptureServer,
  type Responder,
  startCaptureServer,
} from './support/capture-server.js';
import { freePort } from './support/free-port.js';

const TEXT = '# TYPE backup_bytes gauge\nbackup_bytes 42\n';
const FAMILIES: MetricFamily[] = [
  {
    name: 'rows_total',
    help: 'Rows copied.',
    type: 'COUNTER',
    metric: [{ label: [], counter: { value: 7 } }],
  },
];

let server: CaptureServer | undefined;

async function serve(respond: Responder = answerOk): Promise<CaptureServer> {
  server = await startCaptureServer(respond);
  return server;
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function failure(promise: Promise<unknown>): Promise<PushgatewayError> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isPushgatewayError(outcome)) throw new Error(`expected a PushgatewayError, got ${String(outcome)}`);
  return outcome;
}

describe('requests', () => {
  it('push sends PUT with the text body and its Content-Type', async () => {
    const { url, requests } = await serve();
    const response = await new Pushgateway(url).push({
      job: 'backup',
      grouping: { db: 'mysql' },
      metrics: TEXT,
    });
    expect(response).toEqual({ status: 200, url: `${url}/metrics/job/backup/db/mysql`, attempts: 1 });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.method).toBe('PUT');
    expect(request?.path).toBe('/metrics/job/backup/db/mysql');
    expect(request?.headers['content-type']).toBe(TEXT_CONTENT_TYPE);
    expect(request?.headers['content-encoding']).toBeUndefined();
    expect(request?.headers['pushgate-ttl']).toBeUndefined();
    expect(request?.body.toString()).toBe(TEXT);
  });

  it('pushAdd sends POST with MetricFamily[] written as text', async () => {
    const { url, requests } = await serve();
    await new Pushgateway(url).pushAdd({ job: 'j', metrics: FAMILIES });
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.path).toBe('/metrics/job/j');
    expect(requests[0]?.body.toString()).toBe(writeText(FAMILIES));
  });

  it('delete sends DELETE without a body but with a Content-Type, never a Content-Encoding', async () => {
    const { url, requests } = await serve((_request, response) => response.writeHead(202).end());
    const gateway = new Pushgateway(url, { compression: 'gzip', headers: { 'Content-Encoding': 'gzip' } });
    expect(await gateway.delete({ job: 'j', grouping: { instance: 'a' } })).toMatchObject({ status: 202 });
    expect(requests[0]?.method).toBe('DELETE');
    expect(requests[0]?.path).toBe('/metrics/job/j/instance/a');
    expect(requests[0]?.body.length).toBe(0);
    expect(requests[0]?.headers['content-type']).toBe(TEXT_CONTENT_TYPE);
    expect(requests[0]?.headers['content-encoding']).toBeUndefined();
  });

  it('adds the final newline the text format requires', async () => {
    const { url, requests } = await serve();
    await new Pushgateway(url).push({ job: 'j', metrics: 'a 1' });
    expect(requests[0]?.body.toString()).toBe('a 1\n');
  });

  it('keeps a base URL path as a prefix', async () => {
    const { url, requests } = await serve();
    await new Pushgateway(`${url}/gateway/`).push({ job: 'j', metrics: '' });
    expect(requests[0]?.path).toBe('/gateway/metrics/job/j');
  });

  it('encodes grouping values that need it with @base64, labels sorted', async () => {
    const { url, requests } = await serve();
    await new Pushgateway(url).push({
      job: 'a/b',
      grouping: { path: '/var/tmp', empty: '', space: 'a b' },
      metrics: '',
    });
    expect(requests[0]?.path).toBe(
      '/metrics/job@base64/YS9i/empty@base64/=/path@base64/L3Zhci90bXA/space/a%20b',
    );
  });

  it('sends the group TTL header only when asked', async () => {
    const { url, requests } = await serve();
    const gateway = new Pushgateway(url);
    await gateway.push({ job: 'j', metrics: '', ttl: '2h' });
    await gateway.pushAdd({ job: 'j', metrics: '', ttl: 90 });
    await gateway.push({ job: 'j', metrics: '', ttl: 0 });
    expect(requests.map((request) => request.headers['pushgate-ttl'])).toEqual(['2h', '90s', '0']);
  });

  it('gzips the body when asked', async () => {
    const { url, requests } = await serve();
    await new Pushgateway(url, { compression: 'gzip' }).push({ job: 'j', metrics: TEXT });
    expect(requests[0]?.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(requests[0]?.body ?? Buffer.alloc(0)).toString()).toBe(TEXT);
  });

  it('sends delimited protobuf when asked, from text or families', async () => {
    const { url, requests } = await serve();
    const gateway = new Pushgateway(url, { format: 'protobuf' });
    await gateway.push({ job: 'j', metrics: TEXT });
    await gateway.push({ job: 'j', metrics: FAMILIES });
    expect(requests[0]?.headers['content-type']).toBe(PROTOBUF_DELIMITED_CONTENT_TYPE);
    expect(new Uint8Array(requests[0]?.body ?? [])).toEqual(encodeDelimited(parseText(TEXT)));
    expect(new Uint8Array(requests[1]?.body ?? [])).toEqual(encodeDelimited(FAMILIES));
  });

  it('refuses text that cannot be converted to protobuf, without sending anything', async () => {
    const { url, requests } = await serve();
    const error = await failure(
      new Pushgateway(url, { format: 'protobuf' }).push({ job: 'j', metrics: 'x{ 1\n' }),
    );
    expect(error.code).toBe('invalid_metrics');
    expect(error.message).toMatch(/^metrics text is not valid exposition format 0\.0\.4: /);
    expect(requests).toHaveLength(0);
  });

  it('sends custom headers without mutating them; its own headers win', async () => {
    const { url, requests } = await serve();
    const headers = { 'X-Team': 'storage', 'Content-Type': 'application/json' };
    const frozen = structuredClone(headers);
    await new Pushgateway(url, { headers }).push({ job: 'j', metrics: '' });
    expect(requests[0]?.headers['x-team']).toBe('storage');
    expect(requests[0]?.headers['content-type']).toBe(TEXT_CONTENT_TYPE);
    expect(headers).toEqual(frozen);
  });

  it('sends basic auth from the options or from the URL, and bearer tokens', async () => {
    const { url, requests } = await serve();
    await new Pushgateway(url, { basicAuth: { username: 'u', password: 'p£' } }).push({
      job: 'j',
      metrics: '',
    });
    await new Pushgateway(url.replace('http://', 'http://u:p%C2%A3@')).push({ job: 'j', metrics: '' });
    await new Pushgateway(url, { bearerToken: 't0k3n' }).delete({ job: 'j' });
    expect(requests.map((request) => request.headers.authorization)).toEqual([
      'Basic dTpwwqM=',
      'Basic dTpwwqM=',
      'Bearer t0k3n',
    ]);
  });

  it('uses a custom fetch', async () => {
    const { url, requests } = await serve();
    const seen: string[] = [];
    const gateway = new Pushgateway(url, {
      fetch: (target, init) => {
        seen.push(`${init.method} ${target}`);
        return fetch(target, init);
      },
    });
    await gateway.push({ job: 'j', metrics: '' });
    expect(seen).toEqual([`PUT ${url}/metrics/job/j`]);
    expect(requests).toHaveLength(1);
  });
});

describe('failures', () => {
  it('reports a 400 with the gateway text, and does not retry it', async () => {
    const body = 'text format parsing error in line 1: expected float as value, got ""\n';
    const { url, requests } = await serve((_request, response) =>
      response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end(body),
    );
    const gateway = new Pushgateway(url, { retries: { attempts: 3, minDelayMs: 1, maxDelayMs: 1 } });
    const error = await failure(gateway.push({ job: 'j', metrics: 'blablabla\n' }));
    expect(error).toMatchObject({ code: 'http', status: 400, body, attempts: 1, method: 'PUT' });
    expect(error.message).toBe(`PUT ${url}/metrics/job/j: gateway answered 400: ${body.trimEnd()}`);
    expect(requests).toHaveLength(1);
  });

  it('retries a 503 and succeeds on the next attempt with the same request', async () => {
    const { url, requests } = await serve((_request, response, index) =>
      response.writeHead(index === 0 ? 503 : 200).end(index === 0 ? 'busy' : ''),
    );
    const gateway = new Pushgateway(url, { retries: { attempts: 3, minDelayMs: 5, maxDelayMs: 20 } });
    expect(await gateway.push({ job: 'j', metrics: TEXT })).toMatchObject({ status: 200, attempts: 2 });
    expect(requests).toHaveLength(2);
    expect(requests[1]?.body.toString()).toBe(requests[0]?.body.toString());
  });

  it('gives up after the configured attempts', async () => {
    const { url, requests } = await serve((_request, response) => response.writeHead(500).end('broken'));
    const gateway = new Pushgateway(url, { retries: { attempts: 3, minDelayMs: 1, maxDelayMs: 5 } });
    const error = await failure(gateway.delete({ job: 'j' }));
    expect(error).toMatchObject({ code: 'http', status: 500, body: 'broken', attempts: 3 });
    expect(requests).toHaveLength(3);
  });

  it('does not retry without a retries option', async () => {
    const { url, requests } = await serve((_request, response) => response.writeHead(503).end());
    expect((await failure(new Pushgateway(url).push({ job: 'j', metrics: '' }))).status).toBe(503);
    expect(requests).toHaveLength(1);
  });

  it('honours Retry-After on 429, and gives up when it asks for more than maxDelayMs', async () => {
    const { url, requests } = await serve((_request, response, index) =>
      response.writeHead(index < 2 ? 429 : 200, { 'Retry-After': index === 0 ? '0' : '3600' }).end(),
    );
    const gateway = new Pushgateway(url, { retries: { attempts: 5, minDelayMs: 1, maxDelayMs: 1000 } });
    const error = await failure(gateway.push({ job: 'j', metrics: '' }));
    expect(error).toMatchObject({ code: 'http', status: 429, attempts: 2 });
    expect(requests).toHaveLength(2);
  });

  it('reports a redirect as an error and does not follow it', async () => {
    const { url, requests } = await serve((_request, response) =>
      response.writeHead(301, { Location: '/metrics/job/elsewhere' }).end(),
    );
    const error = await failure(new Pushgateway(url).push({ job: 'j', metrics: TEXT }));
    expect(error).toMatchObject({
      code: 'redirect',
      status: 301,
      redirectLocation: '/metrics/job/elsewhere',
    });
    expect(error.message).toContain('redirects are not followed');
    expect(requests).toHaveLength(1);
  });

  it('times out against a server that never answers', async () => {
    const { url } = await serve(() => {});
    const started = performance.now();
    const error = await failure(new Pushgateway(url, { timeout: 200 }).push({ job: 'j', metrics: TEXT }));
    expect(error.code).toBe('timeout');
    expect(error.message).toBe(`PUT ${url}/metrics/job/j timed out after 200 ms`);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('times out while the response body is still arriving', async () => {
    const { url } = await serve((_request, response) => {
      response.writeHead(400, { 'Content-Type': 'text/plain' });
      response.write('partial');
    });
    const error = await failure(new Pushgateway(url, { timeout: 200 }).push({ job: 'j', metrics: '' }));
    expect(error.code).toBe('timeout');
  });

  it('times out even with a custom fetch that ignores its signal', async () => {
    const gateway = new Pushgateway('http://127.0.0.1:9', {
      timeout: 100,
      fetch: () => new Promise(() => {}),
    });
    expect((await failure(gateway.delete({ job: 'j' }))).code).toBe('timeout');
  });

  it('retries timeouts when allowed', async () => {
    const { url, requests } = await serve((_request, response, index) => {
      if (index > 0) response.writeHead(200).end();
    });
    const gateway = new Pushgateway(url, {
      timeout: 150,
      retries: { attempts: 2, minDelayMs: 1, maxDelayMs: 1 },
    });
    expect(await gateway.push({ job: 'j', metrics: '' })).toMatchObject({ attempts: 2 });
    expect(requests).toHaveLength(2);
  });

  it('reports a refused connection as a network error, retried when allowed', async () => {
    const port = await freePort();
    const gateway = new Pushgateway(`http://127.0.0.1:${port}`, {
      retries: { attempts: 2, minDelayMs: 1, maxDelayMs: 1 },
    });
    const error = await failure(gateway.push({ job: 'j', metrics: '' }));
    expect(error).toMatchObject({ code: 'network', attempts: 2 });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    // The server never answers; the caller gives up once the request has arrived.
    const { url, requests } = await serve(() => controller.abort(new Error('shutting down')));
    const error = await failure(
      new Pushgateway(url, { timeout: 0 }).push({ job: 'j', metrics: '', signal: controller.signal }),
    );
    expect(error).toMatchObject({ code: 'aborted', attempts: 1 });
    expect(error.message).toBe(`PUT ${url}/metrics/job/j was aborted: shutting down`);
    expect(requests).toHaveLength(1);
  });

  it('stops when the caller aborts while waiting to retry', async () => {
    const controller = new AbortController();
    const { url, requests } = await serve((_request, response) => {
      response.writeHead(503).end();
      setTimeout(() => controller.abort(), 50);
    });
    const gateway = new Pushgateway(url, { retries: { attempts: 100, minDelayMs: 5000, maxDelayMs: 5000 } });
    const started = performance.now();
    const error = await failure(gateway.push({ job: 'j', metrics: '', signal: controller.signal }));
    expect(error).toMatchObject({ code: 'aborted', attempts: 1 });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(requests).toHaveLength(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const { url, requests } = await serve();
    const error = await failure(new Pushgateway(url).delete({ job: 'j', signal: AbortSignal.abort() }));
    expect(error).toMatchObject({ code: 'aborted', attempts: 0 });
    expect(requests).toHaveLength(0);
  });
});

describe('validation', () => {
  function constructionError(create: () => unknown): PushgatewayError {
    try {
      create();
    } catch (err) {
      if (isPushgatewayError(err)) return err;
      throw err;
    }
    throw new Error('expected the constructor to throw');
  }

  it('refuses bad options synchronously, listing every issue', () => {
    const error = constructionError(
      () =>
        new Pushgateway('http://localhost:9091', {
          timeout: -1,
          format: 'json' as 'text',
          retries: { attempts: 0, minDelayMs: 10, maxDelayMs: 5 },
        }),
    );
    expect(error.code).toBe('invalid_options');
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'timeout',
      'format',
      'retries.attempts',
      'retries',
    ]);
    expect(error.message).toBe(
      'invalid Pushgateway options: timeout: must be >= 0; format: must be one of "text", "protobuf"; ' +
        'retries.attempts: must be >= 1; retries: minDelayMs must not exceed maxDelayMs',
    );
  });

  it.each([
    [{ timeoutMs: 5 }, ''],
    [{ timeout: 2 ** 31 }, 'timeout'],
    [{ basicAuth: { username: 'u', password: 'p' }, bearerToken: 't' }, ''],
    [{ basicAuth: { username: 'a:b', password: 'p' } }, 'basicAuth.username'],
    [{ headers: { 'bad header': 'x' } }, 'headers'],
    [{ fetch: 'curl' }, 'fetch'],
  ])('refuses options %j', (options, path) => {
    const error = constructionError(() => new Pushgateway('http://localhost:9091', options as never));
    expect(error.code).toBe('invalid_options');
    expect(error.issues[0]?.path).toBe(path);
  });

  it('names unknown options, so that typos do not go unnoticed', () => {
    const error = constructionError(
      () => new Pushgateway('http://localhost:9091', { timeoutMs: 5 } as never),
    );
    expect(error.message).toBe('invalid Pushgateway options: unknown key(s) "timeoutMs"');
  });

  it('refuses URL credentials together with an auth option', () => {
    const error = constructionError(() => new Pushgateway('http://u:p@localhost', { bearerToken: 't' }));
    expect(error.issues).toEqual([
      { path: 'url', message: 'credentials in the URL conflict with the basicAuth or bearerToken option' },
    ]);
  });

  it.each([
    [{ job: '', metrics: '' }, 'job'],
    [{ job: 'j', grouping: { job: 'x' }, metrics: '' }, 'grouping'],
    [{ job: 'j', grouping: { 'a-b': 'x' }, metrics: '' }, 'grouping.a-b'],
    [{ job: 'j', grouping: { __name: 'x' }, metrics: '' }, 'grouping.__name'],
    [{ job: 'j', grouping: { a: '\uD800' }, metrics: '' }, 'grouping.a'],
    [{ job: 'j', metrics: 42 }, 'metrics'],
    [{ job: 'j', metrics: '', ttl: 'two hours' }, 'ttl'],
    [{ job: 'j', metrics: '', signal: 'stop' }, 'signal'],
    [{ job: 'j' }, 'metrics'],
  ])('rejects push parameters %j without sending', async (params, path) => {
    const { url, requests } = await serve();
    const error = await failure(new Pushgateway(url).push(params as never));
    expect(error.code).toBe('invalid_options');
    expect(error.issues[0]?.path).toBe(path);
    expect(requests).toHaveLength(0);
  });

  it('rejects delete parameters with metrics', async () => {
    const error = await failure(
      new Pushgateway('http://127.0.0.1:9').delete({ job: 'j', metrics: '' } as never),
    );
    expect(error).toMatchObject({ code: 'invalid_options', issues: [{ path: '' }] });
  });
});
