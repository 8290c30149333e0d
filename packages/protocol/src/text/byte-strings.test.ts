import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asciiSlice,
  cachedAscii,
  cachedAsciiSlot,
  slotString,
  strictUtf8Slice,
  UNCACHED,
  viewOf,
} from './byte-strings.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('cachedAscii', () => {
  it('gives the text of the range, whatever was cached before in its slot', () => {
    // Thousands of distinct strings of every cached length force slot reuse.
    fc.assert(
      fc.property(
        fc.array(
          fc.string({
            unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
            maxLength: 70,
          }),
          {
            minLength: 1,
            maxLength: 200,
          },
        ),
        (texts) => {
          const bytes = encode(`<${texts.join('|')}>`);
          const view = viewOf(bytes);
          let start = 1;
          for (const text of texts) {
            expect(cachedAscii(bytes, view, start, start + text.length)).toBe(text);
            start += text.length + 1;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('tells apart strings that differ in one byte, in the word-wise or the byte-wise part', () => {
    const bytes = encode('abcdefgh abcdefgX abcdeXgh Xbcdefgh abcdefg abc abX');
    const view = viewOf(bytes);
    const words = ['abcdefgh', 'abcdefgX', 'abcdeXgh', 'Xbcdefgh', 'abcdefg', 'abc', 'abX'];
    for (let round = 0; round < 2; round++) {
      let start = 0;
      for (const word of words) {
        expect(cachedAscii(bytes, view, start, start + word.length)).toBe(word);
        start += word.length + 1;
      }
    }
  });

  it('reads a range inside a view that does not start at the buffer start', () => {
    const backing = encode('xxxx m{job="batch"} 1\n');
    const bytes = backing.subarray(5);
    expect(cachedAscii(bytes, viewOf(bytes), 7, 12)).toBe('batch');
  });

  it('makes strings longer than the cached ones directly', () => {
    const long = 'x'.repeat(200);
    const bytes = encode(long);
    expect(cachedAscii(bytes, viewOf(bytes), 0, 200)).toBe(long);
  });

  it('gives the empty string for an empty range', () => {
    const bytes = encode('ab');
    expect(cachedAscii(bytes, viewOf(bytes), 1, 1)).toBe('');
  });
});

describe('cachedAsciiSlot', () => {
  it('gives a slot that holds the text of the range until the next lookup', () => {
    const bytes = encode('alpha beta alpha');
    const view = viewOf(bytes);
    const alpha = cachedAsciiSlot(bytes, view, 0, 5);
    expect(slotString(alpha)).toBe('alpha');
    const beta = cachedAsciiSlot(bytes, view, 6, 10);
    expect(slotString(beta)).toBe('beta');
    expect(cachedAsciiSlot(bytes, view, 11, 16)).toBe(alpha);
    expect(slotString(alpha)).toBe('alpha');
  });

  it('gives UNCACHED for a range longer than the cached strings', () => {
    const bytes = encode('y'.repeat(65));
    expect(cachedAsciiSlot(bytes, viewOf(bytes), 0, 65)).toBe(UNCACHED);
    expect(slotString(cachedAsciiSlot(bytes, viewOf(bytes), 0, 64))).toBe('y'.repeat(64));
  });
});

describe('asciiSlice and strictUtf8Slice', () => {
  it('copy a range of bytes into a string', () => {
    expect(asciiSlice(encode('hello world'), 6, 11)).toBe('world');
    expect(strictUtf8Slice(encode('a日本é'), 1, 10)).toBe('日本é');
  });

  it('keep a byte order mark, as Go does', () => {
    expect(strictUtf8Slice(encode('\ufeffm'), 0, 4)).toBe('\ufeffm');
  });

  it('refuse invalid UTF-8', () => {
    expect(strictUtf8Slice(Uint8Array.from([0x61, 0xff]), 0, 2)).toBeUndefined();
    expect(strictUtf8Slice(Uint8Array.from([0xe2, 0x82]), 0, 2)).toBeUndefined();
    expect(strictUtf8Slice(Uint8Array.from([0xed, 0xa0, 0x80]), 0, 3)).toBeUndefined();
  });
});
