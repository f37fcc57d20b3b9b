import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatJunit } from '../../src/8-report/formatJunit.js';
import { writeRunReports } from '../../src/9-cli/writeReports.js';
import { loadScenarioFile } from '../../src/6-formats/scenario/load.js';
import { runOne } from '../../src/7-orchestration/suite/runSuite.js';
import { traceWriter } from '../../src/9-cli/writeReports.js';
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

/** A scenario file of the library, run through the suite runner with its trace in `outDir`. */
async function runLibrary(outDir: string, name: string) {
  const scenario = await loadScenarioFile(fileURLToPath(new URL(`../../scenarios/${name}.yaml`, import.meta.url)));
  return runOne(scenario, { saveTrace: traceWriter(outDir), cwd: outDir });
}

/**
 * Text that does not fit its box: HTML elements whose content is wider than
 * they are (and that do not scroll on purpose), and SVG text outside its chart.
 */
function overflows(page: Page) {
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
function labels(page: Page, kind: string) {
  return page.$$eval(`svg.marks g[class*="${kind}_"]:not([class*="halo"]) text`, (ts) => ts.map((t) => t.textContent ?? ''));
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
    const results = [
      await runPreFix(out),
      await runIntended(out),
      await runLibrary(out, 'reported-bug'),
      await runLibrary(out, 'intended-default'),
      await runLibrary(out, 'fault-tracker-errors'),
      await runLibrary(out, 'cancel-during-ga'),
    ];
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
    // ETA, progress, and the violations' lanes.
    expect(charts).toHaveLength(3);
    for (const c of charts.slice(0, 2)) {
      expect(c.width).toBeGreaterThan(600);
      expect(c.height).toBeGreaterThan(150);
      expect(c.lines).toBeGreaterThanOrEqual(1);
      expect(c.longestLineD).toBeGreaterThan(1000);
      expect(c.symbols).toBeGreaterThan(300);
      expect(c.bands).toBeGreaterThanOrEqual(6);
      expect(c.titles).toBeGreaterThan(0);
    }
    // Every violation is a tick on the lanes chart.
    expect(charts[2]!.rules).toBeGreaterThan(100);
    const legend = await page.locator('.legend').first().innerText();
    for (const w of ['tracker', 'cpsat_direct', 'ga_direct', 'rl_fallback']) expect(legend).toContain(w);
    await expect(page.locator('svg.marks text', { hasText: 'eta-zero-mid-run' }).count()).resolves.toBeGreaterThan(0);
    // Expected nothing, broke four invariants: unexpected.
    await expect(page.locator('.headline .badge').innerText()).resolves.toBe('unexpected');
    await expect(page.locator('.headline .mark').innerText()).resolves.toBe('trace: 4 invariants broken');
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
    }
    const legend = await page.locator('.legend').first().innerText();
    expect(legend).toContain('tracker');
    expect(legend).not.toMatch(/cpsat_direct|ga_direct|rl_fallback/);
    await expect(page.locator('.headline .badge').innerText()).resolves.toBe('as expected');
    expect(log).toEqual({ errors: [], requests: [] });
    await page.locator('.chart').screenshot({ path: join(SCREENSHOTS, 'intended.png') });
  });

  test('the reported bug at a glance: verdict in words, both marks, headline figures with units, the transition, grouped violations, readable stages', async () => {
    const { page, log } = await open(browser, join(out, 'reported-bug', 'report.html'));
    await expect(page.locator('.headline .badge').innerText()).resolves.toBe('as expected');
    await expect(page.locator('.headline .mark').innerText()).resolves.toBe('trace: 4 invariants broken');
    await expect(page.locator('.verdict-line .line').innerText()).resolves.toMatch(/^Expected failure reproduced: 4 invariants broken \(eta-jump, eta-zero-mid-run, progress-regression, single-writer\), as the scenario expects\.$/);
    const figures = await page.locator('.figure').allInnerTexts();
    expect(figures).toHaveLength(3);
    expect(figures[0]).toMatch(/ETA mean error against the truth\s+[\d.]+ (s|min|h)/);
    expect(figures[1]).toMatch(/ETA worst error\s+[\d.]+ (s|min|h)/);
    expect(figures[2]).toMatch(/longest still ETA\s+[\d.]+ (s|min|h)/);
    // The bug itself: CP-SAT's 0, then the tracker's 8 min at GA's start.
    const events = await labels(page, 'event_label');
    expect(events).toContain('CP-SAT → GA: ETA 0 s → 8.1 min');
    expect(events).toContain('end: completed');
    const worst = await labels(page, 'worst_label');
    expect(worst.some((t) => t.startsWith('eta-jump (worst of '))).toBe(true);
    expect(worst.some((t) => t.startsWith('eta-zero-mid-run'))).toBe(true);
    const lanes = await labels(page, 'lane_label');
    expect(lanes).toHaveLength(4);
    expect(lanes.find((t) => t.startsWith('eta-jump × '))).toMatch(/^eta-jump × \d+ between [\d.]+ s and [\d.]+ s, .*cpsat_direct/);
    // Every stage band labelled (full name or short name), with the full name in the legend and on hover.
    const stages = await labels(page, 'stage_label');
    for (const s of ['Creating initial schedule', 'Optimizing quality', 'RL', 'Final']) expect(stages).toContain(s);
    expect(stages.filter((t) => t.endsWith('…'))).toEqual([]);
    const stageLegend = await page.locator('.legend.stages').innerText();
    for (const s of ['Resolving conflicts (rl)', 'Finalizing timetable (finalize)', 'Loading courses and students (load_data)']) expect(stageLegend).toContain(s);
    await expect(page.locator('svg.marks title', { hasText: 'Resolving conflicts (rl)' }).count()).resolves.toBeGreaterThan(0);
    // Grouped in the list, every instance one click away.
    await expect(page.locator('details summary').count()).resolves.toBe(4);
    await expect(page.locator('details[open]').count()).resolves.toBeLessThan(4);
    // Words and units, virtual time named.
    const body = await page.locator('body').innerText();
    expect(body).toContain('Stages (virtual times of the run)');
    expect(body).not.toContain('real times');
    expect(body).toContain('longest still ETA eta_stuck_max_s');
    expect(await page.locator('svg.marks text', { hasText: 'virtual time since start (s)' }).count()).toBeGreaterThanOrEqual(3);
    expect(await overflows(page)).toEqual([]);
    expect(log).toEqual({ errors: [], requests: [] });
    await page.screenshot({ path: join(SCREENSHOTS, 'reported-bug.png'), fullPage: true });
  });

  test('intended-default: no invariant broken, but the page says how far off the ETA was', async () => {
    const { page, log } = await open(browser, join(out, 'intended-default', 'report.html'));
    await expect(page.locator('.headline .mark').innerText()).resolves.toBe('trace: no invariant broken');
    await expect(page.locator('.verdict-line .line').innerText()).resolves.toContain("The invariants do not judge the ETA's accuracy");
    const figures = await page.locator('.figure .value').allInnerTexts();
    expect(figures.every((f) => /^[\d.]+ (s|min|h)/.test(f))).toBe(true);
    const none = await page.locator('h2:has-text("Violations") + p').innerText();
    expect(none).toMatch(/^None: no invariant broke\. The invariants do not judge the ETA's accuracy; the figures do: ETA mean error against the truth [\d.]+ /);
    expect(await labels(page, 'event_label')).toEqual(expect.arrayContaining(['end: completed']));
    expect(await overflows(page)).toEqual([]);
    expect(log).toEqual({ errors: [], requests: [] });
    await page.screenshot({ path: join(SCREENSHOTS, 'intended-default.png'), fullPage: true });
  });

  test('a fault scenario and a cancel: the fault window, the cancel and the end drawn and named', async () => {
    const fault = await open(browser, join(out, 'fault-tracker-errors', 'report.html'));
    const events = await labels(fault.page, 'event_label');
    expect(events).toContain('Redis errors · tracker');
    expect(events).toContain('end: completed');
    await expect(fault.page.locator('ul.events').innerText()).resolves.toMatch(/Redis fault errors on tracker, [\d.]+–[\d.]+ s of virtual time/);
    expect(await overflows(fault.page)).toEqual([]);
    expect(fault.log).toEqual({ errors: [], requests: [] });
    await fault.page.screenshot({ path: join(SCREENSHOTS, 'fault-tracker-errors.png'), fullPage: true });
    const cancel = await open(browser, join(out, 'cancel-during-ga', 'report.html'));
    expect(await labels(cancel.page, 'event_label')).toEqual(expect.arrayContaining(['cancel', 'end: cancelled']));
    expect(await overflows(cancel.page)).toEqual([]);
    await cancel.page.screenshot({ path: join(SCREENSHOTS, 'cancel-during-ga.png'), fullPage: true });
  });

  test('the index: unexpected first, headline figures with units, every row linking to a report that opens', async () => {
    const { page, log } = await open(browser, join(out, 'index.html'));
    await expect(page.locator('tbody tr').count()).resolves.toBe(6);
    await expect(page.locator('tbody tr').first().getAttribute('class')).resolves.toBe('fail');
    await expect(page.locator('tbody tr.fail td').first().innerText()).resolves.toContain('unexpected');
    const head = await page.locator('thead').innerText();
    for (const h of ['ETA mean error against the truth', 'ETA worst error', 'longest still ETA']) expect(head).toContain(h);
    for (const row of await page.locator('tbody tr').all()) await expect(row.locator('a').count()).resolves.toBeGreaterThan(0);
    expect(await overflows(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'index.png'), fullPage: true });
    await page.getByRole('link', { name: 'intended', exact: true }).click();
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
    expect(parsed).toEqual({ errors: 0, testcases: 6 });
    expect(readFileSync(join(out, 'pre-fix', 'trace.csv'), 'utf8').startsWith('at_s,view,writer,')).toBe(true);
  });
});
