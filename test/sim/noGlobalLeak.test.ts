import { expect, test } from 'vitest';

// Captured before the simulator is imported (its modules are loaded with a
// dynamic import inside the test), so a module that patched a global at
// import time would be caught as well as one that patched it during a run.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
const realSetInterval = globalThis.setInterval;
const realSetImmediate = globalThis.setImmediate;
const realNextTick = process.nextTick;
const realQueueMicrotask = globalThis.queueMicrotask;
const RealDate = globalThis.Date;
const realDateNow = Date.now;

/** Wall-clock ms from a source fake-timers does not touch. */
function wallNowMs(): number {
  return performance.timeOrigin + performance.now();
}

test('a run leaves no fake global behind: real Date, real timers', async () => {
  const { runScenario } = await import('../../src/4-harness/runScenario.js');
  const { defaultScenario } = await import('../../src/6-formats/scenario/defaults.js');
  const { VIRTUAL_EPOCH_MS } = await import('../../src/0-trace/TraceEvent.js');

  const result = await runScenario(defaultScenario({ name: 'no-leak' }));
  // The run itself lived in virtual time (about 590 s from the 2024 virtual epoch) …
  expect(result.endMs).toBeGreaterThan(500_000);
  expect(result.trace[0]!.t * 1000).toBe(VIRTUAL_EPOCH_MS);

  // … and the process's clock and timers are the real ones.
  expect(globalThis.setTimeout).toBe(realSetTimeout);
  expect(globalThis.clearTimeout).toBe(realClearTimeout);
  expect(globalThis.setInterval).toBe(realSetInterval);
  expect(globalThis.setImmediate).toBe(realSetImmediate);
  expect(process.nextTick).toBe(realNextTick);
  expect(globalThis.queueMicrotask).toBe(realQueueMicrotask);
  expect(globalThis.Date).toBe(RealDate);
  expect(Date.now).toBe(realDateNow);
  expect(Math.abs(Date.now() - wallNowMs())).toBeLessThan(5000);
  expect(Math.abs(new Date().getTime() - wallNowMs())).toBeLessThan(5000);

  // A real timer still fires.
  await new Promise<void>((resolve) => setTimeout(resolve, 1));
});
