import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, decodeBase64UrlPartially, encodeBase64Url } from './base64.js';
import { ProtocolError } from './errors.js';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('decodeBase64Url', () => {
  // Verified against Go pushgateway 1.5.1 (behaviour notes §3.2, §15.5, and our own runs).
  it.each([
    ['L3Zhci90bXA', '/var/tmp'],
    ['dGVzdC9qb2I=', 'test/job'],
    ['dGVzdC9qb2I', 'test/job'],
    ['zqDPgc6_zrzOt864zrXPjc-C', 'Προμηθεύς'],
    ['YQ==', 'a'],
    ['YQ=', 'a'],
    ['YQ', 'a'],
    ['YQ=====', 'a'],
    ['Zm9vYg', 'foob'],
    ['YWJj=', 'abc'],
    ['YWJ=', 'ab'],
    ['', ''],
    ['=', ''],
    ['==', ''],
    ['===', ''],
    // CR and LF are skipped anywhere.
    ['YQ\n', 'a'],
    ['Y\nQ', 'a'],
    ['\n', ''],
    ['Zm9v\r\nYg', 'foob'],
    // Unused trailing bits are not checked (RawURLEncoding is not strict).
    ['YR', 'a'],
    ['YWJk', 'abd'],
  ])('%j → %j', (input, decoded) => {
    expect(text(decodeBase64Url(input))).toBe(decoded);
  });

  it.each([
    ['a+b', 1],
    ['Zm9v!', 4],
    ['Zm9vY', 4],
    ['YQ=Yg', 2],
    ['Y\n', 1],
    ['Zm9vY\n', 5],
    ['Zm9v\nY', 5],
    ['Y===', 0],
    ['Zm9vé', 4],
    ['"\\\u2028', 0],
    ['!!', 0],
    ['ab/c', 2],
    ['Zm9v Yg', 4],
  ])('%j → illegal base64 data at input byte %i', (input, offset) => {
    let caught: unknown;
    try {
      decodeBase64Url(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ProtocolError);
    expect(caught).toMatchObject({
      code: 'invalid_base64',
      message: `illegal base64 data at input byte ${offset}`,
    });
  });

  it.each([
    ['Zm9vY', 'foo', 4],
    ['Zm9vYm!', 'foo', 6],
    ['Zm9vYmFy!', 'foobar', 8],
    ['Zm9v\nYmFy\n!', 'foobar', 10],
    ['!Zm9v', '', 0],
  ])('%j keeps %j decoded before the error at byte %i, as Go returns it', (input, prefix, offset) => {
    const { bytes, error } = decodeBase64UrlPartially(input);
    expect(text(bytes)).toBe(prefix);
    expect(error).toMatchObject({
      code: 'invalid_base64',
      message: `illegal base64 data at input byte ${offset}`,
    });
  });

  it('returns no error when decoding succeeds', () => {
    expect(decodeBase64UrlPartially('YWJj')).toStrictEqual({ bytes: new TextEncoder().encode('abc') });
  });

  it('decodes all byte values', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(decodeBase64Url(Buffer.from(all).toString('base64url'))).toEqual(all);
  });
});

describe('encodeBase64Url', () => {
  it.each([
    ['', ''],
    ['a', 'YQ'],
    ['ab', 'YWI'],
    ['abc', 'YWJj'],
    ['test/job', 'dGVzdC9qb2I'],
    ['Προμηθεύς', 'zqDPgc6_zrzOt864zrXPjc-C'],
  ])('%j → %j', (input, encoded) => {
    expect(encodeBase64Url(new TextEncoder().encode(input))).toBe(encoded);
  });

  it('agrees with Node base64url and round-trips through decodeBase64Url', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const encoded = encodeBase64Url(bytes);
        expect(encoded).toBe(Buffer.from(bytes).toString('base64url'));
        expect(decodeBase64Url(encoded)).toEqual(bytes);
        expect(decodeBase64Url(`${encoded}==`)).toEqual(bytes);
      }),
    );
  });
});
