/**
 * Fuzzing the push route over HTTP: random methods, grouping paths (escapes,
 * base64, dot segments, invalid UTF-8), content types, encodings (gzip,
 * snappy, broken ones), TTL headers and mutated bodies never get a 5xx,
 * never crash the gateway, and never leave it unable to serve its metrics.
 * FUZZ_RUNS=<n> sends n requests.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzRuns, fuzzTimeoutMs, mutated } from '../../../../packages/protocol/test/fuzz/mutations.js';
import { PROTOBUF_SEEDS, TEXT_SEED_BYTES } from '../../../../packages/protocol/test/fuzz/seed-bodies.js';
import { send } from '../support/raw-http.js';
import { snappyFramed } from '../support/snappy-frames.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gateways: TestGateway[];

beforeAll(async () => {
  gateways = await Promise.all([
    startTestGateway(['--push.max-series=50', '--push.max-labels=8', '--push.max-label-length=64']),
    startTestGateway([
      '--push.enable-utf8-names',
      '--push.disable-consistency-check',
      '--push.max-group-ttl=1h',
    ]),
  ]);
});

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.close()));
});

const PROTOBUF =
  'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';

const segment = fc.oneof(
  fc.constantFrom(
    'x',
    'job',
    'instance',
    'le',
    '__name__',
    'a%20b',
    '%C3%A9',
    '%FF',
    '%zz',
    '%2F',
    '..',
    '.',
    '',
    'U__a_2e_b',
    '=',
    'YQ==',
    'YQ',
    '!!',
  ),
  fc.stringMatching(/^[A-Za-z0-9_%.@=-]{0,12}$/),
);

const path = fc
  .tuple(
    fc.constantFrom('/metrics/job/', '/metrics/job@base64/', '/metrics/job//', '/metrics/jo/'),
    fc.array(segment, { maxLength: 5 }),
  )
  .map(([base, segments]) => `${base}${segments.join('/')}`);

const body = fc.oneof(
  mutated(TEXT_SEED_BYTES, 3).map((bytes) => ({ bytes, type: undefined as string | undefined })),
  mutated(PROTOBUF_SEEDS, 3).map((bytes) => ({ bytes, type: PROTOBUF as string | undefined })),
  fc.uint8Array({ maxLength: 128 }).map((bytes) => ({ bytes, type: PROTOBUF as string | undefined })),
);

const encoding = fc.constantFrom('none', 'gzip', 'snappy', 'GZIP', 'gzip-truncated', 'snappy-garbage', 'br');

function encode(bytes: Uint8Array, how: string): { body: Uint8Array; header?: string } {
  switch (how) {
    case 'gzip':
    case 'GZIP':
      return { body: gzipSync(bytes), header: how };
    case 'gzip-truncated': {
      const zipped = gzipSync(bytes);
      return { body: zipped.subarray(0, Math.max(0, zipped.length - 5)), header: 'gzip' };
    }
    case 'snappy':
      return { body: snappyFramed(bytes), header: 'snappy' };
    case 'snappy-garbage':
      return { body: bytes, header: 'snappy' };
    case 'br':
      return { body: bytes, header: 'br' };
    default:
      return { body: bytes };
  }
}

const request = fc.record({
  gateway: fc.nat(1),
  method: fc.constantFrom('PUT', 'POST', 'DELETE'),
  path,
  body,
  encoding,
  ttl: fc.option(fc.constantFrom('5m', '0', '2h', 'abc', '-1s', '1h30m'), { nil: undefined }),
});

describe('push route fuzzing', () => {
  it(
    'never answers 5xx and keeps serving',
    async () => {
      const requests = fc.sample(request, {
        numRuns: fuzzRuns(1500),
        seed: Number(process.env.FUZZ_SEED ?? 8),
      });
      const statuses = new Map<number, number>();
      for (let i = 0; i < requests.length; i += 16) {
        await Promise.all(
          requests.slice(i, i + 16).map(async (req) => {
            const gateway = gateways[req.gateway] ?? gateways[0];
            if (gateway === undefined) throw new Error('no gateway');
            const encoded = encode(req.body.bytes, req.encoding);
            const headers: Record<string, string> = {};
            if (req.body.type !== undefined) headers['Content-Type'] = req.body.type;
            if (encoded.header !== undefined) headers['Content-Encoding'] = encoded.header;
            if (req.ttl !== undefined) headers['Pushgate-TTL'] = req.ttl;
            const response = await send(gateway.base, {
              method: req.method,
              path: req.path,
              headers,
              body: encoded.body,
            });
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            if (response.status >= 500 || response.status < 200) {
              throw new Error(
                `${response.status} for ${JSON.stringify({ ...req, body: Buffer.from(req.body.bytes).toString('latin1') })}: ${response.text}`,
              );
            }
          }),
        );
      }
      // The mix reaches the store as well as the refusals.
      expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
      expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
      for (const gateway of gateways) {
        for (const page of ['/metrics', '/api/v1/metrics', '/']) {
          const response = await send(gateway.base, { path: page });
          expect({
            page,
            status: response.status,
            text: response.status === 200 ? '' : response.text,
          }).toEqual({
            page,
            status: 200,
            text: '',
          });
        }
      }
    },
    fuzzTimeoutMs() ?? 60_000,
  );
});
