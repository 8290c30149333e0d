import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { bcryptHashProblem } from './bcrypt-hash.js';

describe('bcryptHashProblem', () => {
  it('accepts bcrypt hashes of every variant', () => {
    const hash = bcrypt.hashSync('x', 4);
    for (const variant of ['$2a$', '$2b$', '$2y$']) {
      expect(bcryptHashProblem(hash.replace('$2b$', variant))).toBeUndefined();
    }
  });

  it('names what is wrong', () => {
    const hash = bcrypt.hashSync('x', 4);
    expect(bcryptHashProblem('secret')).toBe('too short to be a bcrypt hash');
    expect(bcryptHashProblem(hash.replace('$2b$', '$3b$'))).toMatch(/^not a bcrypt hash/);
    expect(bcryptHashProblem(hash.replace('$04$', '$03$'))).toBe('of cost 3, outside the allowed range 4–31');
    expect(bcryptHashProblem(hash.replace('$04$', '$32$'))).toBe(
      'of cost 32, outside the allowed range 4–31',
    );
  });
});
