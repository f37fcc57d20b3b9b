import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatJunit } from '../../src/8-report/formatJunit.js';
import { writeRunReports } from '../../src/9-cli/writeReports.js';
import { runIntended, runPreFix, tmpDir } from './helpers.js';

/** Debian's chromium (`apt-get install chromium`); playwright never downloads a browser here. */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Screenshots land in the repository's (git-ignored) reports folder, for a person to look at. */
const SCREENSHOTS = fileURLToPath(new URL('../../reports/screenshots/', import.meta.url));

// On a developer's machine without chromium the test is skipped, saying why; in CI it must run.
const skip = !existsSync(CHROMIUM) && !process.env['CI'];
const reason = skip ? ` (skipped: ${CHROMIUM} is missing; apt-get install -y chromium to run it)` : '';

/** What a page did wrong while it loaded: console errors, uncaught errors, any request that would leave the file system. */
interface PageLog {
  readonly errors: string[];
  readonly requests: string[];
}

async function open(browser: Browser, path: string): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.newPage({ viewport: { width: 1150, height: 900 } });
  const log: PageLog = { errors: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log.errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    log.requests.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
  return { page, log };
}

/** Per chart: its size and how many marks it drew, counting only paths with a non-empty `d`. */
function chartMarks(page: Page) {
  return page.$$eval('svg.marks', (svgs) =>
    svgs.map((svg) => {
      const drawn = (sel: string) => [...svg.querySelectorAll(`${sel} path`)].filter((p) => (p.getAttribute('d') ?? '').length > 0);
      const box = svg.getBoundingClientRect();
      return {
        width: box.width,
        height: box.height,
        lines: drawn('g.mark-line').length,
        longestLineD: Math.max(0, ...drawn('g.mark-line').map((p) => p.getAttribute('d')!.length)),
        symbols: drawn('g.mark-symbol').length,
        bands: svg.querySelectorAll('g.mark-rect path, g.mark-rect rect').length,
        rules: svg.querySelectorAll('g.mark-rule.role-mark line').length,
        titles: svg.querySelectorAll('title').length,
      };
    }),
  );
}

describe.skipIf(skip)(`a real browser draws the reports${reason}`, () => {
  let browser: Browser;
  let out: string;
  let junit: string;

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: CI must install Debian's chromium (apt-get install -y chromium)`).toBe(true);
    out = tmpDir('etasim-browser-');
    const results = [await runPreFix(out), await runIntended(out)];
    await writeRunReports(results, { outDir: out, html: true });
    junit = formatJunit(results);
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
  });

  test("the pre-fix report: both charts drawn, its legacy writers' marks and the violations present, offline, no console error", async () => {
    const { page, log } = await open(browser, join(out, 'pre-fix', 'report.html'));
    const charts = await chartMarks(page);
    expect(charts).toHaveLength(2);
    for (const c of charts) {
      expect(c.width).toBeGreaterThan(600);
      expect(c.height).toBeGreaterThan(150);
      expect(c.lines).toBeGreaterThanOrEqual(2);
      expect(c.longestLineD).toBeGreaterThan(1000);
      expect(c.symbols).toBeGreaterThan(300);
      expect(c.bands).toBeGreaterThanOrEqual(6);
      expect(c.rules).toBeGreaterThan(0);
      expect(c.titles).toBeGreaterThan(0);
    }
    const legend = await page.locator('.legend').innerText();
    for (const w of ['tracker', 'cpsat_direct', 'ga_direct', 'rl_fallback']) expect(legend).toContain(w);
    await expect(page.locator('svg.marks text', { hasText: 'eta-zero-mid-run' }).count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('.badge').innerText()).resolves.toBe('FAIL');
    expect(log).toEqual({ errors: [], requests: [] });
    await page.locator('.chart').screenshot({ path: join(SCREENSHOTS, 'pre-fix.png') });
    await page.screenshot({ path: join(SCREENSHOTS, 'pre-fix-page.png'), fullPage: true });
  });

  test('the intended report: the tracker alone, a smooth ETA, no violation marks', async () => {
    const { page, log } = await open(browser, join(out, 'intended', 'report.html'));
    const charts = await chartMarks(page);
    expect(charts).toHaveLength(2);
    for (const c of charts) {
      expect(c.lines).toBeGreaterThanOrEqual(2);
      expect(c.longestLineD).toBeGreaterThan(1000);
      expect(c.rules).toBe(0);
    }
    const legend = await page.locator('.legend').innerText();
    expect(legend).toContain('tracker');
    expect(legend).not.toMatch(/cpsat_direct|ga_direct|rl_fallback/);
    await expect(page.locator('.badge').innerText()).resolves.toBe('PASS');
    expect(log).toEqual({ errors: [], requests: [] });
    await page.locator('.chart').screenshot({ path: join(SCREENSHOTS, 'intended.png') });
  });

  test('the index: a row per scenario, each linking to a report that opens', async () => {
    const { page, log } = await open(browser, join(out, 'index.html'));
    await expect(page.locator('tbody tr').count()).resolves.toBe(2);
    await expect(page.locator('tbody tr.fail td').first().innerText()).resolves.toContain('fail');
    await page.screenshot({ path: join(SCREENSHOTS, 'index.png'), fullPage: true });
    await page.locator('a', { hasText: 'intended' }).click();
    await page.waitForURL(/intended\/report\.html$/);
    await expect(page.locator('svg.marks').count()).resolves.toBe(2);
    expect(log).toEqual({ errors: [], requests: [] });
  });

  test("the JUnit report parses in the browser's XML parser", async () => {
    const page = await browser.newPage();
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      return { errors: doc.getElementsByTagName('parsererror').length, testcases: doc.getElementsByTagName('testcase').length };
    }, junit);
    expect(parsed).toEqual({ errors: 0, testcases: 2 });
    expect(readFileSync(join(out, 'pre-fix', 'trace.csv'), 'utf8').startsWith('at_s,view,writer,')).toBe(true);
  });
});
