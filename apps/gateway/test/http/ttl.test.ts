import { metricsResponseSchema } from '@pushgate/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../support/raw-http.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gw: TestGateway;
let http: ReturnType<typeof client>;

beforeAll(async () => {
  gw = await startTestGateway(['--push.group-ttl=1s', '--push.max-group-ttl=1h']);
  http = client(gw.base);
});
afterAll(() => gw.close());

const hasGroup = async (job: string) => (await http.get('/metrics')).text.includes(`job="${job}"`);

describe('group TTL over HTTP', () => {
  it('removes a group within a second of its expiry, counts and shows it', async () => {
    await http.push('PUT', '/metrics/job/short', 'm 1\n');
    const api = metricsResponseSchema.parse(JSON.parse((await http.get('/api/v1/metrics')).text));
    const group = api.data.find((g) => g.labels.job === 'short');
    expect(typeof group?.expires_at).toBe('string');
    expect(await hasGroup('short')).toBe(true);
    const pushed = Date.now();
    await expect.poll(() => hasGroup('short'), { timeout: 3000, interval: 50 }).toBe(false);
    expect(Date.now() - pushed).toBeLessThan(2000 + 500);
    expect((await http.get('/metrics')).text).toMatch(/^pushgate_expired_groups_total [1-9]/m);
    expect(gw.logs.join('')).toContain('group expired');
  });

  it('keeps a group whose push asked for a longer TTL with the header', async () => {
    await http.push('PUT', '/metrics/job/long', 'm 1\n', { 'Pushgate-TTL': '1h' });
    await new Promise((r) => setTimeout(r, 1600));
    expect(await hasGroup('long')).toBe(true);
  });

  it('refuses a TTL above --push.max-group-ttl, and never-expiring groups, naming the limit', async () => {
    for (const ttl of ['2h', '0']) {
      const response = await http.push('PUT', '/metrics/job/greedy', 'm 1\n', { 'Pushgate-TTL': ttl });
      expect(response.status).toBe(400);
      expect(response.text).toMatch(/more than --push\.max-group-ttl=1h0m0s/);
    }
    expect(await hasGroup('greedy')).toBe(false);
  });

  it('refuses a TTL header that is not a duration', async () => {
    const response = await http.push('PUT', '/metrics/job/bad', 'm 1\n', { 'Pushgate-TTL': 'soon' });
    expect([response.status, response.text]).toEqual([
      400,
      'invalid Pushgate-TTL header: time: invalid duration "soon"\n',
    ]);
  });
});

describe('without --push.group-ttl', () => {
  it('keeps groups and adds no expires_at, as the Go pushgateway', async () => {
    const plain = await startTestGateway([]);
    try {
      const h = client(plain.base);
      await h.push('PUT', '/metrics/job/forever', 'm 1\n');
      await new Promise((r) => setTimeout(r, 600));
      const text = (await h.get('/api/v1/metrics')).text;
      expect(text).toContain('"forever"');
      expect(text).not.toContain('expires_at');
    } finally {
      await plain.close();
    }
  });
});
