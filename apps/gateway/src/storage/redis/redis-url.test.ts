import { describe, expect, it } from 'vitest';
import { describeRedisTarget, parseRedisUrl } from './redis-url.js';

describe('parseRedisUrl', () => {
  it('reads redis:// with defaults, a password, a user and a database', () => {
    expect(parseRedisUrl('redis://cache')).toEqual({
      target: { kind: 'standalone', address: { host: 'cache', port: 6379 }, db: 0, tls: false },
    });
    expect(parseRedisUrl('redis://:s%40cret@10.0.0.5:6380/3')).toEqual({
      target: {
        kind: 'standalone',
        address: { host: '10.0.0.5', port: 6380 },
        db: 3,
        tls: false,
        password: 's@cret',
      },
    });
    expect(parseRedisUrl('redis://gate:pw@[::1]:7000/1')).toEqual({
      target: {
        kind: 'standalone',
        address: { host: '::1', port: 7000 },
        db: 1,
        tls: false,
        username: 'gate',
        password: 'pw',
      },
    });
  });

  it('reads rediss:// as TLS', () => {
    expect(parseRedisUrl('rediss://redis.example:6390/2')).toEqual({
      target: { kind: 'standalone', address: { host: 'redis.example', port: 6390 }, db: 2, tls: true },
    });
  });

  it('reads redis-sentinel:// with several Sentinels, the master name and a database', () => {
    expect(parseRedisUrl('redis-sentinel://:pw@s1:26380,s2,[::1]:26381/mymaster/4')).toEqual({
      target: {
        kind: 'sentinel',
        sentinels: [
          { host: 's1', port: 26380 },
          { host: 's2', port: 26379 },
          { host: '::1', port: 26381 },
        ],
        masterName: 'mymaster',
        db: 4,
        password: 'pw',
      },
    });
    expect(parseRedisUrl('redis-sentinel://s1/main')).toEqual({
      target: { kind: 'sentinel', sentinels: [{ host: 's1', port: 26379 }], masterName: 'main', db: 0 },
    });
  });

  it('refuses what it cannot use, without echoing credentials', () => {
    const problems = [
      'http://cache:6379',
      'cache:6379',
      'redis://cache/db',
      'redis://cache/99999999999',
      'redis://cache/0?timeout=1',
      'redis-sentinel://s1:26379',
      'redis-sentinel://s1:99999/main',
      'redis-sentinel://s1/main/0/extra',
      'redis-sentinel://:hunter2@s1,/main',
    ].map((url) => {
      const parsed = parseRedisUrl(url);
      return 'error' in parsed ? parsed.error.message : 'accepted';
    });
    expect(problems).toEqual([
      '--redis.url must start with redis://, rediss:// or redis-sentinel://',
      '--redis.url must start with redis://, rediss:// or redis-sentinel://',
      '--redis.url has a database that is not a number from 0 to 2147483647',
      '--redis.url has a database that is not a number from 0 to 2147483647',
      '--redis.url must not have a query or fragment',
      '--redis.url needs the master name after the Sentinel addresses',
      '--redis.url has an invalid Sentinel address "s1:99999"',
      '--redis.url has more path segments than /master-name/db',
      '--redis.url has an invalid Sentinel address ""',
    ]);
    expect(problems.join()).not.toContain('hunter2');
  });
});

describe('describeRedisTarget', () => {
  it('shows where Redis is without the credentials', () => {
    const shown = [
      'redis://:pw@cache:6380/2',
      'rediss://u:pw@[::1]/0',
      'redis-sentinel://:pw@s1,s2:1/m%20n/3',
    ].map((url) => {
      const parsed = parseRedisUrl(url);
      return 'target' in parsed ? describeRedisTarget(parsed.target) : parsed.error.message;
    });
    expect(shown).toEqual([
      'redis://cache:6380/2',
      'rediss://[::1]:6379/0',
      'redis-sentinel://s1:26379,s2:1/m%20n/3',
    ]);
  });
});
