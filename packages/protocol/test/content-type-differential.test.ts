/**
 * Differential check of push-body detection and scrape negotiation against
 * the real Go Pushgateway 1.5.1.
 *
 * Push side: a body that is valid delimited protobuf and invalid text is
 * pushed with each Content-Type; Go answers 200 exactly when it read it as
 * protobuf. Scrape side: Go's Content-Type for each Accept header must be
 * the one we would send.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDelimitedProtobuf, negotiateScrapeFormat, scrapeContentType } from '../src/content-type.js';
import { encodeDelimited } from '../src/protobuf/delimited.js';
import { PUSH_CONTENT_TYPES, SCRAPE_ACCEPTS } from './content-type-cases.js';
import { type GoPushgateway, startGoPushgateway } from './support/go-pushgateway.js';

const PROBE_BODY = encodeDelimited([
  { name: 'content_type_probe', type: 'UNTYPED', metric: [{ label: [], untyped: { value: 1 } }] },
]);

let go: GoPushgateway;

beforeAll(async () => {
  go = await startGoPushgateway();
});

afterAll(async () => {
  await go?.stop();
});

describe('isDelimitedProtobuf agrees with the Go Pushgateway', () => {
  it.each(PUSH_CONTENT_TYPES.map(([contentType], index) => [index, contentType] as const))(
    'case %i: %j',
    async (index, contentType) => {
      const headers: Record<string, string> =
        contentType === undefined ? {} : { 'Content-Type': contentType };
      const reply = await go.send('PUT', `/metrics/job/content_type_${index}`, headers, PROBE_BODY);
      expect([200, 400]).toContain(reply.status);
      expect(isDelimitedProtobuf(contentType)).toBe(reply.status === 200);
    },
  );
});

describe('negotiateScrapeFormat and scrapeContentType agree with the Go Pushgateway', () => {
  it.each(SCRAPE_ACCEPTS.map(([accept]) => [accept] as const))('Accept: %j', async (accept) => {
    const reply = await go.send('GET', '/metrics', accept === undefined ? {} : { Accept: accept });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe(scrapeContentType(negotiateScrapeFormat(accept)));
  });
});
