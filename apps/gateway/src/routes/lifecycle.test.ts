import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { describe, expect, it } from 'vitest';
import type { GatewayState } from '../http/gateway-state.js';
import { healthRoute, livenessRoute } from './lifecycle.js';

async function answer(route: Koa.Middleware<GatewayState>): Promise<[number, string]> {
  const app = new Koa<GatewayState>();
  app.use(route);
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return [response.status, await response.text()];
  } finally {
    server.close();
  }
}

describe('health and readiness', () => {
  it('report the store on /-/ready, and only the process on /-/healthy', async () => {
    const down = { health: () => 'redis unreachable: connect ECONNREFUSED 127.0.0.1:6379' };
    expect(await answer(healthRoute(down))).toEqual([
      500,
      'redis unreachable: connect ECONNREFUSED 127.0.0.1:6379\n',
    ]);
    expect(await answer(healthRoute({ health: () => undefined }))).toEqual([200, 'OK']);
    expect(await answer(livenessRoute())).toEqual([200, 'OK']);
  });
});
