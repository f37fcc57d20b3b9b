import fc from 'fast-check';
import { LIMITS } from '../../../6-formats/scenario/limits.js';
import type { ScenarioEvent } from '../../../6-formats/scenario/Scenario.js';
import { ms, weighted } from './weighted.js';

/** When an event happens: in the first minute, in the usual run, or late (often after the job ended). */
const atMsArbitrary = weighted([3, ms(0, 60_000)], [3, ms(0, 600_000)], [1, ms(0, 3_600_000)]);

/**
 * An error message: mostly a fixed one (a counterexample shrinks to it),
 * else printable ASCII with quotes and colons, to exercise the file format too.
 */
const messageArbitrary = weighted(
  [3, fc.constant('injected error')],
  [1, fc.string({ minLength: 1, maxLength: Math.min(40, LIMITS.eventMessageLengthMax) })],
);

const eventArbitrary: fc.Arbitrary<ScenarioEvent> = weighted<ScenarioEvent>(
  [1, atMsArbitrary.map((atMs) => ({ atMs, kind: 'cancel' }))],
  [1, fc.record({ atMs: atMsArbitrary, message: messageArbitrary }).map(({ atMs, message }) => ({ atMs, kind: 'error', message }))],
);

/** No events most of the time; otherwise one to three cancels and stage errors. */
export const eventsArbitrary: fc.Arbitrary<readonly ScenarioEvent[]> = weighted<readonly ScenarioEvent[]>(
  [3, fc.constant([])],
  [2, fc.array(eventArbitrary, { minLength: 1, maxLength: 3 })],
);

/** The saga's per-step timeout: the default 900 s mostly, else anything from 1 ms up (a step may time out). */
export const stepTimeoutMsArbitrary = weighted([10, fc.constant(900_000)], [2, ms(1, 900_000)], [1, ms(1, 999)]);
