/**
 * What a client pushes as text comes out unchanged when a scraper asks for
 * protobuf, and the other way round: text → model → protobuf → model → text
 * loses nothing, for random text bodies of every metric type.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDelimited, encodeDelimited } from '../src/protobuf/delimited.js';
import { parseText } from '../src/text/parse.js';
import { writeText } from '../src/text/write.js';

const name = fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,8}$/);
const labelName = fc
  .stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,6}$/)
  .filter((n) => n !== 'le' && n !== 'quantile');
const labelValue = fc.string({ unit: 'binary', maxLength: 8 });
const value = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.constantFrom('NaN', '+Inf', '-Inf', '0', '-0', '1e+06', '2.5'),
);
const count = fc.bigInt({ min: 0n, max: 2n ** 63n }).map(String);

function escapeLabelValue(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** One label set, rendered as `{a="x",b="y"}` with distinct names. */
const labelSet = fc
  .uniqueArray(labelName, { maxLength: 2 })
  .chain((names) =>
    fc.tuple(...names.map(() => labelValue)).map((values) => names.map((n, i) => [n, values[i]!])),
  );

function braces(labels: string[][], extra = ''): string {
  const pairs = labels.map(([n, v]) => `${n}="${escapeLabelValue(v ?? '')}"`);
  if (extra !== '') pairs.push(extra);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

/** A text family of one type, one sample group per label set. */
const family = fc
  .tuple(name, fc.constantFrom('counter', 'gauge', 'untyped', 'summary', 'histogram'), fc.option(labelValue))
  .chain(([familyName, type, help]) =>
    fc
      .uniqueArray(labelSet, { minLength: 1, maxLength: 2, selector: (set) => set.map(([n]) => n).join() })
      .chain((sets) =>
        fc.tuple(
          ...sets.map((labels) =>
            fc.tuple(value, count, fc.array(value, { minLength: 1, maxLength: 3 })).map(([v, c, extra]) => {
              const sample = (suffix: string, val: string, extraLabel = '') =>
                `${familyName}${suffix}${braces(labels, extraLabel)} ${val}\n`;
              if (type === 'summary') {
                return (
                  extra.map((q, i) => sample('', q, `quantile="0.${i + 1}"`)).join('') +
                  sample('_sum', v) +
                  sample('_count', c)
                );
              }
              if (type === 'histogram') {
                return `${sample('_bucket', c, 'le="1"')}${sample('_bucket', c, 'le="+Inf"')}${sample('_sum', v)}${sample('_count', c)}`;
              }
              return sample('', v);
            }),
          ),
        ),
      )
      .map((samples) => {
        const helpLine =
          help === null ? '' : `# HELP ${familyName} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}\n`;
        return `${helpLine}# TYPE ${familyName} ${type}\n${samples.join('')}`;
      }),
  );
const body = fc
  .uniqueArray(family, { maxLength: 3, selector: (text) => /^# (?:HELP|TYPE) (\S+)/.exec(text)?.[1] })
  .map((families) => families.join(''));

describe('text → model → protobuf → model → text', () => {
  it('keeps every family, sample and label', () => {
    fc.assert(
      fc.property(body, (text) => {
        const parsed = parseText(text);
        const throughProtobuf = decodeDelimited(encodeDelimited(parsed));
        expect(throughProtobuf).toEqual(parsed);
        expect(writeText(throughProtobuf)).toBe(writeText(parsed));
      }),
      { numRuns: 200 },
    );
  });
});
