import { describe, expect, it } from 'vitest';
import { client, send } from '../support/raw-http.js';
import { startTestGateway } from '../support/test-gateway.js';

describe('/-/healthy and /-/ready', () => {
  it('answer 200 OK as text/plain', async () => {
    const gw = await startTestGateway();
    try {
      for (const path of ['/-/healthy', '/-/ready']) {
        const response = await client(gw.base).get(path);
        expect({ path, status: response.status, text: response.text }).toEqual({
          path,
          status: 200,
          text: 'OK',
        });
        expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
      }
    } finally {
      await gw.close();
    }
  });
});

describe('/-/quit', () => {
  it('is refused with 403 without --web.enable-lifecycle, and GET gets Go’s 405 text', async () => {
    const gw = await startTestGateway();
    try {
      for (const method of ['PUT', 'POST']) {
        const response = await send(gw.base, { method, path: '/-/quit' });
        expect([response.status, response.text]).toEqual([403, 'Lifecycle API is not enabled.']);
      }
      const get = await client(gw.base).get('/-/quit');
      expect([get.status, get.text, get.headers.allow]).toEqual([
        405,
        'Only POST or PUT requests allowed.',
        undefined,
      ]);
    } finally {
      await gw.close();
    }
  });

  it('answers 200 and shuts the gateway down gracefully with --web.enable-lifecycle', async () => {
    const gw = await startTestGateway(['--web.enable-lifecycle']);
    const response = await send(gw.base, { method: 'POST', path: '/-/quit' });
    expect([response.status, response.text]).toEqual([200, 'Requesting termination... Goodbye!']);
    await gw.gateway.closed;
    await expect(client(gw.base).get('/-/healthy')).rejects.toThrow(/ECONNREFUSED/);
    await expect(
      gw.gateway.store.write({ labels: { job: 'late' }, timestampMs: 0, families: [], replace: true }),
    ).rejects.toMatchObject({ code: 'unavailable' });
    expect(gw.logs.some((line) => line.includes('received termination request via web service'))).toBe(true);
  });
});

describe('graceful close', () => {
  it('lets an in-flight push finish before closing', async () => {
    const gw = await startTestGateway();
    const { request } = await import('node:http');
    const url = new URL(gw.base);
    const finished = new Promise<number>((resolve, reject) => {
      const outgoing = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'PUT',
          path: '/metrics/job/slow',
          headers: { 'Content-Length': '4' },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      outgoing.on('error', reject);
      outgoing.write('a ');
      // The rest of the body arrives after the shutdown has begun.
      setTimeout(() => outgoing.end('1\n'), 100);
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const closing = gw.close();
    expect(await finished).toBe(200);
    await closing;
  });
});
