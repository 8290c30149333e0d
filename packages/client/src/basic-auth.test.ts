import { describe, expect, it } from 'vitest';
import { basicAuthorization } from './basic-auth.js';

describe('basicAuthorization', () => {
  it('encodes ASCII credentials as RFC 7617 does', () => {
    // The example of RFC 7617 §2.
    expect(basicAuthorization({ username: 'Aladdin', password: 'open sesame' })).toBe(
      'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
    );
  });

  it('encodes non-ASCII credentials as UTF-8', () => {
    expect(basicAuthorization({ username: 'test', password: '123£' })).toBe('Basic dGVzdDoxMjPCow==');
  });
});
