import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayState } from '../http/gateway-state.js';
import { sendEmpty } from '../http/responses.js';
import { createLogger } from '../logging/logger.js';
import { createMemoryStore } from '../storage/memory-store.js';
import { errorHandler } from './errors.js';

let server: Server;
let base: string;

beforeAll(async () => {
  // A store that holds one group, behind the error middleware and a minimal push handler.
  const store = createMemoryStore({ consistencyCheck: true, ownFamilies: new Map(), maxGroups: 1 });
  const app = new Koa<GatewayState>();
  app.use(errorHandler(createLogger({ level: 'error', format: 'logfmt', destination: { write: () => {} } })));
  app.use(async (ctx) => {
    await store.write({
      labels: { job: ctx.path.slice(1) },
      timestampMs: Date.now(),
      families: [{ name: 'm', type: 'GAUGE', metric: [{ label: [], gauge: { value: 1 } }] }],
      replace: true,
    });
    sendEmpty(ctx, 200);
  });
  server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('errorHandler', () => {
  it('answers 429 naming --push.max-groups for a push beyond the group limit', async () => {
    expect((await fetch(`${base}/first`, { method: 'PUT' })).status).toBe(200);
    expect((await fetch(`${base}/first`, { method: 'PUT' })).status).toBe(200);
    const refused = await fetch(`${base}/second`, { method: 'PUT' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await refused.text()).toBe(
      'too many groups: --push.max-groups=1 reached, a push may not create another group\n',
    );
  });
});
