/**
 * Pushgate's `pushgate_authorization`: Prometheus scrapes with a read-only
 * identity, jobs push with one that cannot wipe, operators administer, and
 * anonymous requests get only what `anonymous` grants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RawRequest, send } from '../support/raw-http.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { basicAuth, hashPassword, type TempDir, tempDir } from './support/web-config-files.js';

let dir: TempDir;
let gateway: TestGateway;

const CONFIG = `
basic_auth_users:
  prometheus: '${hashPassword('scrape-pw')}'
  ci: '${hashPassword('push-pw')}'
  ops: '${hashPassword('admin-pw')}'
  nobody: '${hashPassword('nobody-pw')}'
pushgate_authorization:
  scrape: [prometheus]
  push: [ci]
  admin: [ops]
  anonymous: [scrape]
`;

beforeAll(async () => {
  dir = tempDir();
  const file = dir.write('web.yml', CONFIG);
  gateway = await startTestGateway([
    `--web.config.file=${file}`,
    '--web.enable-admin-api',
    '--web.enable-lifecycle',
    '--web.route-prefix=/pg',
  ]);
});

afterAll(async () => {
  await gateway?.close();
  dir?.remove();
});

const as = (user: string | undefined, password = '') =>
  user === undefined ? {} : { Authorization: basicAuth(user, password) };
const users = {
  anonymous: as(undefined),
  prometheus: as('prometheus', 'scrape-pw'),
  ci: as('ci', 'push-pw'),
  ops: as('ops', 'admin-pw'),
  nobody: as('nobody', 'nobody-pw'),
  wrong: as('ci', 'scrape-pw'),
};

async function statuses(request: RawRequest): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const [name, headers] of Object.entries(users)) {
    const response = await send(gateway.base, { ...request, headers: { ...request.headers, ...headers } });
    result[name] = response.status;
    if (response.status === 401) expect(response.headers['www-authenticate']).toBe('Basic');
    if (response.status === 403) expect(response.text).toBe('Forbidden\n');
  }
  return result;
}

describe('per-permission authorisation', () => {
  it('lets scrape, push and admin identities do exactly their part', async () => {
    expect(await statuses({ path: '/pg/metrics' })).toEqual({
      anonymous: 200,
      prometheus: 200,
      ci: 403,
      ops: 200,
      nobody: 403,
      wrong: 401,
    });
    expect(await statuses({ method: 'PUT', path: '/pg/metrics/job/j', body: 'a 1\n' })).toEqual({
      anonymous: 401,
      prometheus: 403,
      ci: 200,
      ops: 200,
      nobody: 403,
      wrong: 401,
    });
    expect(await statuses({ method: 'POST', path: '/pg/metrics/job@base64/ag/x/y', body: 'a 1\n' })).toEqual({
      anonymous: 401,
      prometheus: 403,
      ci: 200,
      ops: 200,
      nobody: 403,
      wrong: 401,
    });
    expect(await statuses({ method: 'DELETE', path: '/pg/metrics/job/j' })).toEqual({
      anonymous: 401,
      prometheus: 403,
      ci: 202,
      ops: 202,
      nobody: 403,
      wrong: 401,
    });
    expect(await statuses({ method: 'PUT', path: '/pg/api/v1/admin/wipe' })).toEqual({
      anonymous: 401,
      prometheus: 403,
      ci: 403,
      ops: 202,
      nobody: 403,
      wrong: 401,
    });
  });

  it('classifies by the cleaned path, so dot segments cannot smuggle an admin request into a push', async () => {
    const sneaky = await statuses({ method: 'PUT', path: '/pg/metrics/job/x/../../../api/v1/admin/wipe' });
    expect(sneaky.ci).toBe(403);
    // The router's case-fixing redirects of push paths stay with the pusher.
    for (const path of ['/PG/Metrics/job/j', '/pg/METRICS/JOB@BASE64/ag']) {
      const redirected = await send(gateway.base, { method: 'PUT', path, body: 'a 1\n', headers: users.ci });
      expect({ path, status: redirected.status }).toEqual({ path, status: 307 });
    }
  });

  it('keeps /-/quit for admins', async () => {
    expect((await send(gateway.base, { method: 'PUT', path: '/pg/-/quit', headers: users.ci })).status).toBe(
      403,
    );
    expect(
      (await send(gateway.base, { method: 'POST', path: '/pg/-/quit', headers: users.prometheus })).status,
    ).toBe(403);
  });
});
