import { describe, expect, it } from 'vitest';
import { renderStatusPage } from './status-page.js';

describe('the status page', () => {
  it('shows version, start time, store, health and every flag', () => {
    const html = renderStatusPage({
      basePath: '',
      version: '1.2.3',
      startTimeMs: Date.UTC(2026, 0, 1),
      nowMs: Date.UTC(2026, 0, 2),
      flags: { 'web.listen-address': ':9091', 'persistence.file': '' },
      storeKind: 'memory',
      storeHealth: undefined,
      build: { version: '1.2.3', nodeVersion: 'v20.20.2' },
    });
    expect(html).toContain('<dt>Version</dt><dd>1.2.3</dd>');
    expect(html).toContain('2026-01-01 00:00:00 UTC (1 d ago)');
    expect(html).toContain('<dt>web.listen-address</dt><dd>:9091</dd>');
    expect(html).toContain('<span class="badge ok">healthy</span>');
  });

  it('says why the store is unhealthy', () => {
    const html = renderStatusPage({
      basePath: '',
      version: '1',
      startTimeMs: 0,
      nowMs: 0,
      flags: {},
      storeKind: 'redis redis://127.0.0.1:6379/0',
      storeHealth: 'redis unreachable: connect ECONNREFUSED',
      build: {},
    });
    expect(html).toContain('unhealthy</span> redis unreachable: connect ECONNREFUSED');
  });
});
