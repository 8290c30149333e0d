import { createServer, type Server } from 'node:http';

/**
 * The ceiling: a bare Node HTTP server doing the same I/O as the gateway with
 * no work, answering PUTs with 200 after reading the body, and GET /metrics
 * with a prepared buffer of the given size.
 */
export async function startCeiling(scrapeBody: Buffer): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (request.method === 'GET') {
      response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
      response.end(scrapeBody);
      return;
    }
    request.on('data', () => {});
    request.on('end', () => {
      response.writeHead(200, { 'Content-Length': 0 });
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('ceiling server has no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
