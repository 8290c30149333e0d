import { describe, expect, it } from 'vitest';
import { allows, requiredPermission } from './request-permission.js';

describe('requiredPermission', () => {
  it('needs scrape for reading, push for group changes, admin for the rest', () => {
    const cases: [string, string, string, string][] = [
      ['GET', '/metrics', '', 'scrape'],
      ['HEAD', '/api/v1/metrics', '', 'scrape'],
      ['OPTIONS', '/metrics/job/x', '', 'scrape'],
      ['PUT', '/metrics/job/x', '', 'push'],
      ['POST', '/metrics/job@base64/eA==/a/b', '', 'push'],
      ['DELETE', '/pg/metrics/job/x', '/pg', 'push'],
      ['PUT', '/Metrics/JOB/x', '', 'push'],
      ['DELETE', '/metrics/job', '', 'admin'],
      ['PUT', '/metrics/jobs/x', '', 'admin'],
      ['PUT', '/metrics/job/x', '/pg', 'admin'],
      ['PUT', '/api/v1/admin/wipe', '', 'admin'],
      ['POST', '/-/quit', '', 'admin'],
      ['PUT', '/metrics/job/x/../../../api/v1/admin/wipe', '', 'admin'],
      ['PUT', '/metrics/job/x/%2e%2e/%2e%2e/%2e%2e/-/quit', '', 'admin'],
      ['PUT', '/metrics/job/%zz', '', 'admin'],
      ['PATCH', '/metrics/job/x', '', 'admin'],
    ];
    for (const [method, path, prefix, needed] of cases) {
      expect({ method, path, needed: requiredPermission(method, path, prefix) }).toEqual({
        method,
        path,
        needed,
      });
    }
  });

  it('lets admin do everything and the others only their own', () => {
    expect(allows(new Set(['admin']), 'push')).toBe(true);
    expect(allows(new Set(['admin']), 'scrape')).toBe(true);
    expect(allows(new Set(['push']), 'scrape')).toBe(false);
    expect(allows(new Set(['scrape']), 'push')).toBe(false);
    expect(allows(new Set(), 'scrape')).toBe(false);
  });
});
