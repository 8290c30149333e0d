/**
 * Differential check of the text format against the real Go Pushgateway
 * 1.5.1 (/usr/bin/prometheus-pushgateway, or PUSHGATEWAY_BIN), run on
 * 127.0.0.1 with a free port and no persistence.
 *
 * Each body of the corpus is PUT to its own group. Go must answer 200 exactly
 * when parseText accepts it, and for a refusal its 400 body must be our
 * message. For an accepted body, the lines Go then serves on /metrics for the
 * pushed families must be exactly what writeText renders from our parse once
 * the grouping labels are applied as Go's storage does.
 *
 * The corpus keeps to what 1.5.1's parser shares with 1.11's (which parseText
 * follows): no quoted names, no line starting with `{`, no `\"` in HELP, no
 * gauge histograms, no float or negative histogram counts. It also avoids
 * what Go's storage refuses after parsing (timestamps, duplicate series,
 * clashes with the gateway's own metrics), and invalid UTF-8 outside label
 * values (Go accepts it in comments and HELP; parseText refuses it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProtocolError } from '../src/errors.js';
import type { MetricFamily } from '../src/model.js';
import { parseText } from '../src/text/parse.js';
import { sortMetricFamilies, writeText } from '../src/text/write.js';
import { type GoPushgateway, startGoPushgateway } from './support/go-pushgateway.js';

/** A body given as text whose chars U+0000..U+00FF stand for single bytes (for invalid UTF-8). */
function bytes(latin1: string): Uint8Array {
  return Uint8Array.from(latin1, (c) => c.charCodeAt(0));
}

/** Deterministic doubles of every magnitude, written in several accepted syntaxes. */
function randomDoublesBody(): string {
  let seed = 0x9e3779b9;
  const next32 = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed;
  };
  const view = new DataView(new ArrayBuffer(8));
  const lines: string[] = [];
  for (let i = 0; lines.length < 300; i++) {
    view.setUint32(0, next32());
    view.setUint32(4, next32());
    let value = view.getFloat64(0);
    // Every third value is a "human" number: an integer or short decimal scaled by a power of ten.
    if (i % 3 === 0) value = (next32() % 100000) * 10 ** ((next32() % 30) - 12);
    if (!Number.isFinite(value)) continue;
    const text = [String(value), value.toExponential(), value.toExponential().toUpperCase()][i % 3];
    lines.push(`rnd_value{i="${lines.length}"} ${text}`);
  }
  return `${lines.join('\n')}\n`;
}

interface Case {
  name: string;
  body: string | Uint8Array;
}

const corpus: Case[] = [
  // --- Accepted ---------------------------------------------------------
  { name: 'minimal sample', body: 'm 1\n' },
  { name: 'labels', body: 'm{a="1",b="2"} 2\n' },
  { name: 'empty braces', body: 'm{} 3\n' },
  {
    name: 'blank lines, blank-only lines and comments',
    body: '\n# a comment\n  \n\t\n\tm 3\n#\n # indented\n',
  },
  {
    name: 'counter and gauge with HELP',
    body: '# HELP c A counter.\n# TYPE c counter\nc 5\n# TYPE g gauge\ng -2.5\n',
  },
  {
    name: 'HELP escapes and a raw quote',
    body: '# HELP h with \\\\ backslash, \\n newline and "quote"\nh 1\n',
  },
  { name: 'HELP after the samples', body: 'late 1\n# HELP late Comes last.\n' },
  { name: 'HELP with only a name is ignored', body: '# HELP nohelp\nnohelp 1\n' },
  { name: 'TYPE in upper case', body: '# TYPE up GAUGE\nup 1\n' },
  { name: 'TYPE with backslashes dropped', body: '# TYPE bs gau\\ge\nbs 1\n' },
  { name: 'TYPE untyped', body: '# TYPE ut untyped\nut 1\n' },
  {
    name: 'blanks and tabs everywhere, trailing comma, value glued to brace',
    body: 'sp{ a = "1" ,\tb\t=\t"2" , } 1\nsp {a="3"}\t2\nsp{a="4"}3\n',
  },
  { name: 'label value escapes', body: 'esc{a="q\\"b\\\\s\\nn"} 1\n' },
  { name: 'UTF-8 and control characters in a label value', body: 'utf{a="é😀\u0001\r"} 1\n' },
  {
    name: 'label values sorted by UTF-8 bytes',
    body: 'ord{a="\u{10000}"} 1\nord{a="\uffff"} 2\nord{a="b"} 3\nord{a="ab"} 4\n',
  },
  {
    name: 'series sorted by label count, then values',
    body: 'srt{b="1",a="2"} 1\nsrt 2\nsrt{a="1"} 3\nsrt{a="0",b="9"} 4\n',
  },
  { name: 'empty label value', body: 'ev{a=""} 1\n' },
  { name: 'names with colons and underscores', body: ':a:b_c{_x="1"} 1\n_u 2\n' },
  {
    name: 'grouping labels override the body, instance kept',
    body: 'grp{job="other",instance="x",foo="bar"} 1\n',
  },
  { name: 'interleaved family lines merge', body: 'il_a 1\nil_b 2\nil_a{x="1"} 3\n' },
  { name: 'families come out sorted by name', body: 'zz 1\nAA 2\naa 3\n' },
  { name: 'negative counter', body: '# TYPE nc counter\nnc -1\n' },
  {
    name: 'special values',
    body: 'sv{v="a"} NaN\nsv{v="b"} nan\nsv{v="c"} +Inf\nsv{v="d"} -Inf\nsv{v="e"} inf\nsv{v="f"} +infinity\nsv{v="g"} -0\nsv{v="h"} 1e-400\n',
  },
  {
    name: 'float formatting (notes §15.8)',
    body: [
      'ff{v="a"} 12345678',
      'ff{v="b"} 123456',
      'ff{v="c"} 1234567',
      'ff{v="d"} 1e6',
      'ff{v="e"} 100000000000000000000',
      'ff{v="f"} 1e21',
      'ff{v="g"} 0.0001',
      'ff{v="h"} 0.00001',
      'ff{v="i"} 3.0e-5',
      'ff{v="j"} 1.0',
      'ff{v="k"} 0001',
      'ff{v="l"} .5',
      'ff{v="m"} 5.',
      'ff{v="n"} +5',
      'ff{v="o"} 1E3',
      'ff{v="p"} 9007199254740993',
      'ff{v="q"} 1.7976931348623157e308',
      'ff{v="r"} 5e-324',
      'ff{v="s"} -1',
      'ff{v="t"} 999999.9999999999',
      '',
    ].join('\n'),
  },
  { name: '300 pseudo-random doubles', body: randomDoublesBody() },
  {
    name: 'summary interleaved with other metrics, labels in any order',
    body: [
      '# HELP sm A summary.',
      '# TYPE sm summary',
      'sm{n="1",quantile="0.5"} 110',
      'decoy -1',
      'sm{quantile="0.9",n="1"} 140',
      'sm_count{n="1"} 42',
      'sm_sum{n="1"} 4711',
      'sm{n="2",quantile=".3"} 20',
      'sm{quantile="-0.2",n="2"} 10',
      'sm_count{n="2"} 12345678',
      'sm_sum{n="2"} 30',
      '',
    ].join('\n'),
  },
  {
    name: 'summary count converted as Go’s uint64()',
    body: '# TYPE sc summary\nsc_count{c="a"} -1\nsc_count{c="b"} 5.9\n',
  },
  { name: 'summary without quantiles', body: '# TYPE sq summary\nsq_sum 3\n' },
  {
    name: 'histogram, buckets unsorted, +Inf synthesised',
    body: '# TYPE hb histogram\nhb_bucket{le="1000000"} 1\nhb_bucket{le="0.000001"} 0\nhb_sum 12345678\nhb_count 2\n',
  },
  {
    name: 'histogram with +Inf bucket and le spellings',
    body: '# TYPE hi histogram\nhi_bucket{le="1.0"} 1\nhi_bucket{le="+inf"} 3\nhi_sum 1.5\nhi_count 3\n',
  },
  { name: 'histogram bucket without le', body: '# TYPE hn histogram\nhn_bucket 1\n' },
  {
    name: 'histogram with labels',
    body: '# TYPE hl histogram\nhl_bucket{x="1",le="5"} 2\nhl_count{x="1"} 2\nhl_sum{x="1"} 7\n',
  },
  { name: 'quantile and le as plain labels on untyped', body: 'pl{quantile="x",le="y"} 1\n' },
  {
    name: 'OpenMetrics-style counter becomes untyped _total',
    body: '# TYPE om counter\nom_total 1\n# EOF\n',
  },
  { name: 'a quantile label on a summary’s _count', body: '# TYPE qc summary\nqc_count{quantile="0.5"} 3\n' },

  // --- Refused ----------------------------------------------------------
  { name: 'no final line feed', body: 'm 1' },
  { name: 'comment without final line feed', body: 'm 1\n# comment' },
  { name: 'CRLF line end', body: 'm3 1\r\n' },
  { name: 'name only', body: 'blablabla\n' },
  { name: 'hex value', body: 'v 0x1F\n' },
  { name: 'hex float value', body: 'v 0x1p-3\n' },
  { name: 'binary value', body: 'v 0b1\n' },
  { name: 'octal value', body: 'v 0o1\n' },
  { name: 'digit separator', body: 'v 1_000\n' },
  { name: 'overflowing value', body: 'v 1e400\n' },
  { name: 'signed NaN', body: 'v +NaN\n' },
  { name: 'word as value', body: 'v blubb\n' },
  { name: 'trailing comment after value', body: 'v8 1 # comment\n' },
  { name: 'trailing blank after value', body: 'v 1 \n' },
  { name: 'float timestamp', body: 'v 1 2.72\n' },
  { name: 'exponent timestamp', body: 'v 1 1e3\n' },
  { name: 'timestamp out of int64', body: 'v 1 9223372036854775808\n' },
  { name: 'token after timestamp', body: 'v 1 2 3\n' },
  { name: 'TYPE after samples', body: 'x{a="1"} 1\n# TYPE x gauge\n' },
  { name: 'second TYPE', body: '# TYPE y gauge\n# TYPE y gauge\n' },
  { name: 'TYPE of a _count line', body: '# TYPE s3 summary\ns3_count 1\n# TYPE s3_count gauge\n' },
  { name: 'second HELP', body: '# HELP z a\n# HELP z b\n' },
  { name: 'unknown type', body: '# TYPE m bla\n' },
  { name: 'type word with trailing blank', body: '# TYPE m gauge \n' },
  { name: 'invalid name in TYPE', body: '# TYPE met-ric gauge\n' },
  { name: 'bad escape in HELP', body: '# HELP m bad\\t escape\n' },
  { name: 'duplicate label names', body: 'y2{a="1",a="2"} 1\n' },
  { name: 'bad escape in label value', body: 'm{label="\\t"} 1\n' },
  { name: 'line feed in label value', body: 'm{label="new\nline"} 1\n' },
  { name: 'invalid label name start', body: 'm{@="bla"} 1\n' },
  { name: 'label name starting with a digit', body: 'm{1a="x"} 1\n' },
  { name: 'reserved label name', body: 'm{__name__="bla"} 1\n' },
  { name: 'junk after label name', body: 'm{label+="bla"} 1\n' },
  { name: 'dash in label name', body: 'm{a-b="x"} 1\n' },
  { name: 'unquoted label value', body: 'm{label=bla} 1\n' },
  { name: 'junk after label value', body: 'm{label="bla"+} 1\n' },
  { name: 'missing comma', body: 'm{a="1" b="2"} 1\n' },
  { name: 'lone comma', body: 'm{,} 1\n' },
  { name: 'double comma', body: 'm{a="1",,} 1\n' },
  { name: 'invalid metric name', body: '@m{label="bla"} 1\n' },
  { name: 'braces without name', body: '{label="bla"} 1\n' },
  { name: 'empty braces without name', body: '{}\n' },
  { name: 'byte order mark', body: '\ufeffm 1\n' },
  { name: 'non-float quantile', body: '# TYPE s summary\ns{quantile="abc"} 1\n' },
  { name: 'hex float quantile', body: '# TYPE s summary\ns{quantile="0x1p-3"} 1\n' },
  { name: 'non-float le', body: '# TYPE h histogram\nh_bucket{le="bla"} 1\n' },
  { name: 'invalid UTF-8 in a label value', body: bytes('u{a="\xff"} 1\n') },
  { name: 'truncated UTF-8 in a label value', body: bytes('u{a="\xe2\x82"} 1\n') },
  { name: 'invalid UTF-8 as the value', body: bytes('u \xff\n') },
  { name: 'invalid UTF-8 after a label name', body: bytes('u{a\xc3\xa9="1"} 1\n') },
];

interface Reply {
  status: number;
  body: string;
}

async function send(method: string, path: string, body?: string | Uint8Array): Promise<Reply> {
  const headers = body === undefined ? {} : { 'Content-Type': 'text/plain; version=0.0.4' };
  const reply = await go.send(method, path, headers, body);
  return { status: reply.status, body: reply.body.toString('utf8') };
}

/** The families as Go's storage keeps them for group {job}: job set, instance="" added if absent, labels sorted. */
function applyGrouping(families: MetricFamily[], job: string): MetricFamily[] {
  return families.map((family) => ({
    ...family,
    metric: family.metric.map((metric) => {
      const label = metric.label.filter((l) => l.name !== 'job');
      label.push({ name: 'job', value: job });
      if (!label.some((l) => l.name === 'instance')) label.push({ name: 'instance', value: '' });
      label.sort((a, b) => (a.name < b.name ? -1 : 1));
      return { ...metric, label };
    }),
  }));
}

/** The lines of Go's exposition that belong to the named families, in Go's order. */
function linesOfFamilies(exposition: string, names: ReadonlySet<string>): string {
  let current = '';
  let out = '';
  for (const line of exposition.split('\n')) {
    const header = /^# (?:HELP|TYPE) (\S+)/.exec(line);
    if (header !== null) current = header[1] ?? '';
    if (line !== '' && names.has(current)) out += `${line}\n`;
  }
  return out;
}

let go: GoPushgateway;

beforeAll(async () => {
  go = await startGoPushgateway();
});

afterAll(async () => {
  await go?.stop();
});

describe('parseText and writeText agree with the Go Pushgateway', () => {
  it('has a corpus of at least 60 bodies, accepted and refused', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
  });

  it.each(corpus.map((c, index) => ({ ...c, index })))('case $index: $name', async ({ body, index }) => {
    const job = `text_diff_${index}`;
    let families: MetricFamily[] | undefined;
    let refusal: string | undefined;
    try {
      families = parseText(body);
    } catch (err) {
      if (!isProtocolError(err)) throw err;
      refusal = err.message;
    }

    const pushed = await send('PUT', `/metrics/job/${job}`, body);
    try {
      if (families === undefined) {
        expect(pushed.status).toBe(400);
        expect(pushed.body.trim()).toBe(refusal);
        return;
      }
      expect(pushed, pushed.body).toMatchObject({ status: 200 });
      const scrape = await send('GET', '/metrics');
      expect(scrape.status).toBe(200);
      const expected = applyGrouping(families, job);
      sortMetricFamilies(expected);
      expect(linesOfFamilies(scrape.body, new Set(families.map((f) => f.name)))).toBe(writeText(expected));
    } finally {
      await send('DELETE', `/metrics/job/${job}`);
    }
  });
});
