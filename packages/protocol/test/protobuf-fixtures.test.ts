/**
 * Bodies produced by the real Go code (client_golang's pusher and the
 * Pushgateway 1.5.1), captured once into test/fixtures/protobuf (see its
 * README): our codec must read every field of them and write them back byte
 * for byte.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MetricFamily } from '../src/model.js';
import { decodeDelimited, encodeDelimited } from '../src/protobuf/delimited.js';
import { encodeProtoCompactText, encodeProtoText } from '../src/protobuf/proto-text.js';

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`fixtures/protobuf/${name}`, import.meta.url)));
}

function bitsOf(value: number | undefined): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value ?? 0, true);
  return view.getBigUint64(0, true).toString(16);
}

function byName(families: MetricFamily[], name: string): MetricFamily {
  const family = families.find((f) => f.name === name);
  if (family === undefined) throw new Error(`no family ${name}`);
  return family;
}

describe('the Go client push (client_golang 1.14, go-client-push.bin)', () => {
  const body = fixture('go-client-push.bin');
  const families = decodeDelimited(body);

  it('re-encodes byte for byte', () => {
    expect(Buffer.from(encodeDelimited(families)).equals(Buffer.from(body))).toBe(true);
  });

  it('holds the families the pusher registered, sorted by name as Go sends them', () => {
    expect(families.map((f) => `${f.name}:${f.type}`)).toEqual([
      'pg_big_count_bytes:HISTOGRAM',
      'pg_latency_seconds:SUMMARY',
      'pg_native_duration_seconds:HISTOGRAM',
      'pg_native_empty_seconds:HISTOGRAM',
      'pg_requests_total:COUNTER',
      'pg_response_size_bytes:HISTOGRAM',
      'pg_temperature_celsius:GAUGE',
      'pg_untyped_value:UNTYPED',
    ]);
  });

  it('keeps counts above 2^53 exactly', () => {
    const histogram = byName(families, 'pg_big_count_bytes').metric[0]?.histogram;
    expect(histogram?.sampleCount).toBe(2n ** 60n + 1n);
    expect(histogram?.bucket.map((b) => b.cumulativeCount)).toEqual([2n ** 53n + 1n, 2n ** 60n + 1n]);
  });

  it("keeps Go's NaN bit pattern, infinities, escapes and UTF-8", () => {
    const gauges = byName(families, 'pg_temperature_celsius');
    const value = (room: string) => gauges.metric.find((m) => m.label[0]?.value === room)?.gauge?.value;
    expect(bitsOf(value('unknown'))).toBe('7ff8000000000001');
    expect(value('sauna')).toBe(Number.POSITIVE_INFINITY);
    expect(value('void')).toBe(Number.NEGATIVE_INFINITY);
    expect(value('ünïcödé "room"\n')).toBe(0);
    expect(gauges.help).toBe('Temperature with "quotes", a \\ backslash and\na newline; ünïcödé.');
    expect(byName(families, 'pg_untyped_value').help).toBe('');
  });

  it('keeps exemplars on counters and classic buckets, with timestamps', () => {
    const counter = byName(families, 'pg_requests_total').metric.find(
      (m) => m.label[0]?.value === '201',
    )?.counter;
    expect(counter?.value).toBe(2.5);
    expect(counter?.exemplar?.label).toEqual([{ name: 'trace_id', value: '4bf92f3577b34da6' }]);
    expect(counter?.exemplar?.timestamp?.seconds).toBeGreaterThan(1_700_000_000n);
    const buckets = byName(families, 'pg_response_size_bytes').metric[0]?.histogram?.bucket;
    expect(buckets?.map((b) => [b.upperBound, b.cumulativeCount, b.exemplar?.value])).toEqual([
      [100, 1n, undefined],
      [1000, 2n, undefined],
      [10000, 3n, 4096],
      [100000, 3n, undefined],
    ]);
  });

  it('keeps the native histogram: schema, zero bucket, spans and deltas', () => {
    const histogram = byName(families, 'pg_native_duration_seconds').metric[0]?.histogram;
    expect(histogram).toMatchObject({
      sampleCount: 12n,
      schema: 3,
      zeroThreshold: 2.938735877055719e-39,
      zeroCount: 1n,
      negativeSpan: [
        { offset: -4, length: 1 },
        { offset: 32, length: 1 },
      ],
      negativeDelta: [1n, 0n],
    });
    const positiveBuckets = histogram?.positiveSpan.reduce((n, span) => n + span.length, 0);
    expect(positiveBuckets).toBe(histogram?.positiveDelta.length);
    const empty = byName(families, 'pg_native_empty_seconds').metric[0]?.histogram;
    expect(empty).toMatchObject({ sampleCount: 0n, schema: 1, zeroCount: 0n, positiveSpan: [], bucket: [] });
  });
});

describe('the Go Pushgateway 1.5.1 scrape in delimited protobuf (gateway-scrape-delimited.bin)', () => {
  const body = fixture('gateway-scrape-delimited.bin');
  const families = decodeDelimited(body);

  it('re-encodes byte for byte', () => {
    expect(Buffer.from(encodeDelimited(families)).equals(Buffer.from(body))).toBe(true);
  });

  it('serves the pushed families with the grouping labels added, plus its own metrics', () => {
    const names = families.map((f) => f.name);
    expect(names).toContain('push_time_seconds');
    expect(names).toContain('pushgateway_build_info');
    const native = byName(families, 'pg_native_duration_seconds').metric[0];
    expect(native?.label).toEqual([
      { name: 'instance', value: 'fixture' },
      { name: 'job', value: 'go_pusher' },
    ]);
    expect(native?.histogram?.schema).toBe(3);
  });
});

describe('the protobuf text scrapes of the same Go Pushgateway (gateway-scrape-proto-*.txt)', () => {
  const families = decodeDelimited(fixture('gateway-scrape-delimited.bin'));
  // The Go runtime and HTTP metrics changed between the three scrapes; what
  // was pushed, and the push timestamps, did not.
  const stable = (name: string) =>
    name.startsWith('pg_') || name.startsWith('push_') || name === 'pushgateway_build_info';
  const stableFamilies = families.filter((f) => stable(f.name));

  function goFamilies(name: string, separator: RegExp): string[] {
    const text = readFileSync(new URL(`fixtures/protobuf/${name}`, import.meta.url), 'utf8');
    const chunks = text.split(separator).filter((chunk) => chunk !== '');
    expect(chunks).toHaveLength(families.length);
    return chunks.filter((chunk) => stable(/name: ?"([^"]*)"/.exec(chunk)?.[1] ?? ''));
  }

  it('encodeProtoText matches encoding=text byte for byte', () => {
    const ours = stableFamilies.map((family) => encodeProtoText([family]));
    expect(ours).toEqual(goFamilies('gateway-scrape-proto-text.txt', /(?<=\n\n)/));
    expect(ours.length).toBeGreaterThan(8);
  });

  it('encodeProtoCompactText matches encoding=compact-text byte for byte', () => {
    const ours = stableFamilies.map((family) => encodeProtoCompactText([family]));
    expect(ours).toEqual(goFamilies('gateway-scrape-proto-compact-text.txt', /(?<=\n)/));
  });
});
