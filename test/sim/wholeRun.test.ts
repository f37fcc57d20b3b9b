import { describe, expect, test } from 'vitest';
import { runScenario, type RunResult } from '../../src/4-harness/runScenario.js';
import { defaultScenario, type ScenarioOverrides } from '../../src/6-formats/scenario/defaults.js';
import { DEFAULT_TRACKER_CONFIG } from '../../src/3-model/tracker/TrackerConfig.js';
import { DEFAULT_STAGE_TABLE } from '../../src/3-model/tracker/stageTable.js';
import { CPSAT_OVERRUN_STAGES, FAST_STAGES, at, oneAt, published, rows, trackerMessages } from './runHelpers.js';

/**
 * Whole runs through runScenario on the embedded mock, checked against the
 * tracker messages published on `progress:sim-<name>`. Every expected value
 * is derived by hand in the comments from system.md's formulas (see
 * test/tracker/TrackerModel.test.ts for the formulas one by one).
 *
 * Tracker loop: an update at t = 0 right after the forced update(0) (the real
 * ProgressUpdateTask updates before its first sleep), then every 0.5 s.
 * Smoothing gate: every 1.5 s from t = 0 (1.5, 3.0, 4.5, …) unless smoothed
 * equals raw, which smooths at once.
 */

function run(name: string, overrides: ScenarioOverrides): Promise<RunResult> {
  return runScenario(defaultScenario({ name, ...overrides }));
}

describe('(a) every stage finishes early', () => {
  test('every tracker message, worked out by hand', async () => {
    const result = await run('fast', { stages: FAST_STAGES });
    expect(result.outcome).toBe('completed');
    // [ms since start, published progress, time_remaining_seconds]
    // progress = round(exact); exact in brackets.
    // ETA: raw = max(1, x − e) + Σ later; smoothed = floor(0.7 s + 0.3 raw) at 1.5 s steps.
    const expected: Array<[number, number, number]> = [
      // load_data, raw at t: 5 − t + 675
      [0, 0, 720], // forced update(0): no smoothing at 0 s, shown 720
      [0, 0, 720], // the loop's first tick, dt = 0: progress 0, still 720
      [500, 0, 720], // [0.3] target 0.5, step 0.3
      // clustering from 1.0 s (set_stage raises 0.3 → 5, 10 items, 0 done: creep only)
      [1000, 5, 720], // [5.03]
      [1500, 5, 706], // [5.06]; raw = (10 − 0.5) + 665 = 674.5; floor(0.7 × 720 + 0.3 × 674.5) = floor(706.35)
      [2000, 5, 706], // [5.09]
      [2500, 5, 706], // [5.12]
      // cpsat from 3.0 s (raised 5.12 → 10; 20 items; 2 done every 0.5 s from 3.5 s, target +5 each)
      [3000, 10, 693], // [10.03] creep (0 done); raw = 180 + 485 = 665; floor(0.7 × 706 + 199.5) = floor(693.7)
      [3500, 10, 693], // [10.33] 2 done: target 15, step 0.3
      [4000, 11, 693], // [10.63]
      [4500, 11, 684], // [10.93]; raw = 178.5 + 485 = 663.5; floor(485.1 + 199.05) = floor(684.15)
      [5000, 11, 684], // [11.23]
      [5500, 12, 684], // [11.53]
      [6000, 12, 677], // [11.83]; raw = 177 + 485 = 662; floor(478.8 + 198.6) = floor(677.4)
      [6500, 12, 677], // [12.13]
      [7000, 12, 677], // [12.43]
      [7500, 13, 672], // [12.73]; raw = 175.5 + 485 = 660.5; floor(473.9 + 198.15) = floor(672.05)
      // ga from 8.0 s (raised 12.73 → 60: the leap), 18 items, 1 done per second from 9.0 s
      [8000, 60, 672], // [60.03] creep (0 done)
      [8500, 60, 672], // [60.06]
      [9000, 60, 615], // [60.36] then +0.3 a tick (target 60 + g × 25/18 stays ahead);
      //                    raw = 299 + 185 = 484; floor(0.7 × 672 + 145.2) = floor(615.6)
      [9500, 61, 615], // [60.66]
      [10000, 61, 615], // [60.96]
      [10500, 61, 575], // [61.26]; raw 482.5; floor(430.5 + 144.75) = floor(575.25)
      [11000, 62, 575], // [61.56]
      [11500, 62, 575], // [61.86]
      [12000, 62, 546], // [62.16]; raw 481; floor(402.5 + 144.3) = floor(546.8)
      [12500, 62, 546], // [62.46]
      [13000, 63, 546], // [62.76]
      [13500, 63, 526], // [63.06]; raw 479.5; floor(382.2 + 143.85) = floor(526.05)
      [14000, 63, 526], // [63.36]
      [14500, 64, 526], // [63.66]
      [15000, 64, 511], // [63.96]; raw 478; floor(368.2 + 143.4) = floor(511.6)
      [15500, 64, 511], // [64.26]
      [16000, 65, 511], // [64.56]
      [16500, 65, 500], // [64.86]; raw 476.5; floor(357.7 + 142.95) = floor(500.65)
      [17000, 65, 500], // [65.16]
      [17500, 65, 500], // [65.46]
      [18000, 66, 492], // [65.76]; raw 475; floor(350 + 142.5) = floor(492.5)
      [18500, 66, 492], // [66.06]
      [19000, 66, 492], // [66.36]
      [19500, 67, 486], // [66.66]; raw 473.5; floor(344.4 + 142.05) = floor(486.45)
      [20000, 67, 486], // [66.96]
      [20500, 67, 486], // [67.26]
      [21000, 68, 481], // [67.56]; raw 472; floor(340.2 + 141.6) = floor(481.8)
      [21500, 68, 481], // [67.86]
      [22000, 68, 481], // [68.16]
      [22500, 68, 477], // [68.46]; raw 470.5; floor(336.7 + 141.15) = floor(477.85)
      [23000, 69, 477], // [68.76]
      [23500, 69, 477], // [69.06]
      [24000, 69, 474], // [69.36]; raw 469; floor(333.9 + 140.7) = floor(474.6)
      [24500, 70, 474], // [69.66]
      [25000, 70, 474], // [69.96]
      [25500, 70, 472], // [70.26]; raw 467.5; floor(331.8 + 140.25) = floor(472.05)
      // rl from 26.0 s (raised 70.26 → 85), fallback: 16 episodes, 8 done at 26.8 s, 16 at 27.6 s
      [26000, 85, 472], // [85.03] creep
      [26500, 85, 472], // [85.06] creep
      [27000, 85, 385], // [85.36] target 90; raw = 179 + 5 = 184; floor(0.7 × 472 + 55.2) = floor(385.6)
      [27500, 86, 385], // [85.66]
      // steps done at 27.6 s: loop stopped; finalize 0.5 s; complete() forces 100, ETA shown 0
      [28100, 100, 0],
    ];
    expect(rows(trackerMessages(result))).toEqual(expected);

    const last = trackerMessages(result).at(-1)!.body;
    expect(last).toMatchObject({
      status: 'completed',
      stage: 'Finalizing timetable',
      progress_percent: 100,
      eta_seconds: 0,
    });
    // Every running message names the stage the tracker is in.
    const stageAt = (ms: number): unknown => at(trackerMessages(result), ms).at(-1)!.body['stage'];
    expect(stageAt(500)).toBe('Loading courses and students');
    expect(stageAt(1000)).toBe('Analyzing course groups');
    expect(stageAt(3000)).toBe('Creating initial schedule');
    expect(stageAt(8000)).toBe('Optimizing quality');
    expect(stageAt(26000)).toBe('Resolving conflicts');
  });

  test('the initial write comes first and carries the estimate', async () => {
    const result = await run('fast-initial', { stages: FAST_STAGES });
    const first = published(result)[0]!;
    expect(first.writer).toBe('api');
    expect(first.atMs).toBe(0);
    expect(first.body).toMatchObject({ progress: 0.1, status: 'running', stage: 'Preparing', time_remaining_seconds: 720 });
  });
});

describe('(b) CP-SAT overrunning its 180 s', () => {
  test('the shown ETA holds at 486 s while CP-SAT runs over, then falls at 1 s per second in GA', async () => {
    // CP-SAT runs 3 s → 453 s (300 clusters × 1.5 s, one at a time).
    const result = await run('cpsat-overrun', { stages: CPSAT_OVERRUN_STAGES });
    const msgs = trackerMessages(result);
    const eta = (ms: number): number => oneAt(msgs, ms).body['time_remaining_seconds'] as number;

    // Once e ≥ 179 s (t ≥ 182 s): raw = max(1, 180 − e) + 300 + 180 + 5 = 1 + 485 = 486.
    // The smoothed value lags above the falling raw, so it arrives from above:
    //   181.5 s: raw = (180 − 178.5) + 485 = 486.5, smoothed = floor(0.7 × eta(180.0) + 0.3 × 486.5)
    //   183.0 s: raw 486: floor(0.7 × s + 145.8); 184.5 s: the same again.
    expect(eta(181_500)).toBe(Math.floor(0.7 * eta(180_000) + 0.3 * 486.5));
    expect(eta(183_000)).toBe(Math.floor(0.7 * eta(181_500) + 0.3 * 486));
    expect(eta(184_500)).toBe(Math.floor(0.7 * eta(183_000) + 0.3 * 486));
    // The plateau: floor(0.7 s + 145.8) ≥ 486 exactly when s ≥ 486, and for s = 486 it is
    // floor(340.2 + 145.8) = 486 (exact in doubles), so from above it settles at 486, not 485.
    // From then on smoothed == raw, so every tick smooths and keeps 486.
    const cpsatTail = msgs.filter((m) => m.atMs >= 184_500 && m.atMs < 453_000);
    expect(cpsatTail.length).toBe((453_000 - 184_500) / 500);
    expect(new Set(cpsatTail.map((m) => m.body['time_remaining_seconds']))).toEqual(new Set([486]));
    expect(new Set(cpsatTail.map((m) => m.body['stage']))).toEqual(new Set(['Creating initial schedule']));

    // GA starts at 453.0 s: raw = 300 + 185 = 485 != 486 and only 0.5 s since the last smoothing: 486 stays.
    expect(oneAt(msgs, 453_000).body).toMatchObject({ stage: 'Optimizing quality', progress: 60, time_remaining_seconds: 486 });
    expect(eta(453_500)).toBe(486);
    // 454.0 s: 1.5 s since 452.5; raw = (300 − 1) + 185 = 484; floor(0.7 × 486 + 0.3 × 484) = floor(485.4) = 485
    expect(eta(454_000)).toBe(485);
    // 455.5 s: raw 482.5; floor(0.7 × 485 + 144.75) = floor(484.25) = 484
    expect(eta(455_500)).toBe(484);
  });
});

describe('(c) no hardware profile: estimated_total_s 35', () => {
  test('every running tracker message shows 35 s for the whole (~590 s) run', async () => {
    // Default stages: load 35 s, clustering 21 s, 294 lognormal CP-SAT clusters, GA 18 × 9.7 s, RL fallback.
    const result = await run('no-profile', { estimatedTotalS: 35 });
    expect(result.outcome).toBe('completed');
    const running = trackerMessages(result).filter((m) => m.body['status'] === 'running');
    expect(running.length).toBeGreaterThan(1000);
    // t = 0: smoothed 35, raw 680, no smoothing: shown 35. 1.5 s: floor(0.7 × 35 + 0.3 × 678.5) = 228 > 35 + 5:
    // refused, 35 shown again. By induction the smoothed value stays ≥ 41 while raw ≥ 41 (raw never falls
    // below 185 − 9.6 in this run: RL lasts 9.6 s), so every later candidate is > 40 and refused.
    expect(new Set(running.map((m) => m.body['time_remaining_seconds']))).toEqual(new Set([35]));
    // The initial write shows the estimate too, and complete() shows 0.
    expect(published(result, 'api')[0]!.body['time_remaining_seconds']).toBe(35);
    expect(trackerMessages(result).at(-1)!.body).toMatchObject({ status: 'completed', time_remaining_seconds: 0 });
    // Meanwhile the tracker's own smoothed value tracked the stage table, far above 35.
    expect(Math.max(...result.readings.map((r) => r.rawEtaS))).toBeGreaterThan(600);
  });
});

describe('(d) the 98 % cap', () => {
  test('progress climbs to 98 and stays there when the last stage ends at 100', async () => {
    // rl runs 85 → 100 with 10 s expected; RL global path: 10 clusters × 5 s = 50 s, time-based.
    const tracker = {
      ...DEFAULT_TRACKER_CONFIG,
      stages: DEFAULT_STAGE_TABLE.map((s) => (s.name === 'rl' ? { ...s, endPct: 100, expectedS: 10 } : s)),
    };
    const result = await run('cap-98', {
      tracker,
      stages: { ...FAST_STAGES, rl: { path: 'global', conflicts: 40, problemClusters: 10, clusterMs: { kind: 'fixed', ms: 5000 } } },
    });
    expect(result.outcome).toBe('completed');
    const msgs = trackerMessages(result);
    // RL 26 s → 76 s. 26.0: [85.03] creep (target 85 at e = 0). From 26.5 the time-based target
    // (85 + 1.5 e, then 85 + 15 × (1 − 0.01 × 0.5^((e − 10)/10)) ≈ 99.9) stays ahead: +0.3 a tick.
    // k ticks after 26.0: 85.03 + 0.3 k. 46.5 (k = 41): 97.33 → 97; 47.0 (k = 42): 97.63 → 98;
    // 48.0 (k = 44): 98.23 → min(100, 98.23, 98) = 98 exactly.
    expect(oneAt(msgs, 46_500).body['progress']).toBe(97);
    const capped = msgs.filter((m) => m.atMs >= 47_000 && m.body['status'] === 'running');
    expect(capped.length).toBe((76_000 - 47_000) / 500);
    expect(new Set(capped.map((m) => m.body['progress']))).toEqual(new Set([98]));
    const exact = result.readings.filter((r) => r.atMs >= 48_000 && r.progress < 100);
    expect(new Set(exact.map((r) => r.progressExact))).toEqual(new Set([98]));
    expect(Math.max(...msgs.filter((m) => m.body['status'] === 'running').map((m) => m.body['progress'] as number))).toBe(98);
    // Above 95 % the ETA is also bounded by floor(elapsed × (100 − p)/p): at p = 98 and elapsed < 49 s
    // that is 0, then 1 (floor(49 × 2/98) = 1); the smoothed value decays towards it and the clamp shows 1,
    // while RL still has 25+ s to run.
    expect(oneAt(msgs, 75_500).body['time_remaining_seconds']).toBe(1);
    expect(msgs.at(-1)!.body).toMatchObject({ progress: 100, status: 'completed' });
  });
});

describe('(e) progress leaps to 60 when GA starts after a fast CP-SAT', () => {
  test('27 → 60 in one tick', async () => {
    // CP-SAT 3 s → 32 s: 58 clusters, 2 at a time, 1 s each; its target (10 + 1.72 × (t − 3)) runs
    // ahead of the 0.6 %/s step the whole time.
    const result = await run('ga-leap', {
      stages: { ...FAST_STAGES, cpsat: { clusters: 58, parallel: 2, clusterMs: { kind: 'fixed', ms: 1000 } } },
    });
    const msgs = trackerMessages(result);
    // 3.0: [10.03] creep; 3.5: [10.06] creep (first 2 clusters end at 4.0);
    // 4.0 … 31.5: 56 ticks of +0.3: 10.06 + 16.8 = 26.86 → 27.
    expect(oneAt(msgs, 31_500).body).toMatchObject({ progress: 27, stage: 'Creating initial schedule' });
    // 32.0: set_stage('ga') raises 26.86 → 60, then creep: [60.03] → 60.
    expect(oneAt(msgs, 32_000).body).toMatchObject({ progress: 60, stage: 'Optimizing quality' });
    const readingAt = (ms: number) => result.readings.find((r) => r.atMs === ms)!;
    expect(readingAt(31_500).progressExact).toBeCloseTo(26.86, 9);
    expect(readingAt(32_000).progressExact).toBeCloseTo(60.03, 9);
  });
});
