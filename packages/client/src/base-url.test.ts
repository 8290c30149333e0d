import { describe, expect, it } from 'vitest';
import { parseBaseUrl } from './base-url.js';
import { isPushgatewayError } from './pushgateway-error.js';

describe('parseBaseUrl', () => {
  it.each([
    ['http://localhost:9091', 'http://localhost:9091', ''],
    ['http://localhost:9091/', 'http://localhost:9091', ''],
    ['localhost:9091', 'http://localhost:9091', ''],
    ['https://gw.example/pushgateway//', 'https://gw.example', '/pushgateway'],
    ['http://h/a%20b/c', 'http://h', '/a%20b/c'],
  ])('%s → origin %s, prefix %j', (url, origin, pathPrefix) => {
    expect(parseBaseUrl(url)).toEqual({ origin, pathPrefix, credentials: undefined });
  });

  it('turns userinfo into credentials, decoded, and keeps it out of the origin', () => {
    expect(parseBaseUrl('http://us%C3%A9r:p%40ss@h:1/p')).toEqual({
      origin: 'http://h:1',
      pathPrefix: '/p',
      credentials: { username: 'usér', password: 'p@ss' },
    });
  });

  it.each([
    ['ftp://h', 'scheme must be http or https, not ftp'],
    ['http://h/?x=1', 'must not have a query or fragment'],
    ['http://h/#top', 'must not have a query or fragment'],
    ['http://', 'not a URL'],
  ])('refuses %s', (url, reason) => {
    let thrown: unknown;
    try {
      parseBaseUrl(url);
    } catch (err) {
      thrown = err;
    }
    expect(isPushgatewayError(thrown, 'invalid_options')).toBe(true);
    expect((thrown as Error).message).toContain(reason);
  });
});
