/**
 * Content-Type and Accept cases with what the Go Pushgateway 1.5.1 does with
 * them. src/content-type.test.ts checks our functions against the expected
 * values; test/content-type-differential.test.ts checks the same inputs
 * against the Go binary, so an expectation that drifts from Go fails there.
 */
import type { ScrapeFormat } from '../src/content-type.js';

const PB = 'application/vnd.google.protobuf';
const MF = 'io.prometheus.client.MetricFamily';

/** Push Content-Types, and whether Go reads the body as delimited protobuf (behaviour notes §3.4). */
export const PUSH_CONTENT_TYPES: readonly [contentType: string | undefined, isProtobuf: boolean][] = [
  [`${PB}; proto=${MF}; encoding=delimited`, true],
  [`${PB};proto=${MF};encoding=delimited`, true],
  [`${PB}; encoding=delimited; proto=${MF}`, true],
  [`APPLICATION/VND.GOOGLE.PROTOBUF; PROTO=${MF}; ENCODING=delimited`, true],
  [`Application/Vnd.Google.Protobuf; Proto=${MF}; Encoding=delimited`, true],
  [`${PB}; proto="${MF}"; encoding="delimited"`, true],
  [`${PB} ; proto = ${MF} ; encoding = delimited ;`, true],
  [`${PB};\tproto=${MF};\tencoding=delimited`, true],
  [`${PB}; proto=${MF}; encoding=delimited; charset=utf-8`, true],
  [`${PB}; proto=${MF}; encoding=delimited; escaping=allow-utf-8`, true],
  [`${PB}; proto*=utf-8''${MF}; encoding=delimited`, true],
  [`${PB}; proto*0=io.prometheus; proto*1=.client.MetricFamily; encoding=delimited`, true],
  [`${PB}; proto=${MF}; encoding*=us-ascii'en'%64elimited`, true],
  [undefined, false],
  ['', false],
  ['text/plain', false],
  ['text/plain; version=0.0.4; charset=utf-8', false],
  ['application/openmetrics-text; version=1.0.0; charset=utf-8', false],
  ['application/json', false],
  // P11: no encoding=delimited.
  [`${PB}; proto=${MF}`, false],
  [`${PB}; encoding=delimited`, false],
  [`${PB}`, false],
  [`${PB}; proto=io.prometheus.client.metricfamily; encoding=delimited`, false],
  [`${PB}; proto=${MF}; encoding=Delimited`, false],
  [`${PB}; proto=${MF}; encoding=text`, false],
  [`${PB}; proto=${MF}; encoding=compact-text`, false],
  [`application/x-protobuf; proto=${MF}; encoding=delimited`, false],
  [`${PB}/x; proto=${MF}; encoding=delimited`, false],
  [`${PB}, text/plain; proto=${MF}; encoding=delimited`, false],
  [`${PB}; proto=${MF}; encoding=delimited; encoding=delimited`, false],
  [`${PB}; proto=${MF}; encoding=delimited; flag`, false],
  [`${PB};; proto=${MF}; encoding=delimited`, false],
  [`${PB}; proto=${MF}; encoding="delimited`, false],
  [`${PB}; proto=${MF}; encoding="delim\\ited"`, false],
  [`${PB}; proto=${MF}; encoding*=latin1''delimited`, false],
];

/** Scrape Accept headers and the format Go's expfmt.Negotiate picks (formats notes §2.10, §4.9). */
export const SCRAPE_ACCEPTS: readonly [accept: string | undefined, format: ScrapeFormat][] = [
  // N01
  [undefined, 'text'],
  ['', 'text'],
  ['*/*', 'text'],
  // N02
  ['text/plain;version=0.0.4', 'text'],
  ['text/plain', 'text'],
  // N03: Prometheus with protobuf first.
  [
    `${PB};proto=${MF};encoding=delimited;q=0.6,application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.3,*/*;q=0.2`,
    'protobuf-delimited',
  ],
  // N04: the Prometheus 3 default; OpenMetrics is not offered.
  [
    'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2',
    'text',
  ],
  // N05
  ['application/openmetrics-text;version=2.0.0', 'text'],
  ['application/openmetrics-text', 'text'],
  [`${PB};proto=${MF};encoding=delimited`, 'protobuf-delimited'],
  [`${PB}; proto=${MF}; encoding=delimited`, 'protobuf-delimited'],
  [`${PB};proto=${MF};encoding=text`, 'protobuf-text'],
  [`${PB};proto=${MF};encoding=compact-text`, 'protobuf-compact-text'],
  [`${PB};proto=${MF};encoding=delimited;escaping=allow-utf-8`, 'protobuf-delimited'],
  [`${PB};proto=${MF}`, 'text'],
  [`${PB};proto=${MF};encoding=json`, 'text'],
  [`${PB};encoding=delimited`, 'text'],
  // Go compares type, subtype and parameter names as written.
  [`Application/vnd.google.protobuf;proto=${MF};encoding=delimited`, 'text'],
  [`${PB};PROTO=${MF};encoding=delimited`, 'text'],
  [`${PB};proto="${MF}";encoding=delimited`, 'text'],
  // Order by q; ties keep the header's order.
  [`${PB};proto=${MF};encoding=delimited;q=0.1, text/plain`, 'text'],
  [`text/plain;q=0.5, ${PB};proto=${MF};encoding=delimited;q=0.5`, 'text'],
  [`${PB};proto=${MF};encoding=delimited;q=0.5, text/plain;q=0.5`, 'protobuf-delimited'],
  [`${PB};proto=${MF};encoding=delimited;q=1e-1, text/plain;q=0.05`, 'protobuf-delimited'],
  [`${PB};proto=${MF};encoding=delimited;q=0, */*;q=0.1`, 'protobuf-delimited'],
  // q is a float32: 0.30000001 and 0.3 are the same value, so the order stays.
  [`text/plain;q=0.3, ${PB};proto=${MF};encoding=delimited;q=0.30000001`, 'text'],
  // A q that does not parse (here with a space Go does not trim) counts as 0.
  [`${PB};proto=${MF};encoding=delimited; q= 0.9, text/plain;q=0.5`, 'text'],
  [`${PB};proto=${MF};encoding=delimited;q=abc, text/plain;q=0.5`, 'text'],
  [`text/plain;q=nan, ${PB};proto=${MF};encoding=delimited;q=0.5`, 'text'],
  // Only version 0.0.4 or none selects text; other text clauses are skipped.
  [`text/plain;version=0.0.3, ${PB};proto=${MF};encoding=delimited`, 'protobuf-delimited'],
  [
    `text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4, ${PB};proto=${MF};encoding=delimited;q=0.3`,
    'protobuf-delimited',
  ],
  [`text/plain;version="0.0.4", ${PB};proto=${MF};encoding=delimited`, 'protobuf-delimited'],
  [`text/plain;version=;q=0.9, ${PB};proto=${MF};encoding=delimited;q=0.8`, 'text'],
  [`text/*, ${PB};proto=${MF};encoding=delimited`, 'protobuf-delimited'],
  [`*/*;q=1, ${PB};proto=${MF};encoding=compact-text;q=0.5`, 'protobuf-compact-text'],
  [`text/html, application/xhtml+xml, ${PB};proto=${MF};encoding=text;q=0.9, */*;q=0.8`, 'protobuf-text'],
  ['garbage', 'text'],
  [`a/b/c, ${PB};proto=${MF};encoding=delimited`, 'protobuf-delimited'],
];
