import fc from 'fast-check';
import type { Scenario } from '../../6-formats/scenario/Scenario.js';

/** A failing case in its smallest form, with what shrinking it cost. */
export interface Shrunk {
  readonly scenario: Scenario;
  /** Shrink steps that kept the failure (fast-check's numShrinks). */
  readonly shrinks: number;
  /** Scenarios run, the original included. */
  readonly runs: number;
  /** fast-check's path to the shrunk value (with the case seed, `fc.check` replays it). */
  readonly path: string;
  /** The run budget ran out before shrinking was done. */
  readonly budgetSpent: boolean;
}

/**
 * Shrinks the case fast-check generates first for `seed` with fast-check's
 * own shrinker: `fails` tells whether a scenario still shows the failure.
 * Deterministic for a deterministic `fails`. At most `runsMax` scenarios
 * are run; past that every candidate counts as passing, so shrinking stops
 * at the smallest failure found so far. Returns null when the case does not
 * fail at all.
 */
export async function shrinkCase(
  arbitrary: fc.Arbitrary<Scenario>,
  seed: number,
  fails: (scenario: Scenario) => Promise<boolean>,
  runsMax: number,
  /** Checked before each shrink run: once true, shrinking stops at the smallest failure so far (the original always runs). */
  stopped: () => boolean = () => false,
): Promise<Shrunk | null> {
  let runs = 0;
  const property = fc.asyncProperty(arbitrary, async (scenario) => {
    if (runs >= runsMax || (runs > 0 && stopped())) return true;
    runs++;
    return !(await fails(scenario));
  });
  const details = await fc.check(property, { seed, numRuns: 1 });
  if (!details.failed || details.counterexample === null) return null;
  return {
    scenario: details.counterexample[0],
    shrinks: details.numShrinks,
    runs,
    path: details.counterexamplePath ?? '',
    budgetSpent: runs >= runsMax,
  };
}
