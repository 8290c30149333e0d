/**
 * Differential tests of grouping-key encoding and decoding against the real Go
 * Pushgateway 1.5.1.
 *
 * Two Go 1.5.1 bugs shape the layout: an invalid base64 job locks its route
 * forever (bug 12.6), and a value that is not UTF-8 poisons the store (bug
 * 12.2). Cases that trigger either get a Go instance of their own.
 */

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolError } from '../src/errors.js';
import {
  decodeGroupingKey,
  encodeGroupingPath,
  type GroupingKey,
  type GroupingPath,
} from '../src/grouping-key.js';
import { type ApiGroup, metricsResponseSchema } from '../src/schemas.js';
import { decodeUtf8Lossless } from '../src/text/utf8-lossless.js';
import { type GoPushgateway, startGoPushgateway } from './support/go-pushgateway.js';

const PUSH_BODY = 'm 1\n';

interface RawResponse {
  status: number;
  body: string;
}

/** Pushes to `path` byte for byte (no URL normalisation, unlike fetch). */
async function sendRaw(gateway: GoPushgateway, method: string, path: string): Promise<RawResponse> {
  const reply = await gateway.send(method, path, {}, PUSH_BODY);
  return { status: reply.status, body: reply.body.toString('utf8') };
}

async function goGroups(gateway: GoPushgateway): Promise<ApiGroup[]> {
  const response = await fetch(`${gateway.baseUrl}/api/v1/metrics`);
  return metricsResponseSchema.parse(await response.json()).data;
}

async function goGroupOfJob(gateway: GoPushgateway, job: string): Promise<ApiGroup | undefined> {
  return (await goGroups(gateway)).find((group) => group.labels.job === job);
}

/**
 * Percent-decodes an ASCII path to bytes as Go does, then to text with bytes
 * of invalid UTF-8 kept as lone surrogates (how a gateway should hand them over).
 */
function percentDecodeLossless(path: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c >= 0x80) throw new Error(`raw paths in these tests are ASCII: ${path}`);
    if (c !== 0x25) {
      bytes.push(c);
      continue;
    }
    const hex = path.slice(i + 1, i + 3);
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new Error(`bad percent escape in ${path}`);
    bytes.push(Number.parseInt(hex, 16));
    i += 2;
  }
  return decodeUtf8Lossless(Uint8Array.from(bytes)).text;
}

/** What a router hands the handler, as Go does it: the whole path percent-decoded, then split after the job. */
function routePushPath(path: string): GroupingPath {
  const decoded = percentDecodeLossless(path);
  const match = /^\/metrics\/(job|job@base64)\/([^/]+)(.*)$/s.exec(decoded);
  if (match === null) throw new Error(`not a push path: ${path}`);
  return { job: match[2] ?? '', jobBase64: match[1] === 'job@base64', labels: match[3] ?? '' };
}

type OurOutcome = { key: GroupingKey } | { error: ProtocolError };

function ourOutcome(path: string): OurOutcome {
  try {
    return { key: decodeGroupingKey(routePushPath(path)) };
  } catch (err) {
    if (err instanceof ProtocolError) return { error: err };
    throw err;
  }
}

/** Keys whose values paths tend to mangle; every job is distinct, so groups never clash. */
const TRICKY_KEYS: GroupingKey[] = [
  { job: 'plain' },
  { job: 'slash/job' },
  { job: '/' },
  { job: '.' },
  { job: '..' },
  { job: '...' },
  { job: '.hidden' },
  { job: '%' },
  { job: '%2F' },
  { job: '%25' },
  { job: 'a%zz' },
  { job: ' ' },
  { job: 'a+b c' },
  { job: 'Προμηθεύς' },
  { job: '😀 emoji' },
  { job: '\\' },
  { job: 'x@base64' },
  { job: '?a=b#c&d;e' },
  { job: 'tab\there' },
  { job: '\ufeffbom' },
  { job: "it's (a) *test*!~" },
  { job: 'empty-value', a: '' },
  { job: 'dot-values', a: '.', b: '..', c: '...' },
  { job: 'slash-values', a: '/', b: '//', c: '/a/', d: 'a/../b', e: 'a/./b' },
  { job: 'escape-values', a: '%2e%2e', b: '%2E', c: '%2F', d: '%', e: '100%' },
  { job: 'unicode-values', a: 'ÿ', b: '\u2028', c: '\u0085', d: '\u00a0', e: '\u200b' },
  { job: 'control-values', a: '\0', b: '\n', c: '\r\n', d: '\x7f', e: '\x1b[0m' },
  { job: 'base64-lookalikes', a: '=', b: '==', c: 'YQ==', d: '@base64', e: 'a@base64' },
  { job: 'spaces', a: ' ', b: '  leading and trailing  ', c: '+' },
  { job: 'empty-instance', instance: '' },
  { job: 'literal-U', U__a_2e_b: 'literal' },
  { job: 'reserved-looking', le: '5', quantile: '0.5', instance: 'i' },
  { job: 'many', z: '1', y: '2', x: '3', w: '4', v: '5', A: '6', _: '7', _1: '8', B9: '9', m: '10' },
  { job: 'job-only-dots', job_dot: '.' },
  { job: 'long', a: 'x'.repeat(2000), b: 'é/'.repeat(300) },
  { job: 'backslashes', a: 'C:\\Windows\\', b: '\\\\server\\share' },
  { job: 'html', a: '<script>&amp;</script>' },
  { job: 'quotes', a: '"quoted"', b: "'single'", c: '`back`' },
  { job: 'astral', a: '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', b: '\u{10ffff}' },
  { job: 'brackets', a: '[1]', b: '{x}', c: '<>', d: '|^' },
];

const trickyValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc
    .array(fc.constantFrom('/', '.', '..', '%', '%2', 'F', ' ', '+', 'é', '😀', '\n', '\\', 'a', '='), {
      maxLength: 6,
    })
    .map((parts) => parts.join('')),
);
const SAMPLED_KEYS: GroupingKey[] = fc
  .sample(
    fc.tuple(
      trickyValue,
      fc.dictionary(
        fc
          .stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,6}$/)
          .filter((name) => !name.startsWith('__') && name !== 'job'),
        trickyValue,
        { maxKeys: 4 },
      ),
    ),
    { numRuns: 20, seed: 20_261_127 },
  )
  .map(([job, labels], i) => ({ ...labels, job: `sampled-${i}-${job}` }));

describe('encodeGroupingPath against Go pushgateway 1.5.1', () => {
  let gateway: GoPushgateway;
  beforeAll(async () => {
    gateway = await startGoPushgateway();
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it.each([...TRICKY_KEYS, ...SAMPLED_KEYS])('Go stores exactly %j', async (key) => {
    const path = encodeGroupingPath(key);
    expect(path).not.toMatch(/\/\/|\/\.\.?(\/|$)/);
    const url = new URL(path, gateway.baseUrl);
    expect(url.pathname).toBe(path);

    const response = await fetch(url, { method: 'PUT', body: PUSH_BODY, redirect: 'manual' });
    expect({ status: response.status, body: await response.text() }).toEqual({ status: 200, body: '' });
    const group = await goGroupOfJob(gateway, key.job ?? '');
    expect(group?.labels).toStrictEqual(key);
  });

  it('needs base64 where a plain segment would be redirected by Go', async () => {
    for (const naive of ['/metrics/job/naive/a/.', '/metrics/job/naive/a/..', '/metrics/job/naive/a//b/c']) {
      expect((await sendRaw(gateway, 'PUT', naive)).status).toBe(301);
    }
    expect(encodeGroupingPath({ job: 'naive', a: '.' })).toBe('/metrics/job/naive/a@base64/Lg');
    expect(encodeGroupingPath({ job: 'naive', a: '' })).toBe('/metrics/job/naive/a@base64/=');
  });
});

/** Raw push paths: Go's answer and ours must agree (status, exact message, decoded labels). */
const RAW_PATHS: string[] = [
  '/metrics/job/directory_cleaner/path@base64/L3Zhci90bXA',
  '/metrics/job/example/first_label@base64/=/second_label/foobar',
  '/metrics/job@base64/dGVzdC9qb2I=/instance@base64/dGVzdGluc3RhbmNl',
  '/metrics/job@base64/dGVzdC9qb2Iy/x@base64/YQ==',
  '/metrics/job@base64/=/x/y',
  '/metrics/job@base64/===/x/y',
  '/metrics/job@base64/=/a/',
  '/metrics/job/titan2/name/%CE%A0%CF%81%CE%BF%CE%BC%CE%B7%CE%B8%CE%B5%CF%8D%CF%82',
  '/metrics/job/a%2Fb/x/y',
  '/metrics/job/ab/x/y%2Fz',
  '/metrics/job/ab/x@base64/Zm9v!',
  '/metrics/job/ab1/x@base64/Zm9vYg',
  '/metrics/job/ab/x@base64/Zm9vY',
  '/metrics/job/j/a-b/c',
  '/metrics/job/j/__a/c',
  '/metrics/job/j/__a@base64/Yw',
  '/metrics/job/j/1a/c',
  '/metrics/job/j/a.b/c',
  '/metrics/job/literal/U__a_2e_b/c',
  '/metrics/job/lastwins/a/1/a/2',
  '/metrics/job/jobignored/job/other',
  '/metrics/job/jobignored64/job@base64/Zm9v',
  '/metrics/job/j/a@base64@base64/Yw',
  '/metrics/job/j/@base64/Yw',
  '/metrics/job/j/@base64@base64/c',
  '/metrics/job/jz/foo/bar/',
  '/metrics/job/jx/foo/',
  '/metrics/job/jy/foo@base64/',
  '/metrics/job/trailing/',
  '/metrics/job/j/x@base64/Y%0A',
  '/metrics/job/j/x@base64/YQ=Yg',
  '/metrics/job/newline64/x@base64/YQ%0A',
  '/metrics/job/j/x@base64/Zm9vY%0A',
  '/metrics/job/j/x@base64/Y===',
  '/metrics/job/j/x@base64/Zm9v%C3%A9',
  '/metrics/job/j/a@base64/%22%5C%E2%80%A8%7F%C2%A0',
  '/metrics/job/j/a%20b/c',
  '/metrics/job/j/%F0%9F%98%80/c',
  '/metrics/job/j/a/%F0%9F%98%80/b',
  '/metrics/job/j/a%07%08%0C%0D%0B%1B%C2%85%C2%AD%E2%80%8B%F0%9F%98%80b/v',
  '/metrics/job/j/a/%F3%A0%80%81/b',
  '/metrics/job@base64/=/a-b/c',
  '/metrics/job/j/job@base64/!!',
  '/metrics/job/j/__/c',
  '/metrics/job/underscore/_/c',
  '/metrics/job/controls/a/%0A%09/b/%00',
  '/metrics/job/a%20b/c/d%2541',
  '/metrics/job/plus+sign/v/a+b',
  '/metrics/job/empty64/x@base64/%0A',
  '/metrics/job/lastwins64/a/b/a@base64/Yw',
  '/metrics/job/j/x@base64/!/a-b/c',
  // Bytes that are not UTF-8, where Go's handler refuses the path anyway.
  '/metrics/job/j/a%FF/c',
  '/metrics/job/j/a/%FF/b',
  '/metrics/job/j/%C3%28/c',
  '/metrics/job/%FF/a-b/c',
];

describe('decodeGroupingKey against Go pushgateway 1.5.1 on raw paths', () => {
  let gateway: GoPushgateway;
  beforeAll(async () => {
    gateway = await startGoPushgateway();
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it.each(RAW_PATHS)('PUT %s', async (path) => {
    const go = await sendRaw(gateway, 'PUT', path);
    const ours = ourOutcome(path);
    if ('error' in ours) {
      expect(go).toEqual({ status: 400, body: `${ours.error.message}\n` });
      return;
    }
    expect(go).toEqual({ status: 200, body: '' });
    const group = await goGroupOfJob(gateway, ours.key.job ?? '');
    expect(group?.labels).toStrictEqual(ours.key);
  });
});

describe('invalid base64 jobs against Go pushgateway 1.5.1 (one instance each: Go locks the route, bug 12.6)', () => {
  it.each([
    '/metrics/job@base64/a+b/x/y',
    '/metrics/job@base64/Zm9vY',
    '/metrics/job@base64/Zm9v!/a-b/c',
    '/metrics/job@base64/YQ=Yg/',
    '/metrics/job@base64/zqDPgc6_Y!',
    '/metrics/job@base64/_w__Zm9v%0A!/x/y',
  ])('PUT %s', async (path) => {
    const gateway = await startGoPushgateway();
    try {
      const go = await sendRaw(gateway, 'PUT', path);
      const ours = ourOutcome(path);
      expect('error' in ours && ours.error.code).toBe('invalid_base64');
      if ('error' in ours) expect(go).toEqual({ status: 400, body: `${ours.error.message}\n` });
    } finally {
      await gateway.stop();
    }
  });
});

describe('values that are not UTF-8: we refuse what Go accepts and then chokes on (bug 12.2)', () => {
  it.each<[string, string]>([
    ['/metrics/job/uj/foo@base64/_w', 'foo'],
    ['/metrics/job/uj/foo@base64/wKA', 'foo'],
    ['/metrics/job/uj/foo@base64/7aCA', 'foo'],
    ['/metrics/job@base64/_w', 'job'],
    ['/metrics/job@base64/_w/foo/bar', 'job'],
    ['/metrics/job/uj/foo/%FF', 'foo'],
    ['/metrics/job/uj/foo/a%ED%A0%80', 'foo'],
    ['/metrics/job/%FF', 'job'],
    ['/metrics/job/%C0%80/foo/bar', 'job'],
  ])('PUT %s', async (path, label) => {
    const ours = ourOutcome(path);
    expect('error' in ours && ours.error).toMatchObject({
      code: 'invalid_label_value',
      message: `invalid UTF-8 in value of label "${label}"`,
      location: { label },
    });

    const gateway = await startGoPushgateway();
    try {
      // Go's handler accepts the key; only its consistency check objects...
      const go = await sendRaw(gateway, 'PUT', path);
      expect(go.status).toBe(400);
      expect(go.body).toMatch(/^pushed metrics are invalid or inconsistent with existing metrics/);
      expect(go.body).toContain(`has a label named "${label}" whose value is not utf8`);
      // ...after its failure path has stored the group, which breaks every scrape.
      const scrape = await fetch(`${gateway.baseUrl}/metrics`);
      expect(scrape.status).toBe(500);
    } finally {
      await gateway.stop();
    }
  });
});
