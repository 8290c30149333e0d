/**
 * Mutation fuzzing of text pushes against the Go pushgateway: the same
 * mutated bodies are PUT to both, one after the other to the one group (a
 * PUT replaces it, so a body's fate never depends on an earlier one; the
 * two gateways get each body at the same time), and both must accept or
 * refuse each one alike, apart from the documented deliberate differences
 * of the parser (see `knownDifference`).
 * FUZZ_RUNS=<n> tries n bodies.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzRuns, fuzzTimeoutMs, mutated } from '../../../../packages/protocol/test/fuzz/mutations.js';
import { TEXT_SEED_BYTES } from '../../../../packages/protocol/test/fuzz/seed-bodies.js';
import { type GoPushgateway, startGoPushgateway } from '../support/go-pushgateway.js';
import { send } from '../support/raw-http.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let go: GoPushgateway;
let ours: TestGateway;

beforeAll(async () => {
  [go, ours] = await Promise.all([startGoPushgateway(), startTestGateway()]);
});

afterAll(async () => {
  await Promise.all([go?.close(), ours?.close()]);
});

/**
 * Where Pushgate refuses or accepts on purpose unlike Go 1.5.1 (parse.ts,
 * docs/compatibility.md): it reads text as Go 1.11's parser does (quoted
 * names, `\"` in HELP, gauge histograms), refuses invalid UTF-8 that Go
 * lets through in comments and HELP, and reads a line that starts with `{`
 * by its own name. Anything else that differs fails the test.
 */
function knownDifference(body: Uint8Array, ourAnswer: string): boolean {
  const text = Buffer.from(body).toString('latin1');
  if (ourAnswer.endsWith('invalid UTF-8 in comment or HELP text\n')) return true;
  if (/(^|\n)[ \t]*\{/.test(text)) return true;
  if (/[{,][ \t]*"/.test(text)) return true;
  if (/# HELP [^\n]*\\"/.test(text)) return true;
  if (/gaugehistogram/.test(text)) return true;
  return false;
}

interface Outcome {
  readonly body: string;
  readonly go: number;
  readonly ours: number;
  readonly oursText: string;
}

describe('text pushes: accept/refuse agreement with the Go pushgateway', () => {
  it(
    'agrees on mutated bodies',
    async () => {
      const bodies = fc.sample(mutated(TEXT_SEED_BYTES, 3), {
        numRuns: fuzzRuns(1500),
        seed: Number(process.env.FUZZ_SEED ?? 20_261_127),
      });
      const disagreements: Outcome[] = [];
      let compared = 0;
      for (const body of bodies) {
        const path = '/metrics/job/fuzz';
        const [fromGo, fromOurs] = await Promise.all([
          send(go.base, { method: 'PUT', path, body }),
          send(ours.base, { method: 'PUT', path, body }),
        ]);
        expect(fromOurs.status).toBeLessThan(500);
        if (fromGo.status === fromOurs.status) {
          compared++;
        } else if (!knownDifference(body, fromOurs.text)) {
          disagreements.push({
            body: Buffer.from(body).toString('latin1'),
            go: fromGo.status,
            ours: fromOurs.status,
            oursText: fromOurs.text,
          });
        }
      }
      expect(disagreements.slice(0, 5)).toEqual([]);
      // Most bodies are compared, not excused.
      expect(compared).toBeGreaterThan(bodies.length / 2);
      // Both still serve their stores.
      expect((await send(go.base, { path: '/metrics' })).status).toBe(200);
      expect((await send(ours.base, { path: '/metrics' })).status).toBe(200);
    },
    fuzzTimeoutMs() ?? 60_000,
  );
});
