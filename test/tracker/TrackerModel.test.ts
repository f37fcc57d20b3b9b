import { describe, expect, test } from 'vitest';
import { TrackerModel } from '../../src/3-model/tracker/TrackerModel.js';
import { DEFAULT_TRACKER_CONFIG, type TrackerConfig } from '../../src/3-model/tracker/TrackerConfig.js';
import { DEFAULT_STAGE_TABLE, type StageName, type StageSpec } from '../../src/3-model/tracker/stageTable.js';

/**
 * The tracker's arithmetic against system.md, "The tracker", with every
 * expected value worked out by hand from the formulas. Times are integer ms
 * since the tracker started (its start is 0).
 *
 * Numbers used throughout (default stage table):
 *   expected s: load_data 5, clustering 10, cpsat 180, ga 300, rl 180, finalize 5
 *   later-stage sums: after load_data 10+180+300+180+5 = 675, after clustering 665,
 *   after cpsat 485, after ga 185, after rl 5.
 */

const EST_S = 720;

function model(estimatedTotalS = EST_S, config: TrackerConfig = DEFAULT_TRACKER_CONFIG): TrackerModel {
  return new TrackerModel(config, estimatedTotalS, 0);
}

/** The default table with one row changed. */
function withStage(name: StageName, change: Partial<StageSpec>): TrackerConfig {
  return {
    ...DEFAULT_TRACKER_CONFIG,
    stages: DEFAULT_STAGE_TABLE.map((s) => (s.name === name ? { ...s, ...change } : s)),
  };
}

describe('start and the first smoothing', () => {
  test('the forced update(0) at t = 0 shows the estimated total, 720 s', () => {
    const m = model();
    const r = m.update(0, 0);
    expect(r.progress).toBe(0);
    // raw = max(1, 5 - 0) + 675 = 680, but smoothing waits: 0 s since start < 1.5
    // and smoothed (720) != raw (680); shown = clamp(720) = 720.
    expect(r.rawEtaS).toBe(680);
    expect(r.etaS).toBe(720);
    expect(r.stage.name).toBe('load_data');
  });

  test('the first smoothing happens at 1.5 s: floor(0.7 × 720 + 0.3 × 678.5) = 707', () => {
    const m = model();
    m.update(0, 0);
    // 0.5 s and 1.0 s: less than 1.5 s since the last smoothing (t = 0), raw != smoothed: no change.
    expect(m.update(500).etaS).toBe(720);
    expect(m.update(1000).etaS).toBe(720);
    const r = m.update(1500);
    // raw = max(1, 5 - 1.5) + 675 = 678.5
    // smoothed = floor(0.7 × 720 + 0.3 × 678.5) = floor(504 + 203.55) = floor(707.55) = 707
    expect(r.rawEtaS).toBe(678.5);
    expect(r.etaS).toBe(707);
    // Next gate is 1.5 s later: 2.0 and 2.5 keep 707; 3.0 smooths again:
    // raw = max(1, 5 - 3) + 675 = 677, floor(0.7 × 707 + 0.3 × 677) = floor(494.9 + 203.1) = 698.
    expect(m.update(2000).etaS).toBe(707);
    expect(m.update(2500).etaS).toBe(707);
    expect(m.update(3000).etaS).toBe(698);
  });

  test('smoothing also happens before 1.5 s when smoothed equals raw, and restarts the gate', () => {
    const m = model(679);
    m.update(0, 0); // raw 680 != 679: no smoothing
    m.update(500); // raw 679.5 != 679
    // 1.0 s: raw = max(1, 5 - 1) + 675 = 679 == smoothed: smooth now.
    // floor(0.7 × 679 + 0.3 × 679) = floor(679) = 679 (exact in doubles); gate restarts at 1.0 s.
    expect(m.update(1000).etaS).toBe(679);
    // 1.5 s: only 0.5 s since the last smoothing and raw 678.5 != 679: no smoothing.
    // (Without the restart it would have been floor(0.7 × 679 + 0.3 × 678.5) = floor(678.85) = 678.)
    expect(m.update(1500).etaS).toBe(679);
    // 2.5 s: 1.5 s since 1.0; raw = 2.5 + 675 = 677.5; floor(475.3 + 203.25) = floor(678.55) = 678.
    expect(m.update(2000).etaS).toBe(679);
    expect(m.update(2500).etaS).toBe(678);
  });

  test('alpha is 0.2 after a gap of 10 s or more, 0.3 below', () => {
    // At both times load_data is overdue: raw = max(1, 5 - e) + 675 = 1 + 675 = 676.
    const slow = model();
    slow.update(0, 0);
    // 10 s gap: alpha 0.2: floor(0.8 × 720 + 0.2 × 676) = floor(576 + 135.2) = 711
    expect(slow.update(10_000).etaS).toBe(711);

    const fast = model();
    fast.update(0, 0);
    // 9.5 s gap: alpha 0.3: floor(0.7 × 720 + 0.3 × 676) = floor(504 + 202.8) = 706
    expect(fast.update(9_500).etaS).toBe(706);
  });
});

describe('progress: step limit, creep, targets', () => {
  test('towards a target above it, progress climbs at most 0.3 points per 0.5 s (0.6 %/s)', () => {
    const m = model();
    m.setStage('cpsat', 10, 0); // last 0 < 10: raised to 10
    m.updateWorkProgress(10); // target = 10 + 1 × 50 = 60
    // dt = 1 s: step = min(0.3 × 1/0.5, 60 - 10) = 0.6 → 10.6, published round(10.6) = 11
    const a = m.update(1000);
    expect(a.progressExact).toBeCloseTo(10.6, 12);
    expect(a.progress).toBe(11);
    // dt = 0.5 s: step 0.3 → 10.9
    expect(m.update(1500).progressExact).toBeCloseTo(10.9, 12);
    // dt = 10 s: step 6 → 16.9
    expect(m.update(11_500).progressExact).toBeCloseTo(16.9, 12);
  });

  test('when the target is not above it, progress creeps 0.03 points per 0.5 s (0.06 %/s)', () => {
    const m = model();
    m.setStage('cpsat', 10, 0); // work-based, 0 done: target = 10 = last
    // dt = 1 s: creep 0.03 × 1/0.5 = 0.06 → 10.06
    expect(m.update(1000).progressExact).toBeCloseTo(10.06, 12);
    // dt = 100 s: creep 6 → 16.06, still below the stage end (60)
    const r = m.update(101_000);
    expect(r.progressExact).toBeCloseTo(16.06, 12);
    expect(r.progress).toBe(16);
    // a long wait creeps up to the stage end and stops there: 16.06 + 0.06 × 1000 = 76.06 → min(60, …) = 60
    expect(m.update(1_101_000).progressExact).toBe(60);
  });

  test('work-based target: start + done/total × (end − start)', () => {
    const m = model();
    m.setStage('cpsat', 4, 0);
    m.updateWorkProgress(1);
    // target = 10 + 1/4 × 50 = 22.5; dt = 100 s allows 60 points: new = 22.5
    const r = m.update(100_000);
    expect(r.progressExact).toBe(22.5);
    expect(r.progress).toBe(22); // round(22.5) ties to even
    // more done than total counts as all done: target = 10 + min(1, 9/4) × 50 = 60
    m.updateWorkProgress(9);
    expect(m.update(200_000).progressExact).toBe(60);
  });

  test('time-based target: start + e/x × (end − start) while e < x', () => {
    const m = model();
    m.setStage('cpsat', 0, 0);
    // e = 90 s of 180: ratio 0.5, target = 10 + 0.5 × 50 = 35; dt = 90 s allows 54: new = 35
    const r = m.update(90_000);
    expect(r.progressExact).toBe(35);
    expect(r.progress).toBe(35);

    const limited = model();
    limited.setStage('cpsat', 0, 0);
    // e = 10 s: target = 10 + 10/180 × 50 = 12.777…; dt = 0.5 s: step 0.3 binds only if the gap is larger.
    limited.update(9_500); // 10 + min(5.7, 2.638…) = 12.638…
    const s = limited.update(10_000);
    // gap 12.777… − 12.638… = 0.1388… < 0.3: new = target
    expect(s.progressExact).toBeCloseTo(10 + (10 / 180) * 50, 12);
  });

  test('work-based beats time: with 0 of N done the target stays at the stage start', () => {
    const m = model();
    m.setStage('cpsat', 5, 0);
    // time-based would give 35 at e = 90 s; work-based with 0 done: target 10, creep 0.06 × 90 = 5.4
    expect(m.update(90_000).progressExact).toBeCloseTo(15.4, 12);
  });

  test('overtime: ratio = 1 − 0.01 × 0.5^((e − x)/x)', () => {
    // cpsat, x = 180 s, range 10 → 60; each update after a long dt reaches the target.
    const cases: Array<[number, number]> = [
      // e = x: 1 − 0.01 × 0.5^0 = 0.99 → 10 + 0.99 × 50 = 59.5 (just below x the ratio is ~1: a discontinuity)
      [180_000, 59.5],
      // e = 2x: 1 − 0.01 × 0.5 = 0.995 → 59.75
      [360_000, 59.75],
      // e = 3x: 1 − 0.01 × 0.25 = 0.9975 → 59.875
      [540_000, 59.875],
    ];
    for (const [eMs, expected] of cases) {
      const m = model();
      m.setStage('cpsat', 0, 0);
      const r = m.update(eMs);
      expect(r.progressExact).toBeCloseTo(expected, 12);
      expect(r.progress).toBe(60); // round(59.5) = 60 (tie, even), round(59.75) = round(59.875) = 60
    }
  });

  test('overtime target below the progress: e just under x reaches 59.99…, then at e = x the target drops to 59.5 and progress only creeps', () => {
    const m = model();
    m.setStage('cpsat', 0, 0);
    // e = 179.5 s: target = 10 + 179.5/180 × 50 = 59.8611…; dt 179.5 s: new = target
    expect(m.update(179_500).progressExact).toBeCloseTo(10 + (179.5 / 180) * 50, 12);
    // e = 180 s: target 59.5 < 59.8611: creep 0.03 → 59.8911…
    expect(m.update(180_000).progressExact).toBeCloseTo(10 + (179.5 / 180) * 50 + 0.03, 12);
  });

  test('Python rounding of the published progress: 2.5 → 2, 3.5 → 4', () => {
    // load_data 0 → 5, 2 items, 1 done: target 2.5; dt 10 s allows 6 points: exact 2.5
    const a = model();
    a.setStage('load_data', 2, 0);
    a.updateWorkProgress(1);
    const ra = a.update(10_000);
    expect(ra.progressExact).toBe(2.5);
    expect(ra.progress).toBe(2);
    // the same with a load_data row ending at 7: target 0 + 1/2 × 7 = 3.5
    const b = model(EST_S, withStage('load_data', { endPct: 7 }));
    b.setStage('load_data', 2, 0);
    b.updateWorkProgress(1);
    const rb = b.update(10_000);
    expect(rb.progressExact).toBe(3.5);
    expect(rb.progress).toBe(4);
  });

  test('a forced update publishes the forced value and leaves the progress clock alone', () => {
    const m = model();
    m.setStage('cpsat', 10, 0);
    m.updateWorkProgress(10);
    m.update(500); // 10.3, last update at 0.5 s
    expect(m.update(1000, 20).progress).toBe(20);
    expect(m.lastProgress).toBe(20);
    // The next free update measures dt from 0.5 s, because the forced one did not
    // move last_update_time: step = 0.3 × (2 − 0.5)/0.5 = 0.9 → 20.9 (from 1.0 s it would be 20.6).
    expect(m.update(2000).progressExact).toBeCloseTo(20.9, 12);
  });
});

describe('set_stage', () => {
  test('raises progress to the stage start: 27 → 60 when GA starts after a fast CP-SAT', () => {
    const m = model();
    m.setStage('cpsat', 100, 0);
    m.updateWorkProgress(34);
    // target = 10 + 34/100 × 50 = 27; dt 100 s: new = 27
    expect(m.update(100_000).progressExact).toBeCloseTo(27, 12);
    m.setStage('ga', 0, 100_000);
    // last 27 < ga start 60: both stage_start_progress and last_progress become 60
    expect(m.lastProgress).toBe(60);
    expect(m.stageStartProgress).toBe(60);
    expect(m.stageItemsTotal).toBe(0);
    expect(m.stageStartMs).toBe(100_000);
    // 0.5 s into ga: target = 60 + 0.5/300 × 25 = 60.041666…; new = target (gap < 0.3)
    const r = m.update(100_500);
    expect(r.progress).toBe(60);
    expect(r.progressExact).toBeCloseTo(60 + (0.5 / 300) * 25, 12);
    expect(r.stage.displayName).toBe('Optimizing quality');
  });

  test('keeps progress when it is already at or above the stage start', () => {
    const m = model();
    m.setStage('ga', 18, 0);
    m.lastProgress = 70; // what a legacy writer does
    m.setStage('ga', 18, 1000);
    expect(m.lastProgress).toBe(70);
    expect(m.stageStartProgress).toBe(70);
    // work-based from the kept start: 6 of 18 done: target = 70 + 6/18 × (85 − 70) = 75; dt 100 s: new = 75
    m.updateWorkProgress(6);
    expect(m.update(101_000).progressExact).toBeCloseTo(75, 12);
  });

  test('resets the item counts; mark_stage_complete zeroes them without moving progress', () => {
    const m = model();
    m.setStage('cpsat', 10, 0);
    m.updateWorkProgress(10);
    m.update(100_000); // target 60, reached
    expect(m.lastProgress).toBe(60);
    m.markStageComplete();
    expect(m.stageItemsTotal).toBe(0);
    expect(m.stageItemsDone).toBe(0);
    expect(m.lastProgress).toBe(60);
    m.setStage('ga', 18, 100_000);
    expect(m.stageItemsTotal).toBe(18);
    expect(m.stageItemsDone).toBe(0);
  });

  test('ignores a stage the table does not have', () => {
    const config: TrackerConfig = { ...DEFAULT_TRACKER_CONFIG, stages: DEFAULT_STAGE_TABLE.filter((s) => s.name !== 'rl') };
    const m = model(EST_S, config);
    m.setStage('ga', 18, 0);
    m.setStage('rl', 5, 1000);
    expect(m.currentStage.name).toBe('ga');
    expect(m.stageItemsTotal).toBe(18);
    expect(m.stageStartMs).toBe(0);
  });
});

describe('caps and the ETA near the end', () => {
  // rl runs 85 → 100 over 10 s, so only the 98 % cap can stop it.
  const toHundred = withStage('rl', { endPct: 100, expectedS: 10 });

  test('progress never passes 98 before complete()', () => {
    const m = model(EST_S, toHundred);
    m.setStage('rl', 0, 0); // last 0 → 85
    // e = 100 s, x = 10: ratio = 1 − 0.01 × 0.5^9 = 0.99998…, target = 85 + 0.99998 × 15 = 99.9997;
    // dt 100 s allows 60: 99.9997 → min(end 100, 99.9997, 98) = 98
    const r = m.update(100_000);
    expect(r.progressExact).toBe(98);
    expect(r.progress).toBe(98);
    // and stays there
    expect(m.update(200_000).progressExact).toBe(98);
    // complete() forces 100
    expect(m.update(200_500, 100).progress).toBe(100);
  });

  test('above 95 %, remaining = min(remaining, floor(elapsed × (100 − p)/p))', () => {
    const m = model(EST_S, toHundred);
    m.setStage('rl', 0, 0);
    const r = m.update(130_000);
    // p = 98 > 95 (capped, as above), elapsed since the tracker started = 130 s:
    // stage-based = max(1, 10 − 130) + 5 = 6; progress-based = floor(130 × 2/98) = floor(2.65) = 2; min = 2
    expect(r.progressExact).toBe(98);
    expect(r.rawEtaS).toBe(2);
    // smoothing after a 130 s gap: alpha 0.2: floor(0.8 × 720 + 0.2 × 2) = floor(576.4) = 576
    expect(r.etaS).toBe(576);
  });

  test('the rule needs p strictly above 95', () => {
    // forced progress, 10 s after start, still in load_data: stage-based = max(1, 5 − 10) + 675 = 676
    expect(model().update(10_000, 95).rawEtaS).toBe(676);
    // 96: floor(10 × 4/96) = floor(0.416) = 0 < 676
    expect(model().update(10_000, 96).rawEtaS).toBe(0);
  });

  test('the shown ETA is clamped to 1 … 900', () => {
    // upper: estimate 2000: no smoothing at t = 0, shown = min(900, 2000) = 900
    // (not a rise over the last value 2000, so the no-jump rule keeps it)
    expect(model(2000).update(0, 0).etaS).toBe(900);
    // lower: estimate 1, forced 97 at 2 s: raw = min(678, floor(2 × 3/97) = 0) = 0;
    // 2 s ≥ 1.5: floor(0.7 × 1 + 0.3 × 0) = floor(0.7) = 0; shown = max(1, 0) = 1
    const low = model(1);
    const r = low.update(2000, 97);
    expect(r.rawEtaS).toBe(0);
    expect(low.smoothedEtaS).toBe(0);
    expect(r.etaS).toBe(1);
  });
});

describe('the no-jump rule: a rise of more than 5 s is refused', () => {
  // At 1.5 s raw = 678.5 and the first smoothing gives floor(0.7 × est + 203.55).
  test('a rise of exactly 5 is allowed', () => {
    const m = model(660);
    m.update(0, 0);
    m.update(500);
    m.update(1000);
    // floor(0.7 × 660 + 203.55) = floor(462 + 203.55) = 665 = 660 + 5: allowed
    expect(m.update(1500).etaS).toBe(665);
  });

  test('a rise of 6 is refused: the last value is shown again, the smoothed value keeps climbing', () => {
    const m = model(658);
    m.update(0, 0);
    m.update(500);
    m.update(1000);
    // floor(0.7 × 658 + 203.55) = floor(460.6 + 203.55) = 664 = 658 + 6: refused, shown 658
    expect(m.update(1500).etaS).toBe(658);
    expect(m.smoothedEtaS).toBe(664);
    expect(m.lastEtaValueS).toBe(658);
    // 3.0 s: raw = 2 + 675 = 677; floor(0.7 × 664 + 0.3 × 677) = floor(464.8 + 203.1) = 667 > 663: refused again
    m.update(2000);
    m.update(2500);
    expect(m.update(3000).etaS).toBe(658);
    expect(m.smoothedEtaS).toBe(667);
  });

  test('the ETA may creep up by ≤ 5 s per smoothing', () => {
    const m = model(660);
    m.update(0, 0);
    const shown: number[] = [];
    for (let t = 500; t <= 4500; t += 500) shown.push(m.update(t).etaS);
    // 1.5 s: 665 (above). 3.0 s: raw 677, floor(0.7 × 665 + 203.1) = floor(668.6) = 668 ≤ 670: shown.
    // 4.5 s: raw = max(1, 0.5) + 675 = 675.5, floor(0.7 × 668 + 202.65) = floor(670.25) = 670 ≤ 673: shown.
    expect(shown).toEqual([660, 660, 665, 665, 665, 668, 668, 668, 670]);
  });

  test('with the no-profile estimate of 35 s every rise is refused', () => {
    const m = model(35);
    expect(m.update(0, 0).etaS).toBe(35);
    // 1.5 s: floor(0.7 × 35 + 0.3 × 678.5) = floor(24.5 + 203.55) = 228 > 40: refused
    for (let t = 500; t <= 60_000; t += 500) expect(m.update(t).etaS).toBe(35);
    expect(m.smoothedEtaS).toBeGreaterThan(600);
  });
});
