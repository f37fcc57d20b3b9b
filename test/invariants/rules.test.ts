import { describe, expect, test } from 'vitest';
import { checkTrace, violatedIds } from '../../src/5-invariants/checkTrace.js';
import { DEFAULT_CHECKS } from '../../src/6-formats/scenario/defaults.js';
import type { CheckOptions } from '../../src/6-formats/scenario/Scenario.js';
import { TraceBuilder } from './traceBuilder.js';

const GA = 'Optimizing quality';
const CPSAT = 'Creating initial schedule';

/** A clean run: initial write, tracker from 0 to 60 s with a falling ETA, completion. */
function clean(): TraceBuilder {
  return new TraceBuilder().start(0).ticks(0, 30, 0, 40, 720, 690, CPSAT).ticks(30.5, 60, 60, 80, 689, 660, GA).complete(61);
}

function ids(b: TraceBuilder, checks: Partial<CheckOptions> = {}): string[] {
  return violatedIds(checkTrace(b.events, { checks: { ...DEFAULT_CHECKS, ...checks } }).violations);
}

describe('a clean trace', () => {
  test('has no violation in either view', () => {
    expect(ids(clean())).toEqual([]);
  });
  test('PUBLISH-only informational messages and the initial write are allowed', () => {
    expect(ids(clean().info(10).info(20, 'Cluster 2/2: solved'))).toEqual([]);
  });
});

describe('eta-zero-mid-run', () => {
  test('fires on a running message with ETA 0 below 100 %', () => {
    const b = new TraceBuilder().start(0).ticks(0, 10, 0, 10, 720, 710).tracker(10.5, 11, 0).ticks(11, 20, 11, 20, 709, 700).complete(21);
    const v = checkTrace(b.events).violations.filter((x) => x.invariant === 'eta-zero-mid-run');
    expect(v).toHaveLength(1);
    expect(v[0]!.at_s).toBe(10.5);
    expect(v[0]!.writer).toBe('tracker');
  });
  test('fires on a missing or null ETA', () => {
    const b = new TraceBuilder().start(0).ticks(0, 5, 0, 5, 720, 715);
    b.events.push({ t: b.t0 + 6, writer: 'x', op: 'publish', key: 'progress:J', value: JSON.stringify({ progress: 7, status: 'running' }) });
    b.events.push({ t: b.t0 + 7, writer: 'y', op: 'publish', key: 'progress:J', value: JSON.stringify({ progress: 8, status: 'running', time_remaining_seconds: null }) });
    const v = checkTrace(b.events).violations.filter((x) => x.invariant === 'eta-zero-mid-run');
    expect(v.map((x) => x.writer)).toEqual(['x', 'y']);
  });
  test('stays quiet at 100 % and on terminal messages', () => {
    const b = new TraceBuilder().start(0).ticks(0, 5, 0, 5, 720, 715).complete(6);
    expect(ids(b)).not.toContain('eta-zero-mid-run');
    expect(ids(new TraceBuilder().start(0).ticks(0, 5, 0, 5, 720, 715).terminal(6, 'cancelled'))).toEqual([]);
  });
});

describe('eta-jump', () => {
  test('fires when the ETA rises by more than 5 s', () => {
    const b = new TraceBuilder().start(0).ticks(0, 5, 0, 5, 720, 715).tracker(5.5, 6, 722).complete(7);
    const v = checkTrace(b.events).violations.filter((x) => x.invariant === 'eta-jump');
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toContain('+7 s');
  });
  test('allows a rise of 5 s, except at the CP-SAT → GA transition', () => {
    const within = new TraceBuilder().start(0).ticks(0, 5, 0, 5, 720, 715).tracker(5.5, 6, 720).complete(7);
    expect(ids(within)).toEqual([]);
    const atGa = new TraceBuilder().start(0).ticks(0, 5, 0, 5, 720, 715, CPSAT).tracker(5.5, 60, 716, GA).complete(7);
    const v = checkTrace(atGa.events).violations.filter((x) => x.invariant === 'eta-jump');
    expect(v.length).toBeGreaterThan(0);
    expect(v[0]!.message).toContain('CP-SAT → GA');
  });
  test('the reported bug: 0 from a CP-SAT writer, then ~8 min from the tracker at GA start', () => {
    const b = new TraceBuilder().start(0).ticks(0, 10, 0, 55, 720, 700, CPSAT).legacy(10.2, 'cpsat_direct', 60, 0).tracker(10.5, 60, 481, GA).complete(11);
    expect(ids(b)).toEqual(['eta-jump', 'eta-zero-mid-run', 'single-writer']);
  });
  test('follows the poller view too: a rise the channel never carried', () => {
    // The key alone (no publish) goes from 700 to 760: only a poller sees it.
    const b = new TraceBuilder().start(0);
    b.events.push({ t: b.t0 + 1, writer: 'tracker', op: 'setex', key: 'progress:job:J', value: JSON.stringify({ progress: 1, status: 'running', time_remaining_seconds: 700 }) });
    b.events.push({ t: b.t0 + 3, writer: 'tracker', op: 'setex', key: 'progress:job:J', value: JSON.stringify({ progress: 2, status: 'running', time_remaining_seconds: 760 }) });
    b.complete(5);
    const v = checkTrace(b.events).violations.filter((x) => x.invariant === 'eta-jump');
    expect(v.map((x) => x.view)).toEqual(['poller']);
  });
});

test('eta-jump: a rise the poller saw is reported even when the channel saw the same write arrive in small steps', () => {
  // Channel: 700 → 704 → 708 → … (+4 each, allowed). The poller reads every
  // 2 s and skips the steps in between: 700 → 716 (+16) is what it shows.
  const b = new TraceBuilder().start(0).tracker(1.9, 1, 700);
  for (let i = 1; i <= 4; i++) b.tracker(2 + i * 0.45, 1 + i, 700 + 4 * i);
  b.complete(5);
  const v = checkTrace(b.events).violations.filter((x) => x.invariant === 'eta-jump');
  expect(v.map((x) => [x.view, x.message.slice(0, 34)])).toEqual([['poller', 'ETA rose from 700 s (tracker) to 7']]);
});

describe('single-writer', () => {
  test('fires once per writer other than the tracker, counting its writes', () => {
    const b = new TraceBuilder().start(0).ticks(0, 10, 0, 40, 720, 710).legacy(10.2, 'ga_direct', 18, 600, 'ga');
    b.ticks(10.5, 20, 40, 50, 709, 700).legacy(20.2, 'ga_direct', 22, 590, 'ga').complete(21);
    const v = checkTrace(b.events).violations.filter((x) => x.invariant === 'single-writer');
    expect(v).toHaveLength(1);
    expect(v[0]!.writer).toBe('ga_direct');
    expect(v[0]!.message).toContain('4 times'); // two SETEX + two PUBLISH
  });
  test('stays quiet for writes before the tracker starts and terminal writes', () => {
    const b = new TraceBuilder().start(0).legacy(0, 'api', 0.1, 720, 'Preparing').ticks(0.5, 5, 0, 5, 720, 715).terminal(6, 'cancelled');
    expect(ids(b)).toEqual([]);
  });
});

describe('progress-regression', () => {
  test('fires when progress falls by more than 0.5 points', () => {
    const b = new TraceBuilder().start(0).ticks(0, 10, 0, 60, 720, 710).legacy(10.2, 'ga_direct', 18, 700, 'ga').complete(11);
    expect(ids(b)).toEqual(['progress-regression', 'single-writer']);
  });
  test('stays quiet for a drop within 0.5 points', () => {
    const b = new TraceBuilder().start(0).tracker(0.5, 10.4, 700).tracker(1, 10, 699).complete(2);
    expect(ids(b)).toEqual([]);
  });
});

describe('write-after-terminal', () => {
  test('fires on a running message after a terminal one', () => {
    const b = new TraceBuilder().start(0).ticks(0, 5, 0, 5, 720, 715).terminal(6, 'cancelled').legacy(7, 'ga_direct', 20, 500, 'ga');
    const v = checkTrace(b.events).violations.filter((x) => x.invariant === 'write-after-terminal');
    expect(v).toHaveLength(1);
    expect(v[0]!.writer).toBe('ga_direct');
  });
  test('stays quiet when nothing follows the terminal message', () => {
    expect(ids(new TraceBuilder().start(0).ticks(0, 5, 0, 5, 720, 715).terminal(6, 'failed'))).toEqual([]);
  });
});

describe('silent-end', () => {
  test('fires when the end is stored but never published (the tracker fail())', () => {
    const b = new TraceBuilder().start(0).ticks(0, 5, 0, 5, 720, 715).terminal(6, 'failed', 'tracker', false);
    const v = checkTrace(b.events).violations;
    expect(violatedIds(v)).toEqual(['silent-end']);
    expect(v[0]!.writer).toBe('tracker');
  });
  test('stays quiet when the terminal message is published', () => {
    expect(ids(new TraceBuilder().start(0).ticks(0, 5, 0, 5, 720, 715).terminal(6, 'failed', 'api', true))).toEqual([]);
  });
});

describe('metric gates', () => {
  const flat = () => new TraceBuilder().start(0).ticks(0, 100, 0, 50, 486, 486, CPSAT).complete(101);
  test('eta-stuck fires only when a threshold is set and exceeded', () => {
    expect(ids(flat())).toEqual([]);
    expect(ids(flat(), { etaStuckMaxS: 60 })).toEqual(['eta-stuck']);
    expect(ids(flat(), { etaStuckMaxS: 120 })).toEqual([]);
    expect(checkTrace(flat().events).metrics.eta_stuck_max_s).toBe(98);
  });
  test('progress-leap fires only above its threshold', () => {
    const leap = new TraceBuilder().start(0).ticks(0, 10, 0, 27, 700, 690, CPSAT).ticks(10.5, 20, 60, 65, 689, 680, GA).complete(21);
    // Channel: 27 → 60 (+33). The poller reads the writes before its instant:
    // at 10 s the tick of 9.5 s, round(19/20 × 27) = 26; at 12 s the tick of
    // 11.5 s, round(60 + 2/19 × 5) = 61. Its rise, 35, is the larger.
    expect(checkTrace(leap.events).metrics.progress_leap_max_pct).toBe(35);
    expect(ids(leap, { progressLeapMaxPct: 10 })).toEqual(['progress-leap']);
    expect(ids(leap, { progressLeapMaxPct: 40 })).toEqual([]);
  });
  test('eta-error measures the polled ETA against the true remaining time', () => {
    // Completed at 101 s; the ETA stays 486 s: at a poll at t the error is |486 − (101 − t)|.
    const m = checkTrace(flat().events).metrics;
    expect(m.end_s).toBe(101);
    // polls at 2, 4, …, 100: mean of 486 − 101 + t = 385 + mean(t) = 385 + 51 = 436.
    expect(m.eta_mae_s).toBe(436);
    expect(ids(flat(), { etaMaeMaxS: 400 })).toEqual(['eta-error']);
    expect(ids(flat(), { etaMaeMaxS: 500 })).toEqual([]);
  });
});

test('single-writer: without a tracker write, the initial write (SETEX and PUBLISH) is allowed', () => {
  const b = new TraceBuilder().start(0);
  expect(ids(b)).toEqual([]);
  b.legacy(5, 'ga_direct', 20, 500, 'ga');
  expect(ids(b)).toEqual(['single-writer']);
});
