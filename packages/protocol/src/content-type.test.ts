import { describe, expect, it } from 'vitest';
import { PUSH_CONTENT_TYPES, SCRAPE_ACCEPTS } from '../test/content-type-cases.js';
import {
  isDelimitedProtobuf,
  negotiateScrapeFormat,
  PROTOBUF_DELIMITED_CONTENT_TYPE,
  type ScrapeFormat,
  scrapeContentType,
  TEXT_CONTENT_TYPE,
} from './content-type.js';

describe('isDelimitedProtobuf (Go push.go rule)', () => {
  it.each(PUSH_CONTENT_TYPES)('%j → %s', (contentType, expected) => {
    expect(isDelimitedProtobuf(contentType)).toBe(expected);
  });

  it('accepts its own constant', () => {
    expect(isDelimitedProtobuf(PROTOBUF_DELIMITED_CONTENT_TYPE)).toBe(true);
    expect(isDelimitedProtobuf(TEXT_CONTENT_TYPE)).toBe(false);
  });
});

describe('negotiateScrapeFormat (released expfmt Negotiate)', () => {
  it.each(SCRAPE_ACCEPTS)('%j → %s', (accept, expected) => {
    expect(negotiateScrapeFormat(accept)).toBe(expected);
  });
});

describe('scrapeContentType', () => {
  const expected: [ScrapeFormat, string][] = [
    ['text', 'text/plain; version=0.0.4; charset=utf-8'],
    [
      'protobuf-delimited',
      'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
    ],
    [
      'protobuf-text',
      'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=text',
    ],
    [
      'protobuf-compact-text',
      'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=compact-text',
    ],
  ];
  it.each(expected)('%s → %s', (format, contentType) => {
    expect(scrapeContentType(format)).toBe(contentType);
  });

  it('names the constants after the formats', () => {
    expect(TEXT_CONTENT_TYPE).toBe(scrapeContentType('text'));
    expect(PROTOBUF_DELIMITED_CONTENT_TYPE).toBe(scrapeContentType('protobuf-delimited'));
  });

  it('round-trips: every format it labels is negotiated back from its own Content-Type', () => {
    for (const [format] of expected) {
      expect(negotiateScrapeFormat(scrapeContentType(format))).toBe(format);
    }
  });
});
