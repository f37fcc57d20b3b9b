import fc from 'fast-check';
import type { StagePlan } from '../../../6-formats/scenario/Scenario.js';
import { countedItemsArbitrary } from './itemDurationsArbitrary.js';
import { ms, weighted } from './weighted.js';

/*
 * Sizes are tiered: a stage is often off (0), usually small, sometimes at
 * its expected size and rarely far past it. Every tier starts at the same
 * small value, so that a shrink inside any tier still reaches 1 item or
 * 1 ms (a tier starting where the last one ended would stop shrinking there). The tiers keep a typical case
 * near a minute of virtual time (10,000 cases in minutes on two cores)
 * while still reaching thousands of items and stages many times their
 * expected duration. Step timeouts (900 s by default) cap how long a
 * stage with a huge draw can run.
 */

/** A single-duration stage expected to take `expectedMs`: 0, under, around, or up to 60× its expectation. */
function simpleDurationMs(expectedMs: number): fc.Arbitrary<number> {
  return weighted([2, fc.constant(0)], [6, ms(1, expectedMs)], [3, ms(1, 3 * expectedMs)], [1, ms(1, 60 * expectedMs)]);
}

/** Item counts: 0, a few, up to `typicalMax`, rarely up to `rareMax`. */
function countArbitrary(typicalMax: number, rareMax: number): fc.Arbitrary<number> {
  return weighted([2, fc.constant(0)], [4, fc.integer({ min: 1, max: 10 })], [4, fc.integer({ min: 1, max: typicalMax })], [1, fc.integer({ min: 1, max: rareMax })]);
}

/** Per-item durations: 0, up to `typicalMaxMs`, rarely up to `rareMaxMs`. */
function perItemMsArbitrary(typicalMaxMs: number, rareMaxMs: number): fc.Arbitrary<number> {
  return weighted([1, fc.constant(0)], [5, ms(1, typicalMaxMs)], [1, ms(1, rareMaxMs)]);
}

const cpsatArbitrary: fc.Arbitrary<StagePlan['cpsat']> = fc
  .record({
    clusters: countedItemsArbitrary(countArbitrary(200, 3000), perItemMsArbitrary(2000, 15_000), 60),
    parallel: fc.integer({ min: 1, max: 8 }),
  })
  .map(({ clusters, parallel }) => ({ clusters: clusters.count, parallel, clusterMs: clusters.items }));

const gaArbitrary: fc.Arbitrary<StagePlan['ga']> = countedItemsArbitrary(countArbitrary(40, 2000), perItemMsArbitrary(10_000, 60_000), 40).map(
  ({ count, items }) => ({ generations: count, generationMs: items }),
);

/** Conflicts: under RL's threshold of 10 (RL skipped), a usual count, or past its cap of 1000. */
const conflictsArbitrary = weighted([1, fc.integer({ min: 0, max: 9 })], [4, fc.integer({ min: 0, max: 1000 })], [1, fc.integer({ min: 0, max: 1_000_000 })]);

const rlArbitrary: fc.Arbitrary<StagePlan['rl']> = fc
  .record({
    path: fc.constantFrom('skip' as const, 'global' as const, 'fallback' as const),
    conflicts: conflictsArbitrary,
    // A replay list of repaired clusters has min(10, problem_clusters) entries: a list's length is its count here.
    problemClusters: countedItemsArbitrary(weighted([1, fc.constant(0)], [3, fc.integer({ min: 1, max: 10 })], [1, fc.integer({ min: 1, max: 100 })]), perItemMsArbitrary(5000, 60_000), 10),
    episodes: countedItemsArbitrary(countArbitrary(200, 5000), perItemMsArbitrary(500, 5000), 60),
    batch: weighted([3, fc.integer({ min: 1, max: 16 })], [1, fc.integer({ min: 1, max: 1000 })]),
  })
  .map(({ path, conflicts, problemClusters, episodes, batch }) => ({
    path,
    conflicts,
    problemClusters: problemClusters.count,
    clusterMs: problemClusters.items,
    episodes: episodes.count,
    batch,
    episodeMs: episodes.items,
  }));

/** What really happens in each stage, from nothing at all to far past the stage table's expectations. */
export const stagePlanArbitrary: fc.Arbitrary<StagePlan> = fc
  .record({
  loadData: simpleDurationMs(5000).map((durationMs) => ({ durationMs })),
  clustering: simpleDurationMs(10_000).map((durationMs) => ({ durationMs })),
  cpsat: cpsatArbitrary,
  ga: gaArbitrary,
  rl: rlArbitrary,
  finalize: simpleDurationMs(5000).map((durationMs) => ({ durationMs })),
  })
  // fc.record builds objects without Object.prototype; a plain copy compares equal to a parsed scenario.
  .map((plan) => ({ ...plan }));

