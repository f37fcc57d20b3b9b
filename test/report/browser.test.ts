import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatJunit } from '../../src/8-report/formatJunit.js';
import { writeRunReports } from '../../src/9-cli/writeReports.js';
import { loadScenarioFile } from '../../src/6-formats/scenario/load.js';
import { runOne } from '../../src/7-orchestration/suite/runSuite.js';
import { traceWriter } from '../../src/9-cli/writeReports.js';
import { ARGS, CHROMIUM, chartMarks, labels, open, overflows, reason, SCREENSHOTS, skip } from './browserPage.js';
import { runIntended, runPreFix, tmpDir } from './helpers.js';

/** A scenario file of the library, run through the suite runner with its trace in `outDir`. */
async function runLibrary(outDir: string, name: string) {
  const scenario = await loadScenarioFile(fileURLToPath(new URL(`../../scenarios/${name}.yaml`, import.meta.url)));
  return runOne(scenario, { saveTrace: traceWriter(outDir), cwd: outDir });
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
      // Its liveness fails: the index's outcome column carries the note.
      await runLibrary(out, 'fault-cancel-lost-end'),
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
    // The worst of each invariant names its writer; the transition's label is another, always there.
    const worst = await labels(page, 'worst_label');
    expect(worst.find((t) => t.startsWith('eta-jump'))).toMatch(/^eta-jump, worst of \d+ by ga_direct: \+[\d.]+ h \(/);
    expect(worst).toContain('eta-zero-mid-run by cpsat_direct: ETA 0 s mid-run');
    expect(worst.filter((t) => t.includes('CP-SAT → GA'))).toEqual([]);
    // A lane per invariant and writer: who broke what reads off the lane; the tracker's lane holds the transition's jump.
    const lanes = await labels(page, 'lane_label');
    expect(lanes.length).toBeGreaterThanOrEqual(8);
    expect(lanes.every((t) => / × \d+ by [a-z_]+, /.test(t))).toBe(true);
    expect(lanes).toContain('eta-zero-mid-run × 1 by cpsat_direct, at 339.364 s: ETA 0 s mid-run');
    expect(lanes.find((t) => t.startsWith('eta-jump × ') && t.includes(' by tracker, '))).toMatch(/; worst \+8\.1 min \(0 s → 8\.1 min\)$/);
    expect(lanes.some((t) => t.startsWith('eta-jump × ') && t.includes(' by cpsat_direct, '))).toBe(true);
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
    await expect(page.locator('tbody tr').count()).resolves.toBe(7);
    // The liveness note reads in a column wide enough for it, not a word a line.
    const note = page.locator('td.outcome .liveness');
    await expect(note.innerText()).resolves.toMatch(/^liveness fails: the job never reached a terminal message/);
    expect((await note.boundingBox())!.width).toBeGreaterThan(140);
    // Outcomes and figures' readings stay on one line each (no "complete / d").
    const lines = await page.$$eval('td.outcome .nowrap, tbody td.fig', (cells) =>
      cells.map((c) => {
        const r = document.createRange();
        r.selectNodeContents(c.firstChild!);
        return new Set([...r.getClientRects()].map((b) => Math.round(b.top))).size;
      }),
    );
    expect(lines.every((n) => n === 1)).toBe(true);
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
    expect(parsed).toEqual({ errors: 0, testcases: 7 });
    expect(readFileSync(join(out, 'pre-fix', 'trace.csv'), 'utf8').startsWith('at_s,view,writer,')).toBe(true);
  });
});
