/**
 * Go compares strings byte-wise, i.e. by UTF-8 bytes, which orders them by
 * code point. JavaScript's `<` compares UTF-16 code units, which disagrees for
 * characters above U+FFFF against U+E000..U+FFFF. This comparison follows Go.
 */

/** Negative, zero or positive as `a` sorts before, with, or after `b` in Go's byte order. */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Move surrogates (code points above U+FFFF) above U+E000..U+FFFF.
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}
