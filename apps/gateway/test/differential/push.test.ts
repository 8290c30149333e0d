/**
 * Push, delete and grouping behaviour compared with the real Go pushgateway:
 * the README's examples, grouping keys and base64, PUT/POST/DELETE, parser
 * errors, timestamps and consistency refusals.
 */
import { afterEach, describe, it } from 'vitest';
import { expectSameBehaviour, type GatewayPair, startPair } from '../support/differential.js';
import type { RawRequest } from '../support/raw-http.js';

let pair: GatewayPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

const push = (method: 'PUT' | 'POST', path: string, body: string): RawRequest => ({ method, path, body });
const del = (path: string): RawRequest => ({ method: 'DELETE', path });

describe('README examples', () => {
  it('behaves like Go for the seed examples', async () => {
    pair = await startPair();
    await expectSameBehaviour(pair, [
      push('POST', '/metrics/job/some_job', 'some_metric 3.14\n'),
      // The README's second example clashes with the first; which metric Go quotes depends on its map order.
      {
        ...push(
          'POST',
          '/metrics/job/some_job/instance/some_instance',
          [
            '# TYPE some_metric counter',
            'some_metric{label="val1"} 42',
            '# TYPE another_metric gauge',
            '# HELP another_metric Just an example.',
            'another_metric 2398.283',
            '',
          ].join('\n'),
        ),
        sameBody: false,
      },
      del('/metrics/job/some_job/instance/some_instance'),
      push('POST', '/metrics/job/some_job/instance/some_instance', 'another_metric 2398.283\n'),
      del('/metrics/job/some_job'),
      push('PUT', '/metrics/job/directory_cleaner/path@base64/L3Zhci90bXA', 'directory_size 1\n'),
      push('PUT', '/metrics/job/example/first_label@base64/=/second_label/foobar', 'x 1\n'),
      push('PUT', '/metrics/job@base64/dGVzdC9qb2I=/instance@base64/dGVzdGluc3RhbmNl', 'x 2\n'),
    ]);
  });
});

describe('grouping keys', () => {
  it('decodes and validates grouping keys like Go', async () => {
    pair = await startPair();
    await expectSameBehaviour(pair, [
      push('POST', '/metrics/job@base64/dGVzdC9qb2I/x@base64/YQ==', 'm 1\n'),
      push(
        'POST',
        '/metrics/job/titan2/name/%CE%A0%CF%81%CE%BF%CE%BC%CE%B7%CE%B8%CE%B5%CF%8D%CF%82',
        'm 1\n',
      ),
      push('POST', '/metrics/job/ab/x@base64/Zm9vYg', 'm 1\n'),
      push('POST', '/metrics/job/j/U__a_2e_b/c', 'm 1\n'),
      push('POST', '/metrics/job/j/a/1/a/2', 'm2 1\n'),
      push('POST', '/metrics/job/j/job/other', 'm3 1\n'),
      push('POST', '/metrics/job/jx/foo/', 'm4 1\n'),
      push('POST', '/metrics/job/jy/foo@base64/', 'm5 1\n'),
      push('POST', '/metrics/job/x/', 'm6 1\n'),
      push('POST', '/metrics/job/q/le/5/quantile/0.5', 'm7 1\n'),
      push('POST', '/metrics/job@base64/=/x/y', 'm 1\n'),
      push('POST', '/metrics/job@base64/===/x/y', 'm 1\n'),
      push('POST', '/metrics/job/a%2Fb/x/y', 'm 1\n'),
      push('POST', '/metrics/job/ab/x/y%2Fz', 'm 1\n'),
      push('POST', '/metrics/job/ab/x@base64/Zm9v!', 'm 1\n'),
      push('POST', '/metrics/job/ab/x@base64/Zm9vY', 'm 1\n'),
      push('POST', '/metrics/job/jz/foo/bar/', 'm 1\n'),
      push('POST', '/metrics/job/j/a-b/c', 'm 1\n'),
      push('POST', '/metrics/job/j/__a/c', 'm 1\n'),
      push('POST', '/metrics/job/j/__a@base64/Yw', 'm 1\n'),
      push('POST', '/metrics/job/j/1a/c', 'm 1\n'),
      push('POST', '/metrics/job/j/a.b/c', 'm 1\n'),
      push('POST', '/metrics/job/j/a@base64@base64/Yw', 'm 1\n'),
      push('POST', '/metrics/job/j/@base64/Yw', 'm 1\n'),
      del('/metrics/job@base64/=/'),
      del('/metrics/job/j/a-b/c'),
    ]);
  });

  it('overrides body labels with grouping labels and adds instance=""', async () => {
    pair = await startPair();
    await expectSameBehaviour(pair, [
      push('POST', '/metrics/job/j3', 'm1{job="other",instance="x",foo="bar"} 1\n'),
      push('POST', '/metrics/job/j3/instance/i3', 'm1{job="other",instance="x",foo="bar"} 1\n'),
      push('POST', '/metrics/job/j4/a/b', 'm2{a="c",z="y"} 1\n'),
    ]);
  });
});

describe('PUT, POST and DELETE', () => {
  it('replaces, merges and deletes like Go, empty bodies included', async () => {
    pair = await startPair();
    await expectSameBehaviour(pair, [
      push('PUT', '/metrics/job/j', 'a 1\nb 2\n'),
      push('POST', '/metrics/job/j', 'a 10\nc 3\n'),
      push('POST', '/metrics/job/j', ''),
      push('PUT', '/metrics/job/j', 'c 30\n'),
      push('PUT', '/metrics/job/j', ''),
      push('PUT', '/metrics/job/newgroup', ''),
      push('POST', '/metrics/job/m', 'm{a="1"} 1\nm{a="2"} 2\nkeep 1\n'),
      push('POST', '/metrics/job/m', 'm{a="3"} 3\n'),
      del('/metrics/job/doesnotexist'),
      { method: 'DELETE', path: '/metrics/job/doesnotexist', body: 'a 1\n' },
      push('PUT', '/metrics/job/x', 'a 1\n'),
      push('PUT', '/metrics/job/x/instance/y', 'a 2\n'),
      del('/metrics/job/x'),
    ]);
  });
});

describe('text parser rules', () => {
  it('refuses and accepts the same bodies with the same messages', async () => {
    pair = await startPair();
    const bodies = [
      'blablabla\n',
      'm3 1',
      'm3 1\r\n',
      'v 0x1F\n',
      'v8 1 # comment\n',
      'x{a="1"} 1\n# TYPE x gauge\n',
      '# TYPE y gauge\n# TYPE y gauge\ny 1\n',
      '# HELP z a\n# HELP z b\nz 1\n',
      'y2{a="1",a="2"} 1\n',
      '# TYPE s summary\ns{quantile="abc"} 1\n',
      '# TYPE s3 summary\ns3_count 1\n# TYPE s3_count gauge\n',
      '\n  \nv5 1\n',
      'v6{} 1\n',
      'v7{a="b",} 1\n',
      'e1 1e3\ne2 -Inf\ne3 +inf\ne4 nan\ne5 NaN\n',
      'cc -1\n',
      'uq{quantile="x"} 1\n',
      '# TYPE h2 histogram\nh2_bucket 1\n',
      '# random comment\nrc 1\n',
      '# TYPE v9 counter\nv9_total 1\n# EOF\n',
      'esc{a="x\\"y\\\\z\\n"} 1\n',
      '# HELP hh help with \\\\ and \\n\nhh 1\n',
    ];
    await expectSameBehaviour(
      pair,
      bodies.map((body, i) => push('PUT', `/metrics/job/parse${i}`, body)),
    );
  });
});

describe('consistency', () => {
  it('refuses timestamps and cross-group clashes like Go, recording failure times', async () => {
    pair = await startPair();
    await expectSameBehaviour(pair, [
      push('POST', '/metrics/job/some_job', 'some_metric 3.14\n'),
      // Which of the clashing metrics Go quotes depends on its map order.
      {
        ...push(
          'POST',
          '/metrics/job/j2/instance/i1',
          '# TYPE some_metric counter\nsome_metric{label="val1"} 42\n',
        ),
        sameBody: false,
      },
      push('POST', '/metrics/job/j4', 'm2 1 1000\n'),
      push('POST', '/metrics/job/dup', 'dupe 1\n'),
      push('POST', '/metrics/job/dup2/instance/', 'other 1\n'),
      push('POST', '/metrics/job/dup', 'dupe 2\n'),
      push('PUT', '/metrics/job/hh', '# TYPE hh histogram\nhh_bucket{le="1"} 1\nhh_sum 1\nhh_count 1\n'),
      // Which of the two names Go reports depends on its map order.
      { ...push('PUT', '/metrics/job/hh2', 'hh_sum 1\n'), sameBody: false },
      push('PUT', '/metrics/job/sq/quantile/5', '# TYPE sq summary\nsq_sum 1\nsq_count 1\n'),
      push('POST', '/metrics/job/pt', '# TYPE push_time_seconds counter\npush_time_seconds 5\nv 1\n'),
      push('PUT', '/metrics/job/own', '# TYPE pushgateway_build_info counter\npushgateway_build_info 1\n'),
    ]);
  });

  it('answers 202 and stores unchecked pushes like Go with --push.disable-consistency-check', async () => {
    pair = await startPair(['--push.disable-consistency-check']);
    await expectSameBehaviour(pair, [
      push('PUT', '/metrics/job/z', 'a 1\n'),
      push('PUT', '/metrics/job/z2', 'ts 1 1000\n'),
      push('PUT', '/metrics/job/z3', 'bad\n'),
      del('/metrics/job/z'),
    ]);
  });
});
