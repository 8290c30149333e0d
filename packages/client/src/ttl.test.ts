import { describe, expect, it } from 'vitest';
import { formatTtlHeader, isValidTtl } from './ttl.js';

describe('group TTL', () => {
  it.each([
    ['2h', '2h'],
    ['1h30m', '1h30m'],
    ['0', '0'],
    [0, '0'],
    [90, '90s'],
  ] as const)('sends %j as %j', (ttl, header) => {
    expect(isValidTtl(ttl)).toBe(true);
    expect(formatTtlHeader(ttl)).toBe(header);
  });

  it.each(['', '2 hours', '-5m', 1.5, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %j', (ttl) => {
    expect(isValidTtl(ttl)).toBe(false);
  });
});
