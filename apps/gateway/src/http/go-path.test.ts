import { describe, expect, it } from 'vitest';
import {
  cleanPath,
  decodeRequestPath,
  escapeGoPath,
  fromRoutingPath,
  goRedirectLocation,
  toRoutingPath,
} from './go-path.js';

describe('decodeRequestPath', () => {
  it('percent-decodes like url.PathUnescape, keeping + and invalid UTF-8 bytes', () => {
    expect(decodeRequestPath('/a%2Fb/%CE%A0+x')).toEqual({ path: '/a/b/Π+x' });
    expect(decodeRequestPath('/plain')).toEqual({ path: '/plain' });
    expect(decodeRequestPath('/x/%FF')).toEqual({ path: '/x/\udcff' });
    expect(decodeRequestPath('/x/%C3')).toEqual({ path: '/x/\udcc3' });
  });

  it('refuses malformed escapes', () => {
    expect(decodeRequestPath('/a%zz')).toEqual({ error: 'invalid URL escape "%zz"' });
    expect(decodeRequestPath('/a%2')).toEqual({ error: 'invalid URL escape "%2"' });
  });
});

describe('cleanPath', () => {
  it('resolves dot segments and double slashes, keeping a trailing slash', () => {
    const cases: [string, string][] = [
      ['/metrics/job//x', '/metrics/job/x'],
      ['/a/./b/', '/a/b/'],
      ['/a/../b', '/b'],
      ['/..', '/'],
      ['/a/..', '/'],
      ['/a/../', '/'],
      ['a', '/a'],
      ['/', '/'],
    ];
    for (const [path, clean] of cases) expect(cleanPath(path)).toBe(clean);
  });
});

describe('escaping', () => {
  it('escapes Location paths as Go does', () => {
    expect(escapeGoPath('/metrics/job/Π/a b?c')).toBe('/metrics/job/%CE%A0/a%20b%3Fc');
    expect(escapeGoPath("/$&+,:;=@-_.~!'()*")).toBe('/$&+,:;=@-_.~%21%27%28%29%2A');
    expect(escapeGoPath('/\udcff')).toBe('/%FF');
  });

  it('round-trips routing paths, leaving / as the only separator', () => {
    for (const path of ['/metrics/job@base64/x', '/a b/%/\\/Π/\udcff/?#', "/(x)!*'"]) {
      const routing = toRoutingPath(path);
      expect(routing).toMatch(/^[A-Za-z0-9\-_.~!$&'()*+,;=:@/%]*$/);
      expect(routing.split('/').length).toBe(path.split('/').length);
      expect(fromRoutingPath(routing)).toBe(path);
    }
  });

  it('builds redirect locations with the query, cleaned once more', () => {
    expect(goRedirectLocation('/metrics/job/x', '')).toBe('/metrics/job/x');
    expect(goRedirectLocation('/metrics', 'q=1')).toBe('/metrics?q=1');
    expect(goRedirectLocation('/a', 'x=//b')).toBe('/a?x=/b');
  });
});
