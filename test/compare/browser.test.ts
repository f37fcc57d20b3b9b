import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compare, hasPython, tmpDir } from './helpers.js';

/** Debian's chromium, as in test/report/browser.test.ts; playwright never downloads a browser here. */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = fileURLToPath(new URL('../../reports/screenshots/', import.meta.url));

const skip = !existsSync(CHROMIUM) && !process.env['CI'];
const reason = skip ? ` (skipped: ${CHROMIUM} is missing; apt-get install -y chromium to run it)` : '';
/** With Python, a candidate that adds violations (so the page has something to mark); without, the built-in against itself. */
const CANDIDATE = hasPython || process.env['CI'] ? 'python:test/trackers/cmp_adds_violation.py' : 'builtin';

async function open(browser: Browser, path: string): Promise<{ page: Page; log: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1150, height: 900 } });
  const log: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    log.push(`request: ${url}`);
    return route.abort();
  });
  await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
  return { page, log };
}

describe.skipIf(skip)(`a real browser draws the comparison pages${reason}`, () => {
  let browser: Browser;
  let out: string;

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: CI must install Debian's chromium`).toBe(true);
    out = tmpDir('etasim-compare-browser-');
    await compare(['scenarios/intended-default.yaml', 'scenarios/reported-bug.yaml', '--baseline', 'builtin', '--candidate', CANDIDATE, '--out', out]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('a comparison page: one chart with both ETA lines, the true remaining time, stage bands and violation marks; offline, no console error', async () => {
    const { page, log } = await open(browser, join(out, 'intended-default', 'compare.html'));
    const chart = await page.$$eval('svg.marks', (svgs) =>
      svgs.map((svg) => ({
        width: svg.getBoundingClientRect().width,
        lines: [...svg.querySelectorAll('g.mark-line path')].filter((p) => (p.getAttribute('d') ?? '').length > 0).length,
        bands: svg.querySelectorAll('g.mark-rect path, g.mark-rect rect').length,
        rules: svg.querySelectorAll('g.mark-rule.role-mark line').length,
      })),
    );
    expect(chart).toHaveLength(1);
    expect(chart[0]!.width).toBeGreaterThan(600);
    // Baseline, candidate and the dashed true remaining time.
    expect(chart[0]!.lines).toBeGreaterThanOrEqual(3);
    expect(chart[0]!.bands).toBeGreaterThanOrEqual(5);
    if (CANDIDATE !== 'builtin') {
      expect(chart[0]!.rules).toBeGreaterThan(0);
      await expect(page.locator('h1 .badge').innerText()).resolves.toBe('WORSE');
      await expect(page.locator('.verdict li').first().innerText()).resolves.toContain('eta-zero-mid-run');
    }
    await expect(page.locator('table').first().innerText()).resolves.toContain('eta_rise_max_s');
    expect(log).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'compare-intended-default.png'), fullPage: true });
  });

  test('the index links to each page', async () => {
    const { page, log } = await open(browser, join(out, 'index.html'));
    await expect(page.locator('tbody tr').count()).resolves.toBe(2);
    await page.locator('a', { hasText: 'reported-bug' }).click();
    await page.waitForURL(/reported-bug\/compare\.html$/);
    await expect(page.locator('svg.marks').count()).resolves.toBe(1);
    expect(log).toEqual([]);
  });
});
