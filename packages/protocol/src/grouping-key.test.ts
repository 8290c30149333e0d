import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase64Url } from './base64.js';
import { ProtocolError, type ProtocolErrorCode } from './errors.js';
import {
  decodeGroupingKey,
  encodeGroupingPath,
  type GroupingKey,
  type GroupingKeyOptions,
  type GroupingPath,
  groupingKeyId,
} from './grouping-key.js';

/**
 * What a router hands the handler for a push path, as Go does it: the whole
 * path is percent-decoded first (so `%2F` splits), then matched against
 * `/metrics/job{,@base64}/:job{/*labels}`.
 */
function routePushPath(path: string): GroupingPath {
  const decoded = decodeURIComponent(path);
  const match = /^\/metrics\/(job|job@base64)\/([^/]+)(.*)$/s.exec(decoded);
  if (match === null) throw new Error(`not a push path: ${path}`);
  return { job: match[2] ?? '', jobBase64: match[1] === 'job@base64', labels: match[3] ?? '' };
}

function decodePath(path: string, options?: GroupingKeyOptions): GroupingKey {
  return decodeGroupingKey(routePushPath(path), options);
}

function refusal(run: () => unknown): ProtocolError {
  try {
    run();
  } catch (err) {
    if (err instanceof ProtocolError) return err;
    throw err;
  }
  throw new Error('expected a ProtocolError, got none');
}

describe('decodeGroupingKey: accepted paths (Go 1.5.1, behaviour notes §3.1, §3.2, §15.5)', () => {
  it.each<[string, GroupingKey]>([
    [
      '/metrics/job/directory_cleaner/path@base64/L3Zhci90bXA',
      { job: 'directory_cleaner', path: '/var/tmp' },
    ],
    [
      '/metrics/job/example/first_label@base64/=/second_label/foobar',
      { job: 'example', first_label: '', second_label: 'foobar' },
    ],
    [
      '/metrics/job@base64/dGVzdC9qb2I=/instance@base64/dGVzdGluc3RhbmNl',
      { job: 'test/job', instance: 'testinstance' },
    ],
    ['/metrics/job@base64/dGVzdC9qb2I/x@base64/YQ==', { job: 'test/job', x: 'a' }],
    ['/metrics/job/titan/name@base64/zqDPgc6_zrzOt864zrXPjc-C', { job: 'titan', name: 'Προμηθεύς' }],
    [
      '/metrics/job/titan2/name/%CE%A0%CF%81%CE%BF%CE%BC%CE%B7%CE%B8%CE%B5%CF%8D%CF%82',
      { job: 'titan2', name: 'Προμηθεύς' },
    ],
    ['/metrics/job/ab/x@base64/Zm9vYg', { job: 'ab', x: 'foob' }],
    ['/metrics/job/j/U__a_2e_b/c', { job: 'j', U__a_2e_b: 'c' }],
    ['/metrics/job/j/a/1/a/2', { job: 'j', a: '2' }],
    ['/metrics/job/j/job/other', { job: 'j' }],
    ['/metrics/job/j/job@base64/Zm9v', { job: 'j' }],
    ['/metrics/job/x/', { job: 'x' }],
    ['/metrics/job/x', { job: 'x' }],
    ['/metrics/job/jx/foo/', { job: 'jx', foo: '' }],
    ['/metrics/job/jy/foo@base64/', { job: 'jy', foo: '' }],
    ['/metrics/job/j/_/c', { job: 'j', _: 'c' }],
    ['/metrics/job/j/instance/', { job: 'j', instance: '' }],
    ['/metrics/job/j/le/5/quantile/0.5', { job: 'j', le: '5', quantile: '0.5' }],
    ['/metrics/job/a%20b/c/d%2541', { job: 'a b', c: 'd%41' }],
    ['/metrics/job/plus+sign/v/a+b', { job: 'plus+sign', v: 'a+b' }],
    ['/metrics/job/j/a/%0A%09', { job: 'j', a: '\n\t' }],
    ['/metrics/job/j/x/%00', { job: 'j', x: '\0' }],
    ['/metrics/job/j/x@base64/YQ%0A', { job: 'j', x: 'a' }],
    ['/metrics/job/j/x@base64/%0A', { job: 'j', x: '' }],
    ['/metrics/job/j/a/b/a@base64/Yw', { job: 'j', a: 'c' }],
    ['/metrics/job@base64/77u_Ym9t', { job: '\ufeffbom' }],
  ])('%s', (path, key) => {
    expect(decodePath(path)).toStrictEqual(key);
  });
});

describe('decodeGroupingKey: refused paths, with Go 1.5.1 messages', () => {
  it.each<[string, ProtocolErrorCode, string, string]>([
    ['/metrics/job@base64/=/x/y', 'job_required', 'job name is required', 'job'],
    ['/metrics/job@base64/===/x/y', 'job_required', 'job name is required', 'job'],
    ['/metrics/job@base64/=/', 'job_required', 'job name is required', 'job'],
    ['/metrics/job@base64/=/a/', 'job_required', 'job name is required', 'job'],
    [
      '/metrics/job@base64/a+b/x/y',
      'invalid_base64',
      'invalid base64 encoding in job name "": illegal base64 data at input byte 1',
      'job',
    ],
    // Go quotes the job decoded before the failing group of four (notes §3.1 say always "").
    [
      '/metrics/job@base64/Zm9vY',
      'invalid_base64',
      'invalid base64 encoding in job name "foo": illegal base64 data at input byte 4',
      'job',
    ],
    [
      '/metrics/job@base64/zqDPgc6_Y!',
      'invalid_base64',
      'invalid base64 encoding in job name "Προ": illegal base64 data at input byte 9',
      'job',
    ],
    [
      '/metrics/job@base64/_w__Zm9v%0A!',
      'invalid_base64',
      'invalid base64 encoding in job name "\\xff\\x0f\\xfffoo": illegal base64 data at input byte 9',
      'job',
    ],
    [
      '/metrics/job/a%2Fb/x/y',
      'odd_label_components',
      'odd number of components in label string "/b/x/y"',
      'y',
    ],
    [
      '/metrics/job/ab/x/y%2Fz',
      'odd_label_components',
      'odd number of components in label string "/x/y/z"',
      'z',
    ],
    [
      '/metrics/job/jz/foo/bar/',
      'odd_label_components',
      'odd number of components in label string "/foo/bar/"',
      '',
    ],
    ['/metrics/job/j/a', 'odd_label_components', 'odd number of components in label string "/a"', 'a'],
    [
      '/metrics/job/q10/a/%F0%9F%98%80/b',
      'odd_label_components',
      'odd number of components in label string "/a/😀/b"',
      'b',
    ],
    [
      '/metrics/job/ab/x@base64/Zm9v!',
      'invalid_base64',
      'invalid base64 encoding for label x="Zm9v!": illegal base64 data at input byte 4',
      'x',
    ],
    [
      '/metrics/job/ab/x@base64/Zm9vY',
      'invalid_base64',
      'invalid base64 encoding for label x="Zm9vY": illegal base64 data at input byte 4',
      'x',
    ],
    [
      '/metrics/job/e3/x@base64/Y%0A',
      'invalid_base64',
      'invalid base64 encoding for label x="Y\\n": illegal base64 data at input byte 1',
      'x',
    ],
    [
      '/metrics/job/e4/x@base64/YQ=Yg',
      'invalid_base64',
      'invalid base64 encoding for label x="YQ=Yg": illegal base64 data at input byte 2',
      'x',
    ],
    [
      '/metrics/job/e24/x@base64/Y===',
      'invalid_base64',
      'invalid base64 encoding for label x="Y===": illegal base64 data at input byte 0',
      'x',
    ],
    [
      '/metrics/job/e20/x@base64/Zm9v%C3%A9',
      'invalid_base64',
      'invalid base64 encoding for label x="Zm9vé": illegal base64 data at input byte 4',
      'x',
    ],
    [
      '/metrics/job/q7/a@base64/%22%5C%E2%80%A8%7F%C2%A0',
      'invalid_base64',
      'invalid base64 encoding for label a="\\"\\\\\\u2028\\x7f\\u00a0": illegal base64 data at input byte 0',
      'a',
    ],
    [
      '/metrics/job/q16/job@base64/!!',
      'invalid_base64',
      'invalid base64 encoding for label job="!!": illegal base64 data at input byte 0',
      'job',
    ],
    ['/metrics/job/j/a-b/c', 'invalid_label_name', 'improper label name "a-b"', 'a-b'],
    ['/metrics/job/j/__a/c', 'invalid_label_name', 'improper label name "__a"', '__a'],
    ['/metrics/job/j/__a@base64/Yw', 'invalid_label_name', 'improper label name "__a"', '__a'],
    ['/metrics/job/j/__/c', 'invalid_label_name', 'improper label name "__"', '__'],
    ['/metrics/job/j/1a/c', 'invalid_label_name', 'improper label name "1a"', '1a'],
    ['/metrics/job/j/a.b/c', 'invalid_label_name', 'improper label name "a.b"', 'a.b'],
    ['/metrics/job/j/a%20b/c', 'invalid_label_name', 'improper label name "a b"', 'a b'],
    ['/metrics/job/j/%F0%9F%98%80/c', 'invalid_label_name', 'improper label name "😀"', '😀'],
    ['/metrics/job/j/a@base64@base64/Yw', 'invalid_label_name', 'improper label name "a@base64"', 'a@base64'],
    ['/metrics/job/j/@base64/Yw', 'invalid_label_name', 'improper label name ""', ''],
    ['/metrics/job/j/@base64@base64/c', 'invalid_label_name', 'improper label name "@base64"', '@base64'],
    // Label errors come before the empty-job error.
    ['/metrics/job@base64/=/a-b/c', 'invalid_label_name', 'improper label name "a-b"', 'a-b'],
    // ...and the first bad pair wins.
    [
      '/metrics/job/j/x@base64/!/a-b/c',
      'invalid_base64',
      'invalid base64 encoding for label x="!": illegal base64 data at input byte 0',
      'x',
    ],
  ])('%s → %s', (path, code, message, label) => {
    const err = refusal(() => decodePath(path));
    expect(err.code).toBe(code);
    expect(err.message).toBe(message);
    expect(err.location).toEqual({ label });
  });

  it('quotes bytes of invalid UTF-8, passed as lone surrogates U+DC80–U+DCFF, as Go does', () => {
    expect(
      refusal(() => decodeGroupingKey({ job: 'j', jobBase64: false, labels: '/a\udcff/c' })).message,
    ).toBe('improper label name "a\\xff"');
    expect(
      refusal(() => decodeGroupingKey({ job: 'j', jobBase64: false, labels: '/a/\udcc3(/b' })).message,
    ).toBe('odd number of components in label string "/a/\\xc3(/b"');
  });

  it('quotes names and values the way Go %q does', () => {
    expect(
      refusal(() => decodePath('/metrics/job/j/a%07%08%0C%0D%0B%1B%C2%85%C2%AD%E2%80%8B%F0%9F%98%80b/v'))
        .message,
    ).toBe('improper label name "a\\a\\b\\f\\r\\v\\x1b\\u0085\\u00ad\\u200b😀b"');
    expect(refusal(() => decodePath('/metrics/job/j/a/%F3%A0%80%81/b')).message).toBe(
      'odd number of components in label string "/a/\\U000e0001/b"',
    );
  });
});

describe('decodeGroupingKey: values that are not UTF-8 (deliberately stricter than Go, bugs §12.2)', () => {
  it.each<[GroupingPath, string]>([
    [{ job: 'uj', jobBase64: false, labels: '/foo@base64/_w' }, 'foo'],
    [{ job: '_w', jobBase64: true, labels: '' }, 'job'],
    [{ job: 'uj', jobBase64: false, labels: '/foo@base64/wKA' }, 'foo'],
    [{ job: 'uj', jobBase64: false, labels: '/foo@base64/7aCA' }, 'foo'],
    [{ job: 'uj', jobBase64: false, labels: '/foo/a\ud800' }, 'foo'],
    [{ job: 'uj', jobBase64: false, labels: '/foo/\udcff' }, 'foo'],
    [{ job: '\udc00', jobBase64: false, labels: '/foo/bar' }, 'job'],
    [{ job: '_w', jobBase64: true, labels: '/foo@base64/_w' }, 'job'],
  ])('%j → invalid_label_value for %s', (input, label) => {
    const err = refusal(() => decodeGroupingKey(input));
    expect(err.code).toBe('invalid_label_value');
    expect(err.message).toBe(`invalid UTF-8 in value of label "${label}"`);
    expect(err.location).toEqual({ label });
  });

  it('reports Go-reachable errors first', () => {
    expect(refusal(() => decodeGroupingKey({ job: '_w', jobBase64: true, labels: '/a' })).code).toBe(
      'odd_label_components',
    );
    expect(
      refusal(() => decodeGroupingKey({ job: 'j', jobBase64: false, labels: '/foo@base64/_w/a-b/c' })).code,
    ).toBe('invalid_label_name');
  });

  it('ignores an invalid value that a later pair or the job overrides', () => {
    expect(decodeGroupingKey({ job: 'j', jobBase64: false, labels: '/a@base64/_w/a/ok' })).toStrictEqual({
      job: 'j',
      a: 'ok',
    });
    expect(decodeGroupingKey({ job: 'j', jobBase64: false, labels: '/job@base64/_w' })).toStrictEqual({
      job: 'j',
    });
  });
});

describe('decodeGroupingKey with utf8 validation (--push.enable-utf8-names)', () => {
  const utf8 = { validation: 'utf8' } as const;

  it.each<[string, GroupingKey]>([
    ['/metrics/job/example/U__foo_2e_bar/baz', { job: 'example', 'foo.bar': 'baz' }],
    ['/metrics/job/example/U__foo_2e_bar@base64/YmF6', { job: 'example', 'foo.bar': 'baz' }],
    ['/metrics/job/example/a-b/c', { job: 'example', 'a-b': 'c' }],
    ['/metrics/job/example/1a/c', { job: 'example', '1a': 'c' }],
    ['/metrics/job/example/U__a_zz_/c', { job: 'example', U__a_zz_: 'c' }],
    ['/metrics/job/example/U__job/c', { job: 'example' }],
  ])('%s', (path, key) => {
    expect(decodePath(path, utf8)).toStrictEqual(key);
  });

  it.each([
    ['/metrics/job/j/@base64/c', 'improper label name ""'],
    ['/metrics/job/j/__a/c', 'improper label name "__a"'],
    // Go checks the reserved prefix only on the escaped form (bug §12.3); we check both.
    ['/metrics/job/j/U___5f__5f_x/c', 'improper label name "U___5f__5f_x"'],
    ['/metrics/job/j/U___5f__5f_x@base64/Yw', 'improper label name "U___5f__5f_x"'],
  ])('%s → %s', (path, message) => {
    const err = refusal(() => decodePath(path, utf8));
    expect(err.code).toBe('invalid_label_name');
    expect(err.message).toBe(message);
  });

  it('refuses names that are not UTF-8', () => {
    expect(
      refusal(() => decodeGroupingKey({ job: 'j', jobBase64: false, labels: '/a\ud800/c' }, utf8)).code,
    ).toBe('invalid_label_name');
  });
});

describe('encodeGroupingPath', () => {
  it.each<[GroupingKey, string]>([
    [{ job: 'testjob' }, '/metrics/job/testjob'],
    [{ job: 'test/job' }, '/metrics/job@base64/dGVzdC9qb2I'],
    [{ job: 'j', foobar: 'bu/ms' }, '/metrics/job/j/foobar@base64/YnUvbXM'],
    [{ job: 'j', empty: '' }, '/metrics/job/j/empty@base64/='],
    [{ job: 'j', label: 'value with spaces' }, '/metrics/job/j/label/value%20with%20spaces'],
    [{ job: 'j', b: 'a+b' }, '/metrics/job/j/b/a%2Bb'],
    [
      { job: 'titan', name: 'Προμηθεύς' },
      '/metrics/job/titan/name/%CE%A0%CF%81%CE%BF%CE%BC%CE%B7%CE%B8%CE%B5%CF%8D%CF%82',
    ],
    [{ job: 'j', key: 'va&lue' }, '/metrics/job/j/key/va%26lue'],
    [{ job: 'j', d: '.' }, '/metrics/job/j/d@base64/Lg'],
    [{ job: '..' }, '/metrics/job@base64/Li4'],
    [{ job: 'j', p: '100%' }, '/metrics/job/j/p@base64/MTAwJQ'],
    [{ job: 'j', w: 'C:\\' }, '/metrics/job/j/w@base64/Qzpc'],
    [{ job: 'j', n: 'a\nb' }, '/metrics/job/j/n@base64/YQpi'],
    [{ job: 'j', z: '1', a: '2', _b: '3', B: '4' }, '/metrics/job/j/B/4/_b/3/a/2/z/1'],
    [{ a: 'x', job: 'j' }, '/metrics/job/j/a/x'],
    [{ job: 'j', dots: '...' }, '/metrics/job/j/dots/...'],
    [{ job: 'j', q: "it's (a) *test*!~" }, "/metrics/job/j/q/it's%20(a)%20*test*!~"],
  ])('%j → %s', (key, path) => {
    expect(encodeGroupingPath(key)).toBe(path);
  });

  it.each<[GroupingKey, ProtocolErrorCode, string]>([
    [{}, 'job_required', 'job name is required'],
    [{ job: '' }, 'job_required', 'job name is required'],
    [{ job: 'j', 'a-b': 'c' }, 'invalid_label_name', 'improper label name "a-b"'],
    [{ job: 'j', __a: 'c' }, 'invalid_label_name', 'improper label name "__a"'],
    [{ job: 'j', '': 'c' }, 'invalid_label_name', 'improper label name ""'],
    [{ job: 'j', a: 'x\ud800' }, 'invalid_label_value', 'value of label "a" is not a well-formed string'],
    [{ job: '\udfff' }, 'invalid_label_value', 'value of label "job" is not a well-formed string'],
  ])('%j → %s', (key, code, message) => {
    const err = refusal(() => encodeGroupingPath(key));
    expect(err.code).toBe(code);
    expect(err.message).toBe(message);
  });

  it('refuses values that are not strings (untyped callers)', () => {
    const key = JSON.parse('{"job":"j","n":1}') as GroupingKey;
    expect(refusal(() => encodeGroupingPath(key)).code).toBe('invalid_label_value');
  });

  it('ignores inherited properties', () => {
    const key = Object.create({ job: 'inherited' }) as GroupingKey;
    expect(refusal(() => encodeGroupingPath(key)).code).toBe('job_required');
  });

  it('escapes non-legacy names under utf8 validation', () => {
    const utf8 = { validation: 'utf8' } as const;
    expect(encodeGroupingPath({ job: 'j', 'foo.bar': 'baz' }, utf8)).toBe('/metrics/job/j/U__foo_2e_bar/baz');
    expect(encodeGroupingPath({ job: 'j', plain: 'v' }, utf8)).toBe('/metrics/job/j/plain/v');
    expect(encodeGroupingPath({ job: 'j', U__a_2e_b: 'v' }, utf8)).toBe('/metrics/job/j/U__U____a__2e__b/v');
    expect(refusal(() => encodeGroupingPath({ job: 'j', 'foo.bar': 'baz' })).code).toBe('invalid_label_name');
    expect(refusal(() => encodeGroupingPath({ job: 'j', '\u{100000}': 'v' }, utf8)).code).toBe(
      'invalid_label_name',
    );
    expect(refusal(() => encodeGroupingPath({ job: 'j', __x: 'v' }, utf8)).code).toBe('invalid_label_name');
  });
});

/** Values full of what paths mangle: separators, dots, escapes, whitespace, non-ASCII. */
const trickyValue = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme-composite' }),
  fc.constantFrom(
    '',
    '.',
    '..',
    '...',
    '/',
    '//',
    '%',
    '%2F',
    '%25',
    '%2e',
    ' ',
    '+',
    '@base64',
    '\\',
    '?#',
    '=',
  ),
  fc
    .array(fc.constantFrom('/', '.', '..', '%', '%2', 'F', ' ', '+', 'é', '😀', '\n', '\0', '\\', 'a', '='), {
      maxLength: 8,
    })
    .map((parts) => parts.join('')),
);

const legacyLabelName = fc
  .stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,10}$/)
  .filter((name) => !name.startsWith('__') && name !== 'job');

function groupingKeyOf(nameArbitrary: fc.Arbitrary<string>): fc.Arbitrary<GroupingKey> {
  return fc
    .tuple(
      trickyValue.filter((job) => job !== ''),
      fc.dictionary(nameArbitrary, trickyValue, { maxKeys: 5 }),
    )
    .map(([job, labels]) => ({ ...labels, job }));
}

describe('encodeGroupingPath ∘ decodeGroupingKey', () => {
  it('round-trips any key with legacy names and any values', () => {
    fc.assert(
      fc.property(groupingKeyOf(legacyLabelName), (key) => {
        const path = encodeGroupingPath(key);
        expect(path).not.toMatch(/\/\/|\/\.\.?(\/|$)/);
        expect(new URL(path, 'http://127.0.0.1').pathname).toBe(path);
        expect(decodePath(path)).toStrictEqual(key);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips any key with UTF-8 names under utf8 validation', () => {
    const utf8Name = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 6 })
      .filter(
        (name) =>
          !name.startsWith('__') &&
          name !== 'job' &&
          [...name].every((c) => (c.codePointAt(0) ?? 0) < 0x100000),
      );
    fc.assert(
      fc.property(groupingKeyOf(utf8Name), (key) => {
        const path = encodeGroupingPath(key, { validation: 'utf8' });
        expect(decodePath(path, { validation: 'utf8' })).toStrictEqual(key);
      }),
      { numRuns: 300 },
    );
  });

  it('decodes base64 of any UTF-8 value, with or without padding', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const b64 = encodeBase64Url(new TextEncoder().encode(value));
        const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
        for (const text of [b64, padded]) {
          expect(
            decodeGroupingKey({ job: 'j', jobBase64: false, labels: `/v@base64/${text}` }),
          ).toStrictEqual({
            job: 'j',
            v: value,
          });
        }
      }),
    );
  });
});

describe('groupingKeyId', () => {
  it("uses Go's groupingKeyFor format", () => {
    expect(groupingKeyId({})).toBe('');
    expect(groupingKeyId({ job: 'j' })).toBe('job\xffj');
    expect(groupingKeyId({ job: 'j', a: '1', instance: '' })).toBe('a\xff1\xffinstance\xff\xffjob\xffj');
  });

  it('does not depend on property order', () => {
    expect(groupingKeyId({ b: '2', job: 'j', a: '1' })).toBe(groupingKeyId({ a: '1', job: 'j', b: '2' }));
  });

  it('spells non-ASCII as UTF-8 bytes and sorts names byte-wise', () => {
    expect(groupingKeyId({ job: 'é' })).toBe('job\xff\xc3\xa9');
    // U+FF5E sorts before U+1F600 in UTF-8, though not in UTF-16.
    expect(groupingKeyId({ '😀': 'b', '～': 'a' })).toBe('\xef\xbd\x9e\xffa\xff\xf0\x9f\x98\x80\xffb');
  });

  it('keeps keys apart that a U+00FF separator would confuse', () => {
    expect(groupingKeyId({ job: 'j', a: '1\xffb\xff2' })).not.toBe(
      groupingKeyId({ job: 'j', a: '1', b: '2' }),
    );
  });

  it('is injective on decoded keys', () => {
    fc.assert(
      fc.property(groupingKeyOf(legacyLabelName), groupingKeyOf(legacyLabelName), (a, b) => {
        const same = JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
        expect(groupingKeyId(a) === groupingKeyId(b)).toBe(same);
      }),
    );
  });

  it('refuses names and values that are not well-formed', () => {
    expect(refusal(() => groupingKeyId({ job: 'j\ud800' })).code).toBe('invalid_label_value');
    expect(refusal(() => groupingKeyId({ job: 'j', '\udc00': 'v' })).code).toBe('invalid_label_name');
  });
});
