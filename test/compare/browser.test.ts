import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ARGS, CHROMIUM, chartMarks, labels, open, overflows, reason, SCREENSHOTS, skip } from '../report/browserPage.js';
import { compare, hasPython, tmpDir } from './helpers.js';

/** With Python, a candidate that adds violations (so the page has something to mark); without, the built-in against itself. */
const CANDIDATE = hasPython || process.env['CI'] ? 'python:test/trackers/cmp_adds_violation.py' : 'builtin';
const adds = CANDIDATE !== 'builtin';

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

  test("a comparison page, laid out as a scenario's: the verdict in words, both sides' marks and figures with the change, both curves, each side's transition, lanes", async () => {
    const { page, log } = await open(browser, join(out, 'intended-default', 'compare.html'));
    const charts = await chartMarks(page);
    // The ETA chart, and the violations' lanes when a side broke something.
    expect(charts).toHaveLength(adds ? 2 : 1);
    expect(charts[0]!.width).toBeGreaterThan(600);
    // Baseline, candidate and the dashed true remaining time.
    expect(charts[0]!.lines).toBeGreaterThanOrEqual(3);
    expect(charts[0]!.bands).toBeGreaterThanOrEqual(5);
    // Both charts share the time axis: the same width on the page.
    if (adds) expect(Math.abs(charts[0]!.width - charts[1]!.width)).toBeLessThan(8);
    // The headline: badge, a mark per side, the verdict in words, the key figures of both with units and the change.
    const marks = await page.locator('.headline .mark').allInnerTexts();
    expect(marks[0]).toBe('baseline: no invariant broken');
    const figures = await page.locator('.headline .figure').allInnerTexts();
    expect(figures.length).toBeGreaterThanOrEqual(3);
    for (const f of figures) {
      expect(f).toMatch(/baseline\s+[\d.]+ (s|min|h|points?)/);
      expect(f).toMatch(/candidate\s+[\d.]+ (s|min|h|points?)/);
      expect(f).toMatch(/[+−±][\d.]+ (s|points?): (worse|better|within)/);
    }
    expect(figures[0]).toContain('ETA mean error against the truth');
    // Each side's name on one line in its box.
    for (const h of await page.locator('.figure .side').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))) expect(h).toBeLessThan(20);
    // Each side's CP-SAT → GA transition, with the ETA before and after.
    const events = await labels(page, 'event_label');
    expect(events).toContain('baseline CP-SAT → GA: ETA 8.1 min → 8.1 min');
    expect(events).toContain('end: completed (both)');
    if (adds) {
      await expect(page.locator('.headline .badge').innerText()).resolves.toBe('candidate worse');
      expect(marks[1]).toBe('candidate: 2 invariants broken');
      await expect(page.locator('.verdict-line .line').innerText()).resolves.toMatch(
        /^Worse: the candidate adds eta-jump and eta-zero-mid-run; its largest ETA rise went from 0 s to 8\.1 min \(\+486 s, tolerance 5 s\)\.$/,
      );
      expect(figures.some((f) => f.startsWith('largest ETA rise') && f.includes('+486 s: worse'))).toBe(true);
      expect(events).toContain('candidate CP-SAT → GA: ETA 0 s → 8.1 min');
      // The worst of each ETA invariant, named with side and writer; the lanes per side, invariant and writer.
      const worst = await labels(page, 'worst_label');
      expect(worst).toContain('candidate: eta-jump, worst of 4 by tracker: +8.1 min (0 s → 8.1 min)');
      const lanes = await labels(page, 'lane_label');
      expect(lanes).toEqual(['candidate: eta-zero-mid-run × 5 by tracker, 403–405 s', 'candidate: eta-jump × 4 by tracker, 405.5–407 s; worst +8.1 min (0 s → 8.1 min)']);
      // No dotted rule per violation any more: a tick per violation on its lane.
      expect(charts[0]!.rules).toBeLessThan(10);
      expect(charts[1]!.rules).toBe(9);
      await expect(page.locator('h2', { hasText: 'Violations on the candidate' }).innerText()).resolves.toContain('(9)');
    }
    await expect(page.locator('table').first().innerText()).resolves.toContain('eta_rise_max_s');
    expect(await overflows(page)).toEqual([]);
    expect(log).toEqual({ errors: [], requests: [] });
    await page.screenshot({ path: join(SCREENSHOTS, 'compare-intended-default.png'), fullPage: true });
  });

  test('the reported bug compared: legacy writers as dots under the trackers\' lines, lanes per side, invariant and writer', async () => {
    const { page, log } = await open(browser, join(out, 'reported-bug', 'compare.html'));
    const events = await labels(page, 'event_label');
    expect(events).toContain('baseline CP-SAT → GA: ETA 0 s → 8.1 min');
    const lanes = await labels(page, 'lane_label');
    expect(lanes.filter((t) => t.startsWith('baseline: ')).length).toBeGreaterThanOrEqual(8);
    expect(lanes).toContain('baseline: eta-zero-mid-run × 1 by cpsat_direct, at 339.364 s: ETA 0 s mid-run');
    expect(lanes.find((t) => t.startsWith('baseline: eta-jump × ') && t.includes(' by tracker, '))).toMatch(/; worst \+8\.1 min \(0 s → 8\.1 min\)$/);
    const worst = await labels(page, 'worst_label');
    expect(worst.find((t) => t.startsWith('baseline: eta-jump'))).toMatch(/^baseline: eta-jump, worst of \d+ by ga_direct: /);
    expect(await overflows(page)).toEqual([]);
    expect(log).toEqual({ errors: [], requests: [] });
    await page.screenshot({ path: join(SCREENSHOTS, 'compare-reported-bug.png'), fullPage: true });
  });

  test('the index links to each page', async () => {
    const { page, log } = await open(browser, join(out, 'index.html'));
    await expect(page.locator('tbody tr').count()).resolves.toBe(2);
    await page.locator('a', { hasText: 'reported-bug' }).click();
    await page.waitForURL(/reported-bug\/compare\.html$/);
    await expect(page.locator('svg.marks').count()).resolves.toBe(2);
    expect(log).toEqual({ errors: [], requests: [] });
  });
});
