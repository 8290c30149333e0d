import { describe, expect, it } from 'vitest';
import { parseExternalUrl } from './external-url.js';
import { apiPathFor, computeRoutePrefix, telemetryPathFor } from './route-prefix.js';

describe('computeRoutePrefix', () => {
  it('follows Go 1.11: flag, else the external URL’s path; / is none; one leading slash, one trailing slash less', () => {
    const cases: [string, string, string][] = [
      ['', '', ''],
      ['/', '/foo', ''],
      ['', '/foo/', '/foo'],
      ['/pg/', '', '/pg'],
      ['pg', '', '/pg'],
      ['/a/b', '/ignored', '/a/b'],
      ['/pg//', '', '/pg/'],
    ];
    for (const [flag, externalPath, prefix] of cases)
      expect(computeRoutePrefix(flag, externalPath)).toBe(prefix);
  });

  it('places the API and the telemetry path under the prefix', () => {
    expect(apiPathFor('')).toBe('/api');
    expect(apiPathFor('/pg')).toBe('/pg/api');
    expect(telemetryPathFor('', '/metrics')).toBe('/metrics');
    expect(telemetryPathFor('/pg', 'metrics/')).toBe('/pg/metrics');
    expect(telemetryPathFor('', '/a//b/../c')).toBe('/a/c');
  });
});

describe('parseExternalUrl', () => {
  it('reads the path of absolute URLs and relative references', () => {
    expect(parseExternalUrl('http://example.com/foo/')).toEqual({ path: '/foo/' });
    expect(parseExternalUrl('http://example.com')).toEqual({ path: '/' });
    expect(parseExternalUrl('foo/bar?x#y')).toEqual({ path: 'foo/bar' });
    expect(parseExternalUrl('https://h/a%20b')).toEqual({ path: '/a b' });
    expect(parseExternalUrl('')).toEqual({ path: '' });
    expect(parseExternalUrl('mailto:x')).toEqual({ path: '' });
  });

  it('refuses what Go’s url.Parse refuses', () => {
    expect(parseExternalUrl(':bad')).toEqual({ error: 'invalid URL: parse ":bad": missing protocol scheme' });
    expect(parseExternalUrl('http://h/\n')).toHaveProperty('error');
    expect(parseExternalUrl('/a%zz')).toHaveProperty('error');
  });
});
