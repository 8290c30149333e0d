/**
 * The web UI in a real headless Chromium (Debian's, driven by playwright-core):
 * push through the API, read the page, filter, delete a group and wipe.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../support/raw-http.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const CHROMIUM = '/usr/bin/chromium';
const screenshots = join(import.meta.dirname, '../../../../.test-artifacts/screenshots');

let gw: TestGateway;
let browser: Browser;
let page: Page;
let http: ReturnType<typeof client>;

beforeAll(async () => {
  gw = await startTestGateway(['--web.enable-admin-api']);
  http = client(gw.base);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // The flags keep Chromium off the network: this machine has none.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('dialog', (dialog) => void dialog.accept());
  mkdirSync(screenshots, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await gw?.close();
});

async function push(path: string, body: string): Promise<void> {
  const response = await http.push('PUT', path, body);
  expect(response.status).toBe(200);
}

describe('the web UI in Chromium', () => {
  it('shows pushed groups with their values, histograms as tables', async () => {
    await push(
      '/metrics/job/backup/db/mysql',
      '# HELP backup_rows Rows copied.\n# TYPE backup_rows counter\nbackup_rows 1234\n' +
        '# TYPE backup_seconds histogram\nbackup_seconds_bucket{le="1"} 2\nbackup_seconds_bucket{le="10"} 5\n' +
        'backup_seconds_bucket{le="+Inf"} 6\nbackup_seconds_sum 31.5\nbackup_seconds_count 6\n',
    );
    await push('/metrics/job/cleaner/path@base64/L3Zhci90bXA', 'files_removed 17\n');
    await page.goto(`${gw.base}/`);
    await expect.poll(() => page.locator('details.group').count()).toBe(2);
    const backup = page.locator('details.group', { hasText: 'backup' });
    await backup.locator('summary').click();
    await expect.poll(() => backup.locator('h3', { hasText: 'backup_rows' }).isVisible()).toBe(true);
    expect(await backup.innerText()).toContain('Rows copied.');
    expect(await backup.locator('table.dist').first().innerText()).toContain('10\t5');
    await page.screenshot({ path: join(screenshots, 'ui-groups.png'), fullPage: true });
  });

  it('filters as you type', async () => {
    await page.goto(`${gw.base}/`);
    await page.fill('input[name="q"]', 'path="/var');
    await expect.poll(() => page.locator('details.group:visible').count()).toBe(1);
    expect(await page.locator('details.group:visible .job').innerText()).toBe('cleaner');
    expect(await page.locator('[data-shown]').innerText()).toBe('1');
  });

  it('deletes a group after confirmation, and it is gone from /metrics', async () => {
    await page.goto(`${gw.base}/`);
    const cleaner = page.locator('details.group', { hasText: 'cleaner' });
    await cleaner.locator('button[data-delete]').click();
    await expect.poll(() => page.locator('details.group').count()).toBe(1);
    const metrics = await http.get('/metrics');
    expect(metrics.text).not.toContain('files_removed');
    expect(metrics.text).toContain('backup_rows{db="mysql",instance="",job="backup"} 1234');
  });

  it('wipes everything with the admin API enabled', async () => {
    await page.goto(`${gw.base}/`);
    await page.click('button[data-wipe]');
    await expect.poll(() => page.locator('p.empty').count()).toBe(1);
    expect((await http.get('/metrics')).text).not.toContain('backup_rows');
  });

  it('shows the status page, usable on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${gw.base}/status`);
    expect(await page.locator('h1').innerText()).toBe('Status');
    expect(await page.locator('dl.status').first().innerText()).toContain('healthy');
    // Evaluated in the page, where the DOM exists (the test itself has no DOM types).
    const overflow = await page.evaluate('document.documentElement.scrollWidth > window.innerWidth');
    expect(overflow).toBe(false);
    await page.screenshot({ path: join(screenshots, 'ui-status-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${gw.base}/status`);
    await page.screenshot({ path: join(screenshots, 'ui-status.png'), fullPage: true });
  });

  it('reads without JavaScript: filter form and expandable groups work', async () => {
    await push('/metrics/job/nojs', 'answer 42\n');
    const context = await browser.newContext({ javaScriptEnabled: false });
    const plain = await context.newPage();
    await plain.goto(`${gw.base}/`);
    await plain.fill('input[name="q"]', 'nojs');
    await plain.click('button[type="submit"]');
    expect(plain.url()).toContain('q=nojs');
    await plain.locator('details.group summary').first().click();
    expect(await plain.locator('details.group').first().innerText()).toContain('answer');
    // Without JavaScript the delete buttons stay hidden: they need the HTTP API.
    expect(await plain.locator('button[data-delete]').first().isVisible()).toBe(false);
    await context.close();
  });
});
