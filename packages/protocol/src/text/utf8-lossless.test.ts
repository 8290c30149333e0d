import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeUtf8Lossless,
  escapedByteOf,
  firstLoneSurrogate,
  firstUtf8Byte,
  isWellFormedText,
} from './utf8-lossless.js';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('decodeUtf8Lossless', () => {
  it('decodes valid UTF-8 as is and keeps a leading BOM', () => {
    expect(decodeUtf8Lossless(bytes(0xef, 0xbb, 0xbf, 0x6d, 0xc3, 0xa9))).toEqual({
      text: '\ufeffmé',
      valid: true,
    });
  });

  it.each([
    ['a lone continuation byte', [0x80], [0x80]],
    ['an invalid lead byte', [0xff, 0x61], [0xff, 'a']],
    ['a truncated sequence', [0xe2, 0x82], [0xe2, 0x82]],
    ['a truncated sequence before ASCII', [0xe2, 0x82, 0x41], [0xe2, 0x82, 'A']],
    ['an overlong encoding', [0xc0, 0x80], [0xc0, 0x80]],
    ['an overlong three-byte encoding', [0xe0, 0x80, 0x80], [0xe0, 0x80, 0x80]],
    ['a UTF-8 encoded surrogate', [0xed, 0xa0, 0x80], [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80]],
  ])('escapes each byte of %s, as Go reports them', (_what, input, expected) => {
    const decoded = decodeUtf8Lossless(new Uint8Array(input));
    expect(decoded.valid).toBe(false);
    const units = [...decoded.text].map((c) => escapedByteOf(c.charCodeAt(0)) ?? c);
    expect(units).toEqual(expected);
  });

  it('keeps valid sequences next to invalid bytes', () => {
    const decoded = decodeUtf8Lossless(bytes(0xf0, 0x9f, 0x98, 0x80, 0xff, 0xc3, 0xa9));
    expect(decoded.text.slice(0, 2)).toBe('\u{1F600}');
    expect(escapedByteOf(decoded.text.charCodeAt(2))).toBe(0xff);
    expect(decoded.text.slice(3)).toBe('é');
  });

  it('is lossless: every byte string decodes to text that re-encodes to it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (input) => {
        const { text, valid } = decodeUtf8Lossless(input);
        const out: number[] = [];
        for (const char of text) {
          const escaped = escapedByteOf(char.charCodeAt(0));
          if (escaped !== undefined && char.length === 1) out.push(escaped);
          else out.push(...new TextEncoder().encode(char));
        }
        expect(new Uint8Array(out)).toEqual(input);
        expect(valid).toBe(isWellFormedText(text));
      }),
    );
  });
});

describe('firstUtf8Byte', () => {
  it.each([
    ['a', 0x61],
    ['é', 0xc3],
    ['日', 0xe6],
    ['\u{1F600}', 0xf0],
    ['\udcff', 0xff],
    ['\ud800', 0xed],
  ])('gives the byte Go reads first for %j', (text, byte) => {
    expect(firstUtf8Byte(text, 0)).toBe(byte);
  });
});

describe('firstLoneSurrogate', () => {
  it('finds the first unpaired surrogate and skips pairs', () => {
    expect(firstLoneSurrogate('a\u{1F600}b')).toBe(-1);
    expect(firstLoneSurrogate('a\u{1F600}\udcffb')).toBe(3);
    expect(firstLoneSurrogate('\ud800a')).toBe(0);
  });
});
