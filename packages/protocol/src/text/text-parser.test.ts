import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../errors.js';
import type { MetricFamily } from '../model.js';
import type { NameValidation } from '../names.js';
import { TextParser } from './text-parser.js';

/** What a parse gives: the families, or the refusal as data. */
type Outcome = { families: MetricFamily[] } | { code: string; message: string; line: number | undefined };

function outcome(read: (parser: TextParser) => void, validation: NameValidation): Outcome {
  const parser = new TextParser(validation);
  try {
    read(parser);
    return { families: parser.result() };
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
    return { code: err.code, message: err.message, line: err.location.line };
  }
}

/** The state machine alone, over the whole text. */
function byStateMachine(text: string, validation: NameValidation): Outcome {
  return outcome((parser) => parser.parseWholeText(text), validation);
}

/** The fast path with the state machine behind it, over the UTF-8 bytes. */
function byLines(text: string, validation: NameValidation): Outcome {
  return outcome((parser) => parser.parseBytes(new TextEncoder().encode(text)), validation);
}

// Lines near the simple shape, and the deviations the fast path must leave to
// the state machine: blanks in odd places, escapes, quoted names, special
// labels of every family type, numbers and timestamps of every syntax.
const names = fc.constantFrom(
  'm',
  'g',
  'c',
  'h',
  'h_bucket',
  'h_sum',
  'h_count',
  's',
  's_sum',
  's_count',
  'x:y',
  '_u1',
  '"q.x"',
  '1m',
);
const labelNames = fc.constantFrom('a', 'b', 'le', 'quantile', '__name__', 'instance', '"l.x"', 'a b', 'é');
const labelValues = fc.constantFrom(
  '',
  'v',
  '1',
  '0.5',
  '+Inf',
  'NaN',
  'abc',
  '0x1',
  'x\\"y',
  'x\\\\y',
  'x\\ny',
  'x\\ty',
  'é',
  '日本',
  'worker-3.example.internal:9100',
);
const values = fc.constantFrom(
  '1',
  '-1',
  '0',
  '-0',
  '0.5',
  '.5',
  '5.',
  '1e3',
  '1E-3',
  '+Inf',
  '-inf',
  'NaN',
  '1234567.891',
  '0.1234567890123456',
  '123456789012345678901',
  '1_2',
  '0x1',
  'abc',
  '',
  '1}',
);
const timestamps = fc.constantFrom(
  '123',
  '-5',
  '+7',
  '9223372036854775807',
  '9223372036854775808',
  '1.5',
  'x',
);
const blanks = fc.constantFrom(' ', ' ', ' ', '\t', '  ');
const label = fc
  .tuple(labelNames, fc.constantFrom('=', '=', ' =', '= '), labelValues)
  .map(([name, eq, value]) => `${name}${eq}"${value}"`);
const separator = fc.constantFrom(',', ',', ',', ', ', ' ,');
const labelBlock = fc.option(
  fc
    .tuple(fc.array(fc.tuple(separator, label), { maxLength: 4 }), fc.constantFrom('', '', ',', ' '))
    .map(
      ([pairs, tail]) => `{${pairs.map(([sep, pair], i) => (i === 0 ? pair : sep + pair)).join('')}${tail}}`,
    ),
  { nil: '' },
);
const sampleLine = fc
  .tuple(
    fc.constantFrom('', '', '', ' '),
    names,
    labelBlock,
    blanks,
    values,
    fc.option(fc.tuple(blanks, timestamps), { nil: undefined }),
    fc.constantFrom('', '', '', ' '),
  )
  .map(
    ([lead, name, labels, blank, value, timestamp, trail]) =>
      `${lead}${name}${labels}${blank}${value}${timestamp === undefined ? '' : timestamp.join('')}${trail}`,
  );
const commentLine = fc.constantFrom(
  '# TYPE h histogram',
  '# TYPE h gaugehistogram',
  '# TYPE s summary',
  '# TYPE c counter',
  '# TYPE g gauge',
  '# TYPE m untyped',
  '# HELP m some help',
  '# HELP h x\\ny',
  '# just a comment',
  '',
);
const body = fc
  .tuple(
    fc.array(fc.oneof({ weight: 4, arbitrary: sampleLine }, { weight: 1, arbitrary: commentLine })),
    fc.boolean(),
  )
  .map(([lines, finalLf]) => lines.join('\n') + (finalLf ? '\n' : ''));

describe('TextParser: the fast path agrees with the state machine', () => {
  const validation = fc.constantFrom<NameValidation>('legacy', 'utf8');

  it('on bodies of near-simple lines: same families or the same refusal', () => {
    fc.assert(
      fc.property(body, validation, (text, scheme) => {
        expect(byLines(text, scheme)).toEqual(byStateMachine(text, scheme));
      }),
      { numRuns: 3000 },
    );
  });

  it('on summary and histogram bodies: counts, bounds and quantiles of every sign and syntax', () => {
    const typeLine = fc.constantFrom('# TYPE h histogram', '# TYPE h gaugehistogram', '# TYPE s summary');
    const count = fc.constantFrom('0', '1', '2.5', '-1', '-0.5', '-0', '18446744073709551616', 'NaN', '+Inf');
    const bound = fc.constantFrom('0.5', '1', '+Inf', '-Inf', 'NaN', 'x', '');
    const line = fc
      .tuple(
        fc.constantFrom('h_bucket', 'h_count', 'h_sum', 'h', 's', 's_count', 's_sum'),
        bound,
        labelValues,
        count,
      )
      .chain(([name, b, a, value]) =>
        fc
          .constantFrom(
            `le="${b}"`,
            `quantile="${b}"`,
            `a="${a}"`,
            `a="${a}",le="${b}"`,
            `quantile="${b}",a="${a}"`,
          )
          .map((labels) => `${name}{${labels}} ${value}`),
      );
    fc.assert(
      fc.property(typeLine, typeLine, fc.array(line, { maxLength: 8 }), (first, second, lines) => {
        const text = `${first}\n${second}\n${lines.join('\n')}\n`;
        expect(byLines(text, 'legacy')).toEqual(byStateMachine(text, 'legacy'));
      }),
      { numRuns: 2000 },
    );
  });

  it('on bodies that repeat lines of one summary or histogram apart and in any label order', () => {
    const lines = [
      '# TYPE h histogram',
      'h_bucket{a="1",le="1"} 1',
      'h_bucket{b="2",a="1",le="1"} 2',
      'h_bucket{le="+Inf",a="1"} 3',
      'h_sum{a="1"} 4',
      'h_count{a="1"} 3',
      'h_bucket{a="1",b="2",le="+Inf"} 5',
      '# TYPE s summary',
      's{quantile="0.5",a="x"} 1',
      's_sum{a="x"} 2',
      's{a="y",quantile="0.5"} 3',
      's{a="x",quantile="0.9"} 4',
      's_count{a="x"} 5',
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(lines.slice(1), { minLength: 1 }), (chosen) => {
        const text = `${lines[0]}\n${lines[7]}\n${chosen.join('\n')}\n`;
        expect(byLines(text, 'legacy')).toEqual(byStateMachine(text, 'legacy'));
      }),
      { numRuns: 500 },
    );
  });

  it('on a large realistic body', () => {
    let text = '# HELP g Gauges.\n# TYPE g gauge\n# TYPE h histogram\n';
    for (let i = 0; i < 2000; i++) {
      text += `g{instance="worker-${i % 17}.example.internal:9100",job="j",shard="${i}"} ${i * 0.1}\n`;
      for (const le of ['0.1', '1', '+Inf']) text += `h_bucket{shard="${i % 50}",le="${le}"} ${i}\n`;
    }
    const lines = byLines(text, 'legacy');
    expect(lines).toEqual(byStateMachine(text, 'legacy'));
    expect('families' in lines && lines.families.map((f) => f.metric.length)).toEqual([2000, 50]);
  });
});
