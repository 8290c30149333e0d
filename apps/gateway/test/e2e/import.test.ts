/**
 * `pushgate import`: every group of a running Go pushgateway (Debian's 1.5.1)
 * copied into Pushgate with the same grouping keys, types, HELP and values.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importGroups } from '../../src/import/import-groups.js';
import { pushedLines } from '../support/exposition-lines.js';
import { type GoPushgateway, startGoPushgateway } from '../support/go-pushgateway.js';
import { run } from '../support/processes.js';
import { client } from '../support/raw-http.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

const PUSHES: [string, string][] = [
  [
    '/metrics/job/backup/db/mysql',
    '# HELP rows Rows copied.\n# TYPE rows counter\nrows 1234\n# TYPE up gauge\nup 1\n',
  ],
  ['/metrics/job/cleaner/path@base64/L3Zhci90bXA', 'files 12345678\nratio 0.00001\nbig 1e+21\nnothing NaN\n'],
  [
    '/metrics/job@base64/dGVzdC9qb2I/empty@base64/=',
    '# TYPE lat histogram\nlat_bucket{le="0.1"} 1\nlat_bucket{le="1e+06"} 3\nlat_bucket{le="+Inf"} 4\nlat_sum 0.5\nlat_count 4\n' +
      '# TYPE s summary\ns{quantile="0.5"} 0.2\ns{quantile="0.99"} 0.9\ns_sum 1\ns_count 4\n',
  ],
  ['/metrics/job/titan/name/%CE%A0%CF%81%CE%BF%CE%BC%CE%B7%CE%B8%CE%B5%CF%8D%CF%82', 'x{a="b\\"c"} -1\n'],
];

let go: GoPushgateway;
let ours: TestGateway;

beforeAll(async () => {
  go = await startGoPushgateway();
  ours = await startTestGateway();
  for (const [path, body] of PUSHES) {
    const response = await client(go.base).push('PUT', path, body);
    expect(response.status).toBe(200);
  }
});
afterAll(async () => {
  await ours?.close();
  await go?.close();
});

describe('pushgate import', () => {
  it('copies every group of the Go pushgateway: /metrics shows the same pushed series', async () => {
    const result = await importGroups({ from: go.base, to: ours.base, timeoutMs: 10_000 });
    expect(result).toEqual({ imported: PUSHES.length, failed: [], losses: [] });
    const goLines = pushedLines((await client(go.base).get('/metrics')).text);
    const ourLines = pushedLines((await client(ours.base).get('/metrics')).text);
    expect(ourLines).toEqual(goLines);
  });

  it('runs as a subcommand of the built bin, and says what it did', async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the gateway first (pnpm build)`);
    const result = await run(process.execPath, [MAIN, 'import', '--from', go.base, '--to', ours.base]);
    expect(result).toMatchObject({
      code: 0,
      stdout: `imported ${PUSHES.length} groups from ${go.base} into ${ours.base}\n`,
    });
    const usage = await run(process.execPath, [MAIN, 'import']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--from is required');
  });

  it('fails clearly when the source is not a pushgateway', async () => {
    await expect(importGroups({ from: `${ours.base}/nope`, to: ours.base, timeoutMs: 5000 })).rejects.toThrow(
      /GET .*\/nope\/api\/v1\/metrics: 404/,
    );
  });
});
