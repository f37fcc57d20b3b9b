import fc from 'fast-check';
import { DEFAULT_TRACKER_CONFIG, type TrackerConfig } from '../../../3-model/tracker/TrackerConfig.js';
import { DEFAULT_STAGE_TABLE, type StageSpec } from '../../../3-model/tracker/stageTable.js';
import { decimalArb, orDefault, weighted } from './weighted.js';

/*
 * Tracker constants stay inside the envelope the design relies on, so that
 * a finding is a flaw of the tracker, not of a setting that contradicts the
 * checker: eta_min_s ≥ 1 s (a 0 s clamp shows "0 s left" by construction),
 * eta_rise_max_s ≤ 5 s (the eta-jump tolerance), a stage table whose ranges
 * follow each other upwards (a later stage ending below an earlier one
 * drags progress down by construction), and a tick of at least 100 ms (a
 * shorter one only costs time). Display names stay the shipped ones: the
 * checker maps stages by display name.
 */

const D = DEFAULT_TRACKER_CONFIG;

/** Seven cut points 0 ≤ c0 ≤ … ≤ c6 ≤ 100: stage k runs from c_k to c_(k+1). */
const rangesArbitrary: fc.Arbitrary<ReadonlyArray<readonly [number, number]> | null> = orDefault(
  null,
  fc.array(decimalArb(0, 100, 1), { minLength: 7, maxLength: 7 }).map((cuts) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    return DEFAULT_STAGE_TABLE.map((_, k): readonly [number, number] => [sorted[k]!, sorted[k + 1]!]);
  }),
);

/** Expected seconds per stage (a hardware profile), from 1 ms to 20 min, each row kept or changed. */
const expectedArbitrary: fc.Arbitrary<ReadonlyArray<number>> = fc.tuple(
  ...DEFAULT_STAGE_TABLE.map((row) => orDefault(row.expectedS, decimalArb(0.001, 1200, 3))),
);

const stageTableArbitrary: fc.Arbitrary<readonly StageSpec[]> = orDefault(
  DEFAULT_STAGE_TABLE,
  fc.record({ ranges: rangesArbitrary, expected: expectedArbitrary }).map(({ ranges, expected }) =>
    DEFAULT_STAGE_TABLE.map((row, k): StageSpec => {
      const range = ranges?.[k];
      return { ...row, startPct: range ? range[0] : row.startPct, endPct: range ? range[1] : row.endPct, expectedS: expected[k]! };
    }),
  ),
);

const overridesArbitrary: fc.Arbitrary<TrackerConfig> = fc
  .record({
  stages: stageTableArbitrary,
  tickMs: orDefault(D.tickMs, fc.integer({ min: 100, max: 2000 })),
  stepPctPerS: orDefault(D.stepPctPerS, decimalArb(0.01, 5, 2)),
  creepPctPerS: orDefault(D.creepPctPerS, decimalArb(0, 0.5, 2)),
  progressCapPct: orDefault(D.progressCapPct, decimalArb(50, 99.9, 1)),
  overtimeGapRatio: orDefault(D.overtimeGapRatio, decimalArb(0, 0.5, 3)),
  nearEndPct: orDefault(D.nearEndPct, decimalArb(50, 99, 1)),
  etaGateS: orDefault(D.etaGateS, decimalArb(0, 10, 3)),
  alphaFast: orDefault(D.alphaFast, decimalArb(0.01, 1, 2)),
  alphaSlow: orDefault(D.alphaSlow, decimalArb(0.01, 1, 2)),
  alphaSwitchS: orDefault(D.alphaSwitchS, decimalArb(0, 60, 3)),
  etaMinS: orDefault(D.etaMinS, decimalArb(1, 30, 3)),
  etaMaxS: orDefault(D.etaMaxS, fc.integer({ min: 30, max: 7200 })),
  etaRiseMaxS: orDefault(D.etaRiseMaxS, decimalArb(0, 5, 3)),
})
  // fc.record builds objects without Object.prototype; a plain copy compares equal to a parsed scenario.
  .map((config) => ({ ...config }));

/** The shipped tracker most of the time; occasionally some of its constants changed. */
export const trackerArbitrary: fc.Arbitrary<TrackerConfig> = weighted([4, fc.constant(D)], [1, overridesArbitrary]);
