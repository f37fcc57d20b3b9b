import { describe, expect, test } from 'vitest';
import { checkTrace } from '../../src/5-invariants/checkTrace.js';
import { DEFAULT_CHECKS } from '../../src/6-formats/scenario/defaults.js';
import { TraceBuilder } from '../invariants/traceBuilder.js';

const CPSAT = 'Creating initial schedule';

/** The figures and the opt-in gates read one computation: a gate fires exactly where its figure says. */
describe('ETA figures', () => {
  test('eta_rise_max_s: the largest rise a user saw, on either view', () => {
    // ETA falls, then rises by 40 s once (a rise every view sees).
    const b = new TraceBuilder().start(0).ticks(0, 20, 0, 30, 700, 680, CPSAT).tracker(20.5, 31, 720, CPSAT).ticks(21, 40, 32, 50, 719, 700, CPSAT).complete(41);
    const r = checkTrace(b.events);
    expect(r.metrics.eta_rise_max_s).toBe(40);
    expect(r.violations.some((v) => v.invariant === 'eta-jump')).toBe(true);
  });

  test('eta_rise_max_s is 0 for an ETA that never rises', () => {
    const b = new TraceBuilder().start(0).ticks(0, 30, 0, 40, 720, 690, CPSAT).complete(31);
    expect(checkTrace(b.events).metrics.eta_rise_max_s).toBe(0);
  });

  test('progress_stuck_max_s: the longest still progress bar while the job runs, as the poller saw it', () => {
    // Progress 20 % from 10 s to 50 s while the ETA keeps falling; the poller reads every 2 s.
    const b = new TraceBuilder().start(0).ticks(0, 10, 0, 20, 720, 700, CPSAT).ticks(10.5, 50, 20, 20, 699, 660, CPSAT).ticks(50.5, 60, 21, 30, 659, 650, CPSAT).complete(61);
    const m = checkTrace(b.events).metrics;
    // First poll that reads 20 % is at 12 s (tick of 10 s, written before it); the last at 50 s (tick of 49.5 s).
    expect(m.progress_stuck_max_s).toBe(38);
    expect(m.eta_stuck_max_s).toBeLessThan(2);
  });

  test('eta-stuck is reported where the longest stretch ended, with its value', () => {
    const flat = new TraceBuilder().start(0).ticks(0, 100, 0, 50, 486, 486, CPSAT).complete(101);
    const r = checkTrace(flat.events, { checks: { ...DEFAULT_CHECKS, etaStuckMaxS: 60 } });
    const v = r.violations.find((x) => x.invariant === 'eta-stuck')!;
    expect(r.metrics.eta_stuck_max_s).toBe(98);
    expect(v.message).toContain(`for ${r.metrics.eta_stuck_max_s} s`);
    expect(v.view).toBe('poller');
  });

  test('progress-leap carries the largest leap, the one the metric reports', () => {
    const leap = new TraceBuilder().start(0).ticks(0, 10, 0, 27, 700, 690, CPSAT).ticks(10.5, 20, 60, 65, 689, 680, 'Optimizing quality').complete(21);
    const r = checkTrace(leap.events, { checks: { ...DEFAULT_CHECKS, progressLeapMaxPct: 10 } });
    const v = r.violations.find((x) => x.invariant === 'progress-leap')!;
    expect(v.message).toContain(`+${r.metrics.progress_leap_max_pct} points`);
  });

  test('eta-error reads eta_mae_s', () => {
    const flat = new TraceBuilder().start(0).ticks(0, 100, 0, 50, 486, 486, CPSAT).complete(101);
    const r = checkTrace(flat.events, { checks: { ...DEFAULT_CHECKS, etaMaeMaxS: 400 } });
    expect(r.violations.find((x) => x.invariant === 'eta-error')!.message).toContain(`off by ${r.metrics.eta_mae_s} s`);
    expect(r.violations.find((x) => x.invariant === 'eta-error')!.at_s).toBe(101);
  });
});
