/**
 * Orders two strings by code point, which is the byte order of their UTF-8
 * forms and so the order Go's `<` gives: names and labels sort exactly as in
 * the Go pushgateway. (JavaScript's `<` compares UTF-16 code units, which
 * puts U+10000 and above before U+E000–U+FFFF.) Returns a negative number,
 * zero or a positive number.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Surrogates (D800–DFFF) encode code points above FFFF: lift them above E000–FFFF.
      x += x >= 0xe000 ? -0x800 : 0x2000;
      y += y >= 0xe000 ? -0x800 : 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}
