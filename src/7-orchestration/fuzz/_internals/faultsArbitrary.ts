import fc from 'fast-check';
import { COMPONENTS, REDIS_FAULTS, type Component, type RedisFault } from '../../../6-formats/scenario/Scenario.js';
import { ms, weighted } from './weighted.js';

/** One Redis fault: any kind, anywhere in a run, short or long, on some connections or all. */
const faultArbitrary: fc.Arbitrary<RedisFault> = fc
  .record({
    fault: fc.constantFrom(...REDIS_FAULTS),
    atMs: weighted([3, ms(0, 60_000)], [3, ms(0, 600_000)]),
    durationMs: weighted([3, ms(1, 5_000)], [2, ms(1, 120_000)]),
    latencyMs: ms(1, 2_000),
    components: weighted<readonly Component[]>([1, fc.constant([])], [2, fc.subarray([...COMPONENTS], { minLength: 1 })]),
  })
  .map(({ fault, atMs, durationMs, latencyMs, components }) => ({
    kind: 'fault' as const,
    fault,
    atMs,
    durationMs,
    latencyMs: fault === 'latency' ? latencyMs : 0,
    components,
  }));

/** No faults most of the time (swarm: a case switches them off); otherwise one to three. */
export const faultsArbitrary: fc.Arbitrary<readonly RedisFault[]> = weighted<readonly RedisFault[]>(
  [2, fc.constant([])],
  [3, fc.array(faultArbitrary, { minLength: 1, maxLength: 3 })],
);
