import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { stepCorners } from '../../src/8-report/_internals/downsample.js';
import { chartData, DEFAULT_LAYOUT } from '../../src/8-report/chartData.js';
import { compareChartData } from '../../src/8-report/compareChart.js';
import { compareResults } from '../../src/7-orchestration/compare/compareResults.js';
import { stageBands } from '../../src/8-report/stageBands.js';
import { traceView } from '../../src/8-report/TraceView.js';
import { TRACKER_WRITER } from '../../src/5-invariants/JobTrace.js';
import { runDefault, runIntended, runPreFix, tmpDir } from './helpers.js';

interface Row {
  readonly at_s: number;
  readonly y: number;
}

/**
 * The outline of a step-after line through `rows` (what vega draws: level
 * from each point to the next one's x, then up or down to its value), as
 * its corners: repeated points and points inside a straight run dropped,
 * so that two lines with the same outline draw the same.
 */
function outline(rows: readonly Row[]): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  rows.forEach((r, i) => {
    if (i > 0) points.push([r.at_s, rows[i - 1]!.y]);
    points.push([r.at_s, r.y]);
  });
  const corners: Array<[number, number]> = [];
  for (const p of points) {
    const last = corners[corners.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) continue;
    const before = corners[corners.length - 2];
    // The last corner lies on the way from the one before it to p: it is no corner.
    if (before && last && ((before[0] === last[0] && last[0] === p[0] && (last[1] - before[1]) * (p[1] - last[1]) > 0) || (before[1] === last[1] && last[1] === p[1] && (last[0] - before[0]) * (p[0] - last[0]) > 0))) {
      corners[corners.length - 1] = p;
      continue;
    }
    corners.push(p);
  }
  return corners;
}

/** Rows in time order, several often at one instant, their values from a few, so that repeats are common. */
const rowsArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom(0, 1, 2, 5, 100)), { maxLength: 60 })
  .map((steps) => {
    let at = 0;
    return steps.map(([dt, y]) => ({ at_s: (at += dt), y }));
  });

describe('stepCorners: a step line without the points that draw nothing', () => {
  test.prop([rowsArb])('the line through the kept rows has the outline of the line through every row', (rows) => {
    const kept = stepCorners(rows, (r) => r.y);
    expect(outline(kept)).toEqual(outline(rows));
  });

  test.prop([rowsArb])('it keeps the first and the last row, and no row at the value of the row before it', (rows) => {
    const kept = stepCorners(rows, (r) => r.y);
    expect(kept[0]).toBe(rows[0]);
    expect(kept[kept.length - 1]).toBe(rows[rows.length - 1]);
    for (let i = 1; i < kept.length - 1; i++) expect(kept[i]!.y).not.toBe(kept[i - 1]!.y);
  });

  test('a repeat in a straight run is dropped; a change, the first and the last row are kept', () => {
    const rows = [0, 0, 0, 3, 3, 1, 1].map((y, i) => ({ at_s: i, y }));
    expect(stepCorners(rows, (r) => r.y).map((r) => r.at_s)).toEqual([0, 3, 5, 6]);
  });

  test('dropping rows from a line is the outline changing: the check above can fail', () => {
    const rows = [0, 1, 1, 0].map((y, i) => ({ at_s: i, y }));
    expect(outline([rows[0]!, rows[2]!, rows[3]!])).not.toEqual(outline(rows));
  });
});

describe('the charts draw their step lines through their corners only', () => {
  test("the intended run: the tracker's line and the page's keep one row per change, and nothing counts as thinned", async () => {
    const r = await runIntended(tmpDir());
    const view = traceView(r.run!.trace);
    const data = chartData(view, r.violations, stageBands(view, r.run!.spans), DEFAULT_LAYOUT);
    expect(data.shownAsPoints).toBe(false);
    const trackerEvery = view.messages.filter((m) => m.writer === TRACKER_WRITER && m.progress !== null).map((m) => ({ at_s: m.atS, y: m.progress! }));
    const shownEvery = view.channel.filter((o) => o.message.progress !== null).map((o) => ({ at_s: o.atS, y: o.message.progress! }));
    // Most of a run's values repeat the one before: these are what is left out.
    expect(data.progress.tracker.length).toBeLessThan(trackerEvery.length / 4);
    expect(outline(data.progress.tracker)).toEqual(outline(trackerEvery));
    expect(outline(data.progress.shown)).toEqual(outline(shownEvery));
    const etaTrackerEvery = view.messages.filter((m) => m.writer === TRACKER_WRITER && m.etaS !== null).map((m) => ({ at_s: m.atS, y: m.etaS! }));
    const etaShownEvery = view.channel.filter((o) => o.message.etaS !== null).map((o) => ({ at_s: o.atS, y: Math.min(o.message.etaS!, data.eta.capS) }));
    expect(outline(data.eta.tracker)).toEqual(outline(etaTrackerEvery));
    expect(outline(data.eta.shown)).toEqual(outline(etaShownEvery));
    expect(data.progress.thinned + data.eta.thinned).toBe(0);
  });

  test("with several writers the page's values are dots: every one is drawn", async () => {
    const r = await runPreFix(tmpDir());
    const view = traceView(r.run!.trace);
    const data = chartData(view, r.violations, stageBands(view, r.run!.spans), DEFAULT_LAYOUT);
    expect(data.shownAsPoints).toBe(true);
    expect(data.progress.shown.length).toBe(view.channel.filter((o) => o.message.progress !== null).length);
  });

  test("the compare chart's tracker lines: one row per change of each side's ETA, ending where the side's tracker last showed one", async () => {
    const dir = tmpDir();
    const pair = [await runDefault(dir, { name: 'pair', profile: 'intended' }), await runDefault(dir, { name: 'pair', profile: 'pre-fix' })] as const;
    const data = compareChartData(compareResults([pair[0]], [pair[1]], { baseline: 'builtin', candidate: 'pre-fix', toleranceS: 5, cwd: dir }).scenarios[0]!);
    pair.forEach((result, i) => {
      const side = i === 0 ? 'baseline' : 'candidate';
      const rows = data.eta.filter((r) => r.side === side);
      const every = traceView(result.run!.trace).channel.filter((o) => o.message.writer === TRACKER_WRITER && o.message.etaS !== null);
      expect(rows.length).toBeLessThan(every.length / 2);
      expect(rows.at(-1)!.at_s).toBe(every.at(-1)!.atS);
      for (let j = 1; j < rows.length - 1; j++) expect(rows[j]!.y).not.toBe(rows[j - 1]!.y);
      // The same line as through every value (clamped to the axis's cap, which the rows' highest value is when it clamps).
      const cap = Math.max(...rows.map((r) => r.y));
      expect(outline(rows)).toEqual(outline(every.map((o) => ({ at_s: o.atS, y: Math.min(o.message.etaS!, cap) }))));
    });
    // The left-out repeats do not count as thinned.
    expect(data.thinned).toBe(0);
  });
});
