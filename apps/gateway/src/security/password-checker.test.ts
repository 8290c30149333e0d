import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { createPasswordChecker } from './password-checker.js';

describe('createPasswordChecker', () => {
  const hash = bcrypt.hashSync('secret', 4);

  it('accepts the right password only, never an unknown user or a broken hash', async () => {
    const checker = createPasswordChecker();
    expect(await checker.verify('alice', hash, 'secret')).toBe(true);
    expect(await checker.verify('alice', hash, 'Secret')).toBe(false);
    expect(await checker.verify('mallory', undefined, 'secret')).toBe(false);
    expect(await checker.verify('alice', 'not a hash', 'secret')).toBe(false);
    expect(await checker.verify('alice', hash.replace('$2b$', '$2x$'), 'secret')).toBe(false);
  });

  it('checks an unknown user as slowly as a known one (a cost-10 comparison)', async () => {
    const checker = createPasswordChecker();
    const started = performance.now();
    expect(await checker.verify('nobody', undefined, 'guess')).toBe(false);
    // A cost-4 hash takes a few milliseconds; cost 10 is 64 times the work.
    expect(performance.now() - started).toBeGreaterThan(20);
  });

  it('remembers outcomes and shares checks in flight', async () => {
    const checker = createPasswordChecker();
    const slowHash = bcrypt.hashSync('pw', 8);
    const first = performance.now();
    const results = await Promise.all(Array.from({ length: 20 }, () => checker.verify('u', slowHash, 'pw')));
    const firstMs = performance.now() - first;
    expect(results.every(Boolean)).toBe(true);
    const again = performance.now();
    expect(await checker.verify('u', slowHash, 'pw')).toBe(true);
    expect(performance.now() - again).toBeLessThan(firstMs / 5);
    // A new hash for the same user is checked afresh.
    expect(await checker.verify('u', bcrypt.hashSync('other', 4), 'pw')).toBe(false);
  });
});
