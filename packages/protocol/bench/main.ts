// `pnpm bench` for @pushgate/protocol (issues 3 and 13): parse and write a
// ~10 MB exposition, as ratios to JSON.parse/JSON.stringify of the same series
// and to the npm parser parse-prometheus-text-format, and protobuf decode and
// encode of the same families. Writes bench-results/protocol.json at the root.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeDelimited, encodeDelimited, parseText, writeText } from '@pushgate/protocol';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { asJson, benchmarkFamilies } from './corpus.js';
import { throughput } from './measure.js';

const families = benchmarkFamilies(10 * 2 ** 20);
const text = writeText(families);
const textBytes = Buffer.byteLength(text);
const textBuffer = Buffer.from(text);
const json = JSON.stringify(asJson(families));
const jsonValue = JSON.parse(json) as unknown;
const jsonBytes = Buffer.byteLength(json);
const proto = encodeDelimited(families);
const series = families.reduce((n, f) => n + f.metric.length, 0);

const results = {
  textBytes,
  jsonBytes,
  protobufBytes: proto.length,
  series,
  parseText: throughput(() => parseText(text), textBytes),
  parseTextBytes: throughput(() => parseText(Buffer.from(text)), textBytes),
  // As the gateway gets a push: a Buffer, with no conversion to pay for.
  parseTextBuffer: throughput(() => parseText(textBuffer), textBytes),
  writeText: throughput(() => writeText(families), textBytes),
  jsonParse: throughput(() => JSON.parse(json), jsonBytes),
  jsonStringify: throughput(() => JSON.stringify(jsonValue), jsonBytes),
  parsePrometheusTextFormat: throughput(() => parsePrometheusTextFormat(text), textBytes),
  decodeProtobuf: throughput(() => decodeDelimited(proto), proto.length),
  encodeProtobuf: throughput(() => encodeDelimited(families), proto.length),
};

// Ratios compare the time to handle the same series, not bytes per second,
// since the text and JSON renderings differ in size.
const ratio = (ours: { msPerOp: number }, theirs: { msPerOp: number }) => theirs.msPerOp / ours.msPerOp;
const table = [
  ['operation', 'MB/s', 'ms per 10 MB corpus', 'ratio'],
  [
    'parseText (string)',
    results.parseText,
    `${ratio(results.parseText, results.jsonParse).toFixed(2)}× JSON.parse`,
  ],
  [
    'parseText (bytes)',
    results.parseTextBytes,
    `${ratio(results.parseTextBytes, results.jsonParse).toFixed(2)}× JSON.parse`,
  ],
  [
    'parseText (Buffer body)',
    results.parseTextBuffer,
    `${ratio(results.parseTextBuffer, results.jsonParse).toFixed(2)}× JSON.parse`,
  ],
  [
    'writeText',
    results.writeText,
    `${ratio(results.writeText, results.jsonStringify).toFixed(2)}× JSON.stringify`,
  ],
  ['JSON.parse', results.jsonParse, ''],
  ['JSON.stringify', results.jsonStringify, ''],
  [
    'parse-prometheus-text-format',
    results.parsePrometheusTextFormat,
    `parseText is ${ratio(results.parseText, results.parsePrometheusTextFormat).toFixed(2)}× as fast`,
  ],
  [
    'decodeDelimited',
    results.decodeProtobuf,
    `${ratio(results.decodeProtobuf, results.parseText).toFixed(2)}× parseText`,
  ],
  [
    'encodeDelimited',
    results.encodeProtobuf,
    `${ratio(results.encodeProtobuf, results.writeText).toFixed(2)}× writeText`,
  ],
] as const;

console.log(`corpus: ${series} series, text ${textBytes} B, JSON ${jsonBytes} B, protobuf ${proto.length} B`);
for (const [name, figures, note] of table.slice(1) as [
  string,
  { mbPerSecond: number; msPerOp: number },
  string,
][]) {
  console.log(
    `${name.padEnd(30)} ${figures.mbPerSecond.toFixed(1).padStart(8)} MB/s ${figures.msPerOp.toFixed(1).padStart(8)} ms  ${note}`,
  );
}

const out = join(dirname(fileURLToPath(import.meta.url)), '../../../bench-results');
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'protocol.json'),
  `${JSON.stringify({ date: new Date().toISOString(), ...results }, null, 2)}\n`,
);
