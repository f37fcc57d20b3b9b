import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';

/**
 * What the browser tests of the reports share (test/report, test/compare):
 * the browser, where screenshots go, opening a page offline, and reading
 * its labels, marks and overflowing text.
 */

/** Debian's chromium (`apt-get install chromium`), or ETASIM_CHROMIUM; playwright never downloads a browser here. */
export const CHROMIUM = process.env['ETASIM_CHROMIUM'] ?? '/usr/bin/chromium';
export const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Screenshots land in the repository's (git-ignored) reports folder, for a person to look at. */
export const SCREENSHOTS = fileURLToPath(new URL('../../reports/screenshots/', import.meta.url));

// On a developer's machine without chromium the test is skipped, saying why; in CI it must run.
export const skip = !existsSync(CHROMIUM) && !process.env['CI'];
export const reason = skip ? ` (skipped: ${CHROMIUM} is missing; apt-get install -y chromium to run it)` : '';

/** What a page did wrong while it loaded: console errors, uncaught errors, any request that would leave the file system. */
export interface PageLog {
  readonly errors: string[];
  readonly requests: string[];
}

/** Opens a report from the file system, logging console errors and refusing (and noting) every request that would leave it. */
export async function open(browser: Browser, path: string): Promise<{ page: Page; log: PageLog }> {
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

/**
 * Text that does not fit its box: HTML elements whose content is wider than
 * they are (and that do not scroll on purpose), and SVG text outside its chart.
 */
export function overflows(page: Page) {
  return page.evaluate(() => {
    const bad: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('h1, h2, h3, p, td, th, summary, li, .figure, .mark, .badge, .legend .item')) {
      if (getComputedStyle(el).overflowX !== 'visible' && el.tagName === 'PRE') continue;
      if (el.scrollWidth > el.clientWidth + 1) bad.push(`${el.tagName}.${el.className}: ${el.innerText.slice(0, 60)}`);
    }
    for (const svg of document.querySelectorAll('svg.marks')) {
      const box = svg.getBoundingClientRect();
      for (const t of svg.querySelectorAll('text')) {
        const r = t.getBoundingClientRect();
        if (r.width === 0) continue;
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) bad.push(`svg text: ${t.textContent}`);
      }
    }
    return bad;
  });
}

/** Texts of a chart's labels of one kind (a vega-lite layer name: stage_label, event_label, worst_label, lane_label). */
export function labels(page: Page, kind: string) {
  return page.$$eval(`svg.marks g[class*="${kind}_"]:not([class*="halo"]) text`, (ts) => ts.map((t) => t.textContent ?? ''));
}

/** Per chart: its size and how many marks it drew, counting only paths with a non-empty `d`. */
export function chartMarks(page: Page) {
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

