import { afterEach, describe, expect, it } from 'vitest';
import { formatRfc3339Nano } from './rfc3339.js';

const original = process.env.TZ;
afterEach(() => {
  if (original === undefined) delete process.env.TZ;
  else process.env.TZ = original;
});

describe('formatRfc3339Nano', () => {
  it('writes UTC with Z and trims the fraction', () => {
    process.env.TZ = 'UTC';
    expect(formatRfc3339Nano(Date.UTC(2026, 10, 27, 15, 11, 40, 70) + 0.241567)).toBe(
      '2026-11-27T15:11:40.070242Z',
    );
    expect(formatRfc3339Nano(Date.UTC(2026, 10, 27, 15, 11, 40))).toBe('2026-11-27T15:11:40Z');
    expect(formatRfc3339Nano(Date.UTC(2026, 10, 27, 15, 11, 40, 500))).toBe('2026-11-27T15:11:40.5Z');
  });

  it('writes the local offset', () => {
    process.env.TZ = 'Asia/Kolkata';
    expect(formatRfc3339Nano(1583781848025.7449)).toBe('2020-03-10T00:54:08.025745+05:30');
    process.env.TZ = 'America/New_York';
    expect(formatRfc3339Nano(Date.UTC(2026, 0, 1, 12))).toBe('2026-01-01T07:00:00-05:00');
  });
});
