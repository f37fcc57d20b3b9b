import { describe, expect, test } from 'vitest';
import { checkTrace } from '../../src/5-invariants/checkTrace.js';
import { TRACKER_WRITER } from '../../src/5-invariants/JobTrace.js';
import { chartData, CHANNEL_POINTS_MAX, DEFAULT_LAYOUT } from '../../src/8-report/chartData.js';
import { renderTraceReport } from '../../src/8-report/renderTraceReport.js';
import { stageBands } from '../../src/8-report/stageBands.js';
import { traceView } from '../../src/8-report/TraceView.js';
import { TRACKER_COLOR } from '../../src/8-report/writerPalette.js';
import { TraceBuilder } from '../invariants/traceBuilder.js';
import { runPreFix, tmpDir } from './helpers.js';

/** A capture-like trace: the tracker through two stages, a legacy writer whose ETA drops to 0 and one far above the axis, then completion. */
function capture(): TraceBuilder {
  return new TraceBuilder('J')
    .start(0, 300)
    .ticks(0.5, 60, 1, 40, 300, 240, 'Creating initial schedule')
    .legacy(30, 'cpsat_direct', 30, 0)
    .legacy(40, 'ga_direct', 35, 50_000, 'ga')
    .ticks(60.5, 120, 41, 90, 239, 180, 'Optimizing quality')
    .complete(130);
}

describe('renderTraceReport: a trace drawn the same way whoever recorded it', () => {
  test("a capture's trace: bands from the stages the tracker published, every writer, every violation marked and listed", async () => {
    const trace = capture();
    const check = checkTrace(trace.events);
    const ids = [...new Set(check.violations.map((v) => v.invariant))];
    expect(ids).toEqual(expect.arrayContaining(['eta-zero-mid-run', 'single-writer']));
    const html = await renderTraceReport({ title: 'capture.jsonl', events: trace.events, violations: check.violations, meta: { notes: ['writers told apart by address'] } });

    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    // Progress, ETA, and the violations chart (one lane per broken invariant).
    expect(html.match(/<svg /g)).toHaveLength(3);
    // Offline: nothing is loaded from anywhere.
    expect(html).not.toMatch(/\ssrc=|<link|@import|url\(http/i);
    expect(html).toContain('Content-Security-Policy" content="default-src &#39;none&#39;');
    // Bands labelled with the published stage names.
    expect(html).toMatch(/<text[^>]*>Creating initial schedule<\/text>/);
    expect(html).toMatch(/<text[^>]*>Optimizing quality<\/text>/);
    expect(html).toContain('Stages (as the tracker published them, virtual time)');
    // Each writer in the legend; the tracker in its colour.
    for (const w of ['api', 'tracker', 'cpsat_direct', 'ga_direct']) expect(html).toContain(`</span>${w} <span class="muted">`);
    expect(html).toContain(`style="background:${TRACKER_COLOR}"></span>tracker`);
    expect(html).toContain(`stroke="${TRACKER_COLOR}"`);
    // Violations: a hover title on the chart, named on the chart, listed with their witnesses.
    for (const [i, v] of check.violations.entries()) {
      expect(html).toContain(`<tr id="v-${i + 1}">`);
      expect(html).toContain(`<title>#${i + 1} ${v.invariant} at ${v.at_s} s`);
    }
    expect(html).toMatch(/<text[^>]*>eta-zero-mid-run[^<]*<\/text>/);
    expect(html).toContain('<div class="witness">30 s · cpsat_direct · setex <code>progress:job:J</code>');
    // The ETA of 50000 s is drawn at the top edge, and says its value on hover.
    expect(html).toContain('1 ETA value above it drawn as ▲');
    expect(html).toContain('<title>ga_direct at 40 s, progress 35 %, ETA 13.9 h (50000 s), stage ga</title>');
    // The job completed: the true remaining time is drawn.
    expect(html).toContain('the job ended at 130 s');
    expect(html).toContain('writers told apart by address');
  });

  test('a trace with no progress message still renders, without charts', async () => {
    const html = await renderTraceReport({ title: 'empty', events: [], violations: [] });
    expect(html).toContain('nothing to draw');
    expect(html).not.toContain('<svg');
    expect(html).toContain('None: no invariant broke.');
  });

  test('chart data is bounded: the channel points thinned to the budget, every non-tracker write and every violation kept', () => {
    const trace = new TraceBuilder('J').start(0, 7200).ticks(0.5, 3600, 0, 98, 7200, 10);
    for (let s = 100; s < 3500; s += 50) trace.legacy(s, 'cpsat_direct', 50, s % 100 === 0 ? 0 : 99_999);
    trace.complete(3601);
    const check = checkTrace(trace.events);
    const view = traceView(trace.events);
    const data = chartData(view, check.violations, stageBands(view), DEFAULT_LAYOUT);
    const legacyWrites = view.messages.filter((m) => m.writer !== TRACKER_WRITER && m.writer !== 'api').length;
    for (const s of [data.progress, data.eta]) {
      expect(s.shown.length + s.tracker.length).toBeLessThanOrEqual(CHANNEL_POINTS_MAX);
      expect(s.thinned).toBeGreaterThan(0);
      expect(s.writes.filter((w) => w.writer === 'cpsat_direct').length + s.offScale.length).toBe(legacyWrites);
    }
    // Every violation is marked on at least one chart.
    const marked = new Set([...data.progress.rules, ...data.eta.rules].map((r) => r.n));
    expect(marked.size).toBe(check.violations.length);
  });

  test("the pre-fix run's report shows the 0 → 8 min jump: cpsat_direct's ETA reaches 0 while the tracker shows about 8 min", async () => {
    const r = await runPreFix(tmpDir());
    const view = traceView(r.run!.trace, { endS: r.run!.endMs / 1000 });
    const zero = r.violations.find((v) => v.invariant === 'eta-zero-mid-run')!;
    expect(zero.writer).toBe('cpsat_direct');
    const trackerThen = view.channel.filter((o) => o.message.writer === TRACKER_WRITER && o.atS <= zero.at_s).at(-1)!;
    expect(trackerThen.message.etaS).toBeGreaterThan(7 * 60);
    expect(trackerThen.message.etaS).toBeLessThan(9 * 60);
    const data = chartData(view, r.violations, stageBands(view, r.run!.spans, r.scenario.tracker.stages), DEFAULT_LAYOUT);
    expect(data.eta.rings.some((m) => m.at_s === zero.at_s && m.y === 0)).toBe(true);
    expect(data.eta.writes.some((w) => w.writer === 'cpsat_direct' && w.at_s === zero.at_s && w.y === 0)).toBe(true);
    expect(data.styles.map((s) => s.writer)).toEqual(['api', 'tracker', 'cpsat_direct', 'ga_direct', 'rl_fallback']);
    expect(data.bands.map((b) => b.title.split(':')[0])).toEqual([
      'Loading courses and students (load_data)',
      'Analyzing course groups (clustering)',
      'Creating initial schedule (cpsat)',
      'Optimizing quality (ga)',
      'Resolving conflicts (rl)',
      'Finalizing timetable (finalize)',
    ]);
  });
});
