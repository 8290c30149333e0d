import { describe, expect, it } from 'vitest';
import { exponentialBound } from './exponential-bounds.js';

describe('exponentialBound', () => {
  it('gives the bounds Go gives for common positions', () => {
    // Values from Prometheus' Go bound table and the pushgateway's API test.
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: Go's bound is one ulp below Math.SQRT2, on purpose.
    expect(exponentialBound(1, 1)).toBe(1.414213562373095);
    expect(exponentialBound(-1, 1)).toBe(0.7071067811865475);
    expect(exponentialBound(1, 8) / 2).toBe(0.5013556375251013);
    expect(exponentialBound(2, 8) / 2).toBe(0.5027149505564014);
    expect(exponentialBound(3, 8) / 2).toBe(0.5040779490592088);
  });

  it('covers negative indexes, negative schemas and the overflow edge', () => {
    expect(exponentialBound(0, 3)).toBe(1);
    expect(exponentialBound(8, 3)).toBe(2);
    expect(exponentialBound(-2, 1)).toBe(0.5);
    expect(exponentialBound(3, -2)).toBe(4096);
    expect(exponentialBound(-1, 0)).toBe(0.5);
    expect(exponentialBound(1024, 0)).toBe(Number.MAX_VALUE);
    expect(exponentialBound(256, -2)).toBe(Number.MAX_VALUE);
  });
});
