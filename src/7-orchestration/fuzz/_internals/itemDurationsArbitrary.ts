import fc from 'fast-check';
import type { ItemDurations } from '../../../6-formats/scenario/Scenario.js';
import { weighted } from './weighted.js';

/** A count of items and their durations, with a replay list exactly as long as the count. */
export interface CountedItems {
  readonly count: number;
  readonly items: ItemDurations;
}

/**
 * Per-item durations drawn from `perItemMs` (integer ms): mostly one fixed
 * duration, sometimes a seeded distribution. Parameters respect the
 * format's cross-field rules (uniform min ≤ max, lognormal p95 ≥ median).
 */
export function itemDurationsArbitrary(perItemMs: fc.Arbitrary<number>): fc.Arbitrary<ItemDurations> {
  return weighted<ItemDurations>(
    [6, perItemMs.map((ms) => ({ kind: 'fixed', ms }))],
    [1, fc.tuple(perItemMs, perItemMs).map(([a, b]) => ({ kind: 'uniform', minMs: Math.min(a, b), maxMs: Math.max(a, b) }))],
    [1, fc.tuple(perItemMs, perItemMs).map(([meanMs, sdMs]) => ({ kind: 'normal', meanMs, sdMs }))],
    [1, fc.tuple(perItemMs, perItemMs).map(([a, b]) => ({ kind: 'lognormal', medianMs: Math.min(a, b), p95Ms: Math.max(a, b) }))],
    [1, perItemMs.map((meanMs) => ({ kind: 'exponential', meanMs }))],
  );
}

/**
 * A count from `count` with durations from `itemDurationsArbitrary`, or
 * (less often) a replay list of at most `listLengthMax` durations whose
 * length is the count, so that the list always matches.
 */
export function countedItemsArbitrary(
  count: fc.Arbitrary<number>,
  perItemMs: fc.Arbitrary<number>,
  listLengthMax: number,
): fc.Arbitrary<CountedItems> {
  return weighted<CountedItems>(
    [5, fc.record({ count, items: itemDurationsArbitrary(perItemMs) })],
    [1, fc.array(perItemMs, { maxLength: listLengthMax }).map((ms) => ({ count: ms.length, items: { kind: 'list', ms } }))],
  );
}
