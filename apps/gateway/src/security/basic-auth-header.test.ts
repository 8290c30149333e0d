import { describe, expect, it } from 'vitest';
import { parseBasicAuth } from './basic-auth-header.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('parseBasicAuth', () => {
  it('reads user and password as Go’s Request.BasicAuth does', () => {
    expect(parseBasicAuth(`Basic ${b64('alice:secret')}`)).toEqual({ user: 'alice', password: 'secret' });
    expect(parseBasicAuth(`bAsIc ${b64('a:b:c')}`)).toEqual({ user: 'a', password: 'b:c' });
    expect(parseBasicAuth(`Basic ${b64(':')}`)).toEqual({ user: '', password: '' });
    expect(parseBasicAuth(`Basic ${b64('ü:€')}`)).toEqual({ user: 'ü', password: '€' });
  });

  it('refuses everything else', () => {
    for (const header of [
      undefined,
      '',
      'Basic',
      `Basic  ${b64('a:b')}`,
      `Bearer ${b64('a:b')}`,
      `Basic ${b64('nocolon')}`,
      `Basic ${b64('a:bc').replace(/=+$/, '')}`,
      `Basic ${Buffer.from('a:b?>').toString('base64url')}`,
      'Basic !!!!',
      `Basic ${Buffer.from([0x61, 0x3a, 0xff]).toString('base64')}`,
    ]) {
      expect({ header, parsed: parseBasicAuth(header) }).toEqual({ header, parsed: undefined });
    }
  });
});
