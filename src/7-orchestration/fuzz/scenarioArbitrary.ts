import fc from 'fast-check';
import { DEFAULT_CHECKS } from '../../6-formats/scenario/defaults.js';
import { LEGACY_WRITERS, type ErrorPath, type LegacyWriter, type Scenario } from '../../6-formats/scenario/Scenario.js';
import { DEFAULT_TRACKER_CONFIG, NO_PROFILE_ESTIMATE_S } from '../../3-model/tracker/TrackerConfig.js';
import { DEFAULT_STAGE_TABLE } from '../../3-model/tracker/stageTable.js';
import { eventsArbitrary, stepTimeoutMsArbitrary } from './_internals/eventsArbitrary.js';
import { faultsArbitrary } from './_internals/faultsArbitrary.js';
import { stagePlanArbitrary } from './_internals/stagePlanArbitrary.js';
import { trackerArbitrary } from './_internals/trackerArbitrary.js';
import { decimalArb, weighted } from './_internals/weighted.js';
import { fixedErrorPath, fixedWriters, type GeneratorOptions } from './GeneratorOptions.js';

/** The name every generated scenario carries; a saved counterexample gets its own. */
export const GENERATED_NAME = 'fuzz';

/** Sum of the shipped stage table's expected durations (680 s). */
const TABLE_TOTAL_S = DEFAULT_STAGE_TABLE.reduce((sum, row) => sum + row.expectedS, 0);

/**
 * The tracker's initial ETA: the usual 720 s, the 35 s of a service without
 * a hardware profile, the stage table's own total, anything from 1 s to
 * two hours (below and above the table total), or within a minute of the
 * table total (where smoothing starts just below or above the raw ETA). 0 is left out: the initial
 * write would show "0 s left" by construction.
 */
const estimatedTotalSArbitrary = weighted(
  [3, fc.constant(720)],
  [1, fc.constant(NO_PROFILE_ESTIMATE_S)],
  [1, fc.constant(TABLE_TOTAL_S)],
  [2, fc.integer({ min: 1, max: 7200 })],
  [1, decimalArb(0.1, 2 * TABLE_TOTAL_S, 1)],
  [1, decimalArb(TABLE_TOTAL_S - 60, TABLE_TOTAL_S + 60, 1)],
);

/** The scenario's own seed (its distribution draws): the default 1, or any. */
const seedArbitrary = weighted([1, fc.constant(1)], [3, fc.nat()]);

function writersArbitrary(options: GeneratorOptions): fc.Arbitrary<readonly LegacyWriter[]> {
  const fixed = fixedWriters(options);
  return fixed === null ? fc.subarray([...LEGACY_WRITERS]) : fc.constant(fixed);
}

function errorPathArbitrary(options: GeneratorOptions): fc.Arbitrary<ErrorPath> {
  const fixed = fixedErrorPath(options);
  return fixed === null ? fc.constantFrom<ErrorPath>('published', 'silent') : fc.constant(fixed);
}

/**
 * Whole resolved scenarios of the service version `options` names, swarm
 * style: each case switches features off (no events, stages of 0 s or 0
 * items, the shipped tracker, the default timeout) and sizes the rest from
 * tiers that keep typical cases small. Every value is valid for the file
 * format: `parseScenarioText(scenarioToYaml(s))` gives `s` back. Checker
 * tolerances stay the contract's: they define the property, not the system.
 */
export function scenarioArbitrary(options: GeneratorOptions): fc.Arbitrary<Scenario> {
  return fc
    .record({
      seed: seedArbitrary,
      estimatedTotalS: estimatedTotalSArbitrary,
      tracker: options.trackerOverrides === false ? fc.constant(DEFAULT_TRACKER_CONFIG) : trackerArbitrary,
      writers: writersArbitrary(options),
      errorPath: errorPathArbitrary(options),
      stepTimeoutMs: stepTimeoutMsArbitrary,
      stages: stagePlanArbitrary,
      events: eventsArbitrary,
      faults: options.faults ? faultsArbitrary : fc.constant([]),
    })
    .map(
      (v): Scenario => ({
        name: GENERATED_NAME,
        description: '',
        file: null,
        seed: v.seed,
        estimatedTotalS: v.estimatedTotalS,
        tracker: v.tracker,
        profile: options.profile,
        writers: v.writers,
        errorPath: v.errorPath,
        stepTimeoutMs: v.stepTimeoutMs,
        stages: v.stages,
        events: v.events,
        ...(v.faults.length ? { faults: v.faults } : {}),
        checks: DEFAULT_CHECKS,
        expect: { outcome: 'completed', violations: [] },
      }),
    );
}
