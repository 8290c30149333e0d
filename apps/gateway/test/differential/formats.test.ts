/**
 * Protobuf and gzip push bodies compared with the real Go pushgateway.
 */
import { gzipSync } from 'node:zlib';
import { emptyHistogram, encodeDelimited, type MetricFamily } from '@pushgate/protocol';
import { afterEach, describe, it } from 'vitest';
import {
  type DifferentialRequest,
  expectSameBehaviour,
  type GatewayPair,
  startPair,
} from '../support/differential.js';

const PROTOBUF =
  'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';

let pair: GatewayPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

function protobuf(path: string, families: MetricFamily[], contentType = PROTOBUF): DifferentialRequest {
  return { method: 'PUT', path, body: encodeDelimited(families), headers: { 'Content-Type': contentType } };
}

const untyped = (
  name: string,
  value: number,
  label: { name: string; value: string }[] = [],
): MetricFamily => ({
  name,
  type: 'UNTYPED',
  metric: [{ label, untyped: { value } }],
});

describe('delimited protobuf bodies', () => {
  it('accepts, refuses and stores them like Go', async () => {
    pair = await startPair();
    await expectSameBehaviour(pair, [
      protobuf('/metrics/job/pb1', [
        untyped('pm', 1.5),
        {
          name: 'pg',
          help: 'a gauge',
          type: 'GAUGE',
          metric: [{ label: [{ name: 'x', value: 'y' }], gauge: { value: 2 } }],
        },
      ]),
      protobuf('/metrics/job/pb2', [untyped('pl', 1, [{ name: 'a-b', value: 'c' }])]),
      protobuf('/metrics/job/pb3', [
        { name: 'pt', type: 'UNTYPED', metric: [{ label: [], untyped: { value: 1 }, timestampMs: 1000n }] },
      ]),
      {
        ...protobuf('/metrics/job/pb4', [
          { name: 'pgc', type: 'GAUGE', metric: [{ label: [], counter: { value: 1 } }] },
        ]),
      },
      protobuf('/metrics/job/pb5', [untyped('pm9', 1), untyped('pm9', 2)]),
      {
        method: 'PUT',
        path: '/metrics/job/pb6',
        body: Buffer.from([0x05, 0x0a, 0x02, 0x70, 0x6d]),
        headers: { 'Content-Type': PROTOBUF },
      },
      protobuf('/metrics/job/pb7', [
        {
          name: 'pd',
          type: 'UNTYPED',
          metric: [
            { label: [{ name: 'x', value: '1' }], untyped: { value: 1 } },
            { label: [{ name: 'x', value: '1' }], untyped: { value: 2 } },
          ],
        },
      ]),
      protobuf('/metrics/job/pb8', [untyped('pu', 1, [{ name: '__x', value: 'c' }])]),
      protobuf('/metrics/job/pb9', [{ name: 'pe', type: 'GAUGE', metric: [] }, untyped('pn', 3)]),
      protobuf(
        '/metrics/job/pb10',
        [untyped('pw', 1)],
        'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily',
      ),
      protobuf(
        '/metrics/job/pb11',
        [untyped('pc', 1)],
        'APPLICATION/vnd.google.protobuf; ENCODING=delimited; PROTO=io.prometheus.client.MetricFamily',
      ),
      protobuf('/metrics/job/pb12', [
        {
          name: 'ph',
          help: 'A histogram.',
          type: 'HISTOGRAM',
          metric: [
            {
              label: [],
              histogram: {
                ...emptyHistogram(),
                sampleCount: 3n,
                sampleSum: 0.5,
                bucket: [
                  { upperBound: 1e6, cumulativeCount: 1n },
                  { upperBound: 0.1, cumulativeCount: 1n },
                ],
              },
            },
          ],
        },
        {
          name: 'ps',
          type: 'SUMMARY',
          metric: [
            {
              label: [],
              summary: { sampleCount: 4n, sampleSum: 1, quantile: [{ quantile: 0.5, value: 0.2 }] },
            },
          ],
        },
      ]),
    ]);
  });
});

describe('gzip bodies', () => {
  it('decodes and refuses them like Go', async () => {
    pair = await startPair();
    const gzipped = (path: string, body: Uint8Array): DifferentialRequest => ({
      method: 'PUT',
      path,
      body,
      headers: { 'Content-Encoding': 'gzip' },
    });
    await expectSameBehaviour(pair, [
      gzipped('/metrics/job/gz1', gzipSync('g 1\n')),
      gzipped('/metrics/job/gz2', Buffer.from('m 1\n')),
      gzipped('/metrics/job/gz3', Buffer.from('this is not gzip at all\n')),
      gzipped('/metrics/job/gz4', gzipSync('g 1\nh 2\n').subarray(0, 17)),
      gzipped('/metrics/job/gz5', Buffer.alloc(0)),
      { method: 'PUT', path: '/metrics/job/id', body: 'i 1\n', headers: { 'Content-Encoding': 'identity' } },
      { method: 'PUT', path: '/metrics/job/br', body: 'b 1\n', headers: { 'Content-Encoding': 'br' } },
    ]);
  });
});
