import { describe, expect, it } from 'vitest';
import { goByteAsRune, goQuote, goQuoteByte } from './go-quote.js';
import { decodeUtf8Lossless } from './utf8-lossless.js';

/** The text the parser sees for raw bytes (invalid ones as escaped bytes). */
function fromBytes(...bytes: number[]): string {
  return decodeUtf8Lossless(new Uint8Array(bytes)).text;
}

describe('goQuote (Go %q of a string)', () => {
  // Expected strings printed by go1.19 fmt.Sprintf("%q", s).
  it.each([
    ['', '""'],
    ['abc', '"abc"'],
    ['a"b', '"a\\"b"'],
    ['a\\b', '"a\\\\b"'],
    ['new\nline', '"new\\nline"'],
    ['tab\t', '"tab\\t"'],
    ['cr\r', '"cr\\r"'],
    ['\u0000\u0007\u0008\u000b\u000c\u001f\u007f', '"\\x00\\a\\b\\v\\f\\x1f\\x7f"'],
    ['é', '"é"'],
    ['\u00a0', '"\\u00a0"'],
    ['\u00ad', '"\\u00ad"'],
    ['\u0085', '"\\u0085"'],
    ['\u2028', '"\\u2028"'],
    ['\u{1F600}', '"😀"'],
    ['\ufffd', '"�"'],
    ['日本', '"日本"'],
    ['\u200b', '"\\u200b"'],
    ['\u{E0001}', '"\\U000e0001"'],
    ["'", '"\'"'],
  ])('quotes %j as %s', (input, quoted) => {
    expect(goQuote(input)).toBe(quoted);
  });

  it.each([
    [[0xff], '"\\xff"'],
    [[0xe2, 0x82], '"\\xe2\\x82"'],
    [[0xed, 0xa0, 0x80], '"\\xed\\xa0\\x80"'],
    [[0x61, 0xff, 0x62], '"a\\xffb"'],
    [[0xc3, 0xa9, 0xff], '"é\\xff"'],
  ])('quotes invalid UTF-8 %j byte by byte', (bytes, quoted) => {
    expect(goQuote(fromBytes(...bytes))).toBe(quoted);
  });

  it('quotes a lone surrogate typed into a string as the bytes Go would see', () => {
    expect(goQuote('\ud800')).toBe('"\\xed\\xa0\\x80"');
  });
});

describe('goQuoteByte and goByteAsRune (Go %q and %c of a byte)', () => {
  // Expected strings printed by go1.19 fmt.Sprintf("%q", b) and ("%c", b).
  it.each([
    [0x2b, "'+'", '+'],
    [0x22, `'"'`, '"'],
    [0x27, "'\\''", "'"],
    [0x5c, "'\\\\'", '\\'],
    [0x0a, "'\\n'", '\n'],
    [0x09, "'\\t'", '\t'],
    [0x00, "'\\x00'", '\u0000'],
    [0x7f, "'\\x7f'", '\u007f'],
    [0x80, "'\\u0080'", '\u0080'],
    [0x9f, "'\\u009f'", '\u009f'],
    [0xa0, "'\\u00a0'", '\u00a0'],
    [0xad, "'\\u00ad'", '\u00ad'],
    [0xc3, "'Ã'", 'Ã'],
    [0xff, "'ÿ'", 'ÿ'],
    [0x20, "' '", ' '],
  ])('renders byte %s as %s and %j', (byte, quoted, rune) => {
    expect(goQuoteByte(byte)).toBe(quoted);
    expect(goByteAsRune(byte)).toBe(rune);
  });
});
