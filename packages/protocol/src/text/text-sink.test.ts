import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFloat } from '../float-format.js';
import { escapeHelp, escapeLabelValue } from './escape.js';
import { TextSink } from './text-sink.js';

describe('TextSink', () => {
  it('joins ASCII, characters and any other text in order', () => {
    const sink = new TextSink();
    sink.ascii('a{');
    sink.char(0x62);
    sink.text('日本');
    sink.ascii('} ');
    sink.text('plain');
    sink.text('😀');
    expect(sink.finish()).toBe('a{b日本} plain😀');
  });

  it('escapes help text and label values as Go does, before and after non-ASCII characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (text) => {
        const sink = new TextSink();
        sink.escaped(text, true);
        sink.char(0x7c);
        sink.escaped(text, false);
        expect(sink.finish()).toBe(`${escapeLabelValue(text)}|${escapeHelp(text)}`);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps lone surrogates as they are', () => {
    const sink = new TextSink();
    sink.escaped('a\ud800b', true);
    expect(sink.finish()).toBe('a\ud800b');
  });

  it('writes floats as formatFloat does, small integers digit by digit', () => {
    const values = [
      0,
      -0,
      1,
      -1,
      9,
      10,
      99,
      100,
      123456,
      999999,
      -999999,
      1e6,
      -1e6,
      0.5,
      1e-5,
      1e21,
      Number.NaN,
    ];
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...values), fc.integer({ min: -2e6, max: 2e6 }), fc.double()),
        (value) => {
          const sink = new TextSink();
          sink.float(value);
          expect(sink.finish()).toBe(formatFloat(value));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('writes bounds as formatFloat does, however often they repeat or share a cache slot', () => {
    // A small pool of values repeated in random order, plus fresh ones, so
    // that cached texts are hit and slots are taken over.
    const pool = [0.005, 0.5, 0.99, 1, 2.5, -0, Number.POSITIVE_INFINITY, Number.NaN, 1e-7, 123456789];
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...pool), fc.double()), { minLength: 1, maxLength: 200 }),
        (values) => {
          const sink = new TextSink();
          for (const value of values) {
            sink.bound(value);
            sink.char(0x7c);
          }
          expect(sink.finish()).toBe(values.map((value) => `${formatFloat(value)}|`).join(''));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('appends a legacy name and refuses anything else without writing it', () => {
    const sink = new TextSink();
    for (const name of ['a_b:c9', '_x', ':y', '9a', 'a-b', 'é', '']) {
      if (!sink.legacyName(name)) sink.ascii(`<${name.length}>`);
      sink.char(0x20);
    }
    expect(sink.finish()).toBe('a_b:c9 _x :y <2> <3> <1> <0> ');
  });

  it('repeats a stretch of the current run, and tells when one is stale', () => {
    const sink = new TextSink();
    sink.ascii('x{');
    const runs = sink.runs;
    const start = sink.position;
    sink.ascii('a="1"');
    const end = sink.position;
    sink.ascii('} ');
    expect(sink.isRepeatable(runs)).toBe(true);
    sink.repeat(start, end);
    sink.text('é');
    expect(sink.isRepeatable(runs)).toBe(false);
    expect(sink.finish()).toBe('x{a="1"} a="1"é');
  });

  it('grows past its first buffer and reuses it for the next text', () => {
    const line = 'metric_name{label="value"} 1\n';
    const first = new TextSink();
    for (let i = 0; i < 10_000; i++) first.ascii(line);
    expect(first.finish()).toBe(line.repeat(10_000));
    const second = new TextSink();
    second.ascii('short');
    expect(second.finish()).toBe('short');
    const abandoned = new TextSink();
    abandoned.ascii('dropped');
    abandoned.discard();
    const third = new TextSink();
    third.ascii('clean');
    expect(third.finish()).toBe('clean');
  });

  it('keeps two sinks in use at once apart', () => {
    const outer = new TextSink();
    outer.ascii('outer ');
    const inner = new TextSink();
    inner.ascii('inner');
    outer.ascii('text');
    expect(inner.finish()).toBe('inner');
    expect(outer.finish()).toBe('outer text');
  });
});
