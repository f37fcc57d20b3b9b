import fc from 'fast-check';
import type { Scenario } from '../../6-formats/scenario/Scenario.js';

/**
 * The scenario fast-check generates first for `seed`: exactly the value
 * that `fc.check(fc.asyncProperty(arbitrary, …), { seed, numRuns: 1 })`
 * tests first, so that the main thread can shrink a case a worker found
 * (a test pins the two equal).
 */
export function generateCase(arbitrary: fc.Arbitrary<Scenario>, seed: number): Scenario {
  const [first] = fc.sample(fc.tuple(arbitrary), { seed, numRuns: 1 });
  if (first === undefined) throw new Error(`fast-check generated no value for seed ${seed}`);
  return first[0];
}
