/**
 * Dekker's exact product, the double-double step that the decimal reader
 * (long-decimal.ts) and the float writer (shortest-float.ts) both stand on:
 * `a * b` rounds to a double, and this gives what the rounding lost, exactly,
 * so that the product is known as the sum of two doubles.
 */

/** 10^0 .. 10^22, the powers of ten that are exact doubles. */
export const POWERS_OF_TEN: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** Dekker's splitter for doubles: 2^27 + 1. */
const SPLITTER = 134217729;

/**
 * The exact error of `product`, the rounded `a * b`: `a * b = product + error`
 * with no rounding, for finite `a` and `b` whose product neither overflows nor
 * underflows.
 */
export function productError(a: number, b: number, product: number): number {
  const aSplit = SPLITTER * a;
  const aHigh = aSplit - (aSplit - a);
  const aLow = a - aHigh;
  const bSplit = SPLITTER * b;
  const bHigh = bSplit - (bSplit - b);
  const bLow = b - bHigh;
  return aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow;
}
