import type { MetricFamily } from '@pushgate/protocol';
import { emptyHistogram } from '@pushgate/protocol';
import { describe, expect, it } from 'vitest';
import type { GroupSnapshot, TimestampedFamily } from '../storage/store.js';
import { renderGroupsPage } from './groups-page.js';

const now = Date.UTC(2026, 10, 27, 12, 0, 0);

function group(
  labels: Record<string, string>,
  pushedSecondsAgo: number,
  families: MetricFamily[],
): GroupSnapshot {
  const map = new Map<string, TimestampedFamily>();
  for (const family of families) map.set(family.name, { family, timestampMs: now - pushedSecondsAgo * 1000 });
  return {
    labels: { ...labels },
    families: map,
    lastPushSeconds: (now - pushedSecondsAgo * 1000) / 1000,
    lastFailureSeconds: 0,
    ttlMs: undefined,
  };
}

const gauge = (name: string, value: number, help?: string): MetricFamily => ({
  name,
  type: 'GAUGE',
  ...(help === undefined ? {} : { help }),
  metric: [{ label: [{ name: 'job', value: 'j' }], gauge: { value } }],
});

const histogram: MetricFamily = {
  name: 'latency_seconds',
  type: 'HISTOGRAM',
  metric: [
    {
      label: [],
      histogram: {
        ...emptyHistogram(),
        sampleCount: 3n,
        sampleSum: 0.5,
        bucket: [
          { upperBound: 0.1, cumulativeCount: 1n },
          { upperBound: 1e6, cumulativeCount: 3n },
        ],
      },
    },
  ],
};

const page = (groups: GroupSnapshot[], filter = '', order: 'recent' | 'oldest' | 'labels' = 'recent') =>
  renderGroupsPage({
    groups,
    basePath: '/pg',
    adminApiEnabled: false,
    defaultTtlMs: 0,
    nameValidation: 'legacy',
    filter,
    order,
    nowMs: now,
  });

describe('the groups page', () => {
  const backup = group({ job: 'backup', db: 'mysql' }, 60, [
    gauge('last_success', 1.5e9, 'When it <last> worked'),
  ]);
  const cleaner = group({ job: 'cleaner', path: '/var/tmp' }, 3600, [histogram, gauge('files', 12345678)]);

  it('shows every group with its labels, values and counts', () => {
    const html = page([backup, cleaner]);
    expect(html).toContain('<span class="job">backup</span>');
    expect(html).toContain('db=&quot;mysql&quot;');
    expect(html).toContain('1.2345678e+07');
    expect(html).toMatch(/<strong>2<\/strong> groups/);
    expect(html).toMatch(/<strong>3<\/strong> series/);
    expect(html).toContain(
      'last push <time datetime="2026-11-27T11:59:00.000Z">2026-11-27 11:59:00 UTC (1 min ago)</time>',
    );
  });

  it('renders histograms as a bucket table, not raw lines', () => {
    const html = page([cleaner]);
    expect(html).toContain('<th scope="col">le</th>');
    expect(html).toContain('<td class="num">1e+06</td><td class="num">3</td>');
    expect(html).toContain('count 3 · sum 0.5');
  });

  it('escapes pushed text so it cannot inject markup', () => {
    const evil = group({ job: '<script>alert(1)</script>' }, 5, [
      gauge('x', 1, '"><img src=x onerror=alert(1)>'),
    ]);
    const html = page([evil]);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('filters by job and label text without JavaScript', () => {
    const html = page([backup, cleaner], 'PATH="/var');
    expect(html).toContain('<span class="job">cleaner</span>');
    expect(html).not.toContain('<span class="job">backup</span>');
    expect(html).toMatch(/<strong data-shown>1<\/strong> shown/);
    expect(page([backup], 'nomatch')).toContain('No group matches the filter.');
    expect(page([])).toContain('Nothing has been pushed yet.');
  });

  it('sorts by last push either way, or by labels', () => {
    const position = (html: string, job: string) => html.indexOf(`<span class="job">${job}</span>`);
    const recent = page([cleaner, backup], '', 'recent');
    expect(position(recent, 'backup')).toBeLessThan(position(recent, 'cleaner'));
    const oldest = page([backup, cleaner], '', 'oldest');
    expect(position(oldest, 'cleaner')).toBeLessThan(position(oldest, 'backup'));
  });

  it('shows when a group expires, from its own TTL or the default', () => {
    expect(page([backup])).not.toContain('expires');
    const own = { ...backup, ttlMs: 3_600_000 };
    expect(page([own])).toContain('expires <time datetime="2026-11-27T12:59:00.000Z">');
    const byDefault = renderGroupsPage({
      groups: [backup],
      basePath: '',
      adminApiEnabled: false,
      defaultTtlMs: 120_000,
      nameValidation: 'legacy',
      filter: '',
      order: 'recent',
      nowMs: now,
    });
    expect(byDefault).toContain('(in 1 min)');
  });

  it('lists groups with UTF-8 label names under --push.enable-utf8-names, with paths that delete them', () => {
    const dotted = group({ job: 'x', 'a.b': 'v' }, 5, [gauge('m', 1)]);
    const html = renderGroupsPage({
      groups: [dotted],
      basePath: '',
      adminApiEnabled: false,
      defaultTtlMs: 0,
      nameValidation: 'utf8',
      filter: '',
      order: 'recent',
      nowMs: now,
    });
    expect(html).toContain('data-delete="/metrics/job/x/U__a_2e_b/v"');
  });

  it('offers deletion through the API path of each group, and wipe only with the admin API', () => {
    const html = page([cleaner]);
    expect(html).toContain('data-delete="/metrics/job/cleaner/path@base64/L3Zhci90bXA"');
    expect(html).not.toContain('hidden data-wipe>');
    const admin = renderGroupsPage({
      groups: [cleaner],
      basePath: '',
      adminApiEnabled: true,
      defaultTtlMs: 0,
      nameValidation: 'legacy',
      filter: '',
      order: 'recent',
      nowMs: now,
    });
    expect(admin).toContain('hidden data-wipe>');
  });
});
