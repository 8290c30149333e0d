import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../support/raw-http.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gw: TestGateway;
let http: ReturnType<typeof client>;

beforeAll(async () => {
  gw = await startTestGateway(['--web.enable-admin-api']);
  http = client(gw.base);
});
afterAll(() => gw.close());

describe('the web UI routes', () => {
  it('serve the groups page at / as HTML, with what was pushed', async () => {
    await http.push(
      'PUT',
      '/metrics/job/backup/db/mysql',
      '# HELP rows Rows copied.\n# TYPE rows counter\nrows 42\n',
    );
    const page = await http.get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<span class="job">backup</span>');
    expect(page.text).toContain('Rows copied.');
    expect(page.text).toContain('hidden data-wipe>');
  });

  it('filter with ?q= and ignore an unknown ?sort=', async () => {
    await http.push('PUT', '/metrics/job/cleaner', 'files 1\n');
    const page = await http.get('/?q=db%3D%22mysql&sort=bogus');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<span class="job">backup</span>');
    expect(page.text).not.toContain('<span class="job">cleaner</span>');
  });

  it('serve the status page with flags and the store', async () => {
    const page = await http.get('/status');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<dt>web.enable-admin-api</dt><dd>true</dd>');
    expect(page.text).toContain('<dt>Store</dt><dd>memory</dd>');
  });

  it('answer other methods with 405 as every Go route does', async () => {
    const response = await http.send({ method: 'POST', path: '/', body: '' });
    expect([response.status, response.headers.allow]).toEqual([405, 'GET, OPTIONS']);
  });

  it('live under the route prefix, and link to the external URL path', async () => {
    const external = await startTestGateway([
      '--web.external-url=http://example.com/outer/',
      '--web.route-prefix=/pg',
    ]);
    try {
      const pg = client(external.base);
      const page = await pg.get('/pg/');
      expect(page.status).toBe(200);
      expect(page.text).toContain('<body data-base="/outer">');
      expect(page.text).toContain('href="/outer/status"');
      const bare = await pg.get('/pg');
      expect([bare.status, bare.headers.location]).toEqual([301, '/pg/']);
      expect((await pg.get('/')).status).toBe(404);
    } finally {
      await external.close();
    }
  });
});
