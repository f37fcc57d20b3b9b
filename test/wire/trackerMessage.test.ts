import { expect } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { trackerMessage } from '../../src/2-wire/messages.js';
import { pyIsoUtc } from '../../src/2-wire/isoTime.js';

/** The message as JSON.stringify writes it: trackerMessage builds the same text by hand, for speed. */
function reference(jobId: string, reading: { progress: number; etaS: number; stage: { displayName: string } }, nowMs: number): string {
  const done = reading.progress >= 100;
  const etaS = done ? 0 : reading.etaS;
  return JSON.stringify({
    job_id: jobId,
    progress: reading.progress,
    progress_percent: reading.progress,
    status: done ? 'completed' : 'running',
    stage: reading.stage.displayName,
    message: reading.stage.displayName,
    time_remaining_seconds: etaS,
    eta_seconds: etaS,
    eta: pyIsoUtc(nowMs + etaS * 1000),
    timestamp: nowMs / 1000,
  });
}

const number = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -1, max: 101 }), fc.constantFrom(0, -0, 1e21, 1e-7, 99.5, 100));

test.prop([fc.string({ unit: 'binary' }), number, number, fc.string({ unit: 'binary' }), fc.integer({ min: 0, max: 4e12 })], { seed: 14, numRuns: 500 })(
  'trackerMessage writes exactly what JSON.stringify writes',
  (jobId, progress, etaS, displayName, nowMs) => {
    const reading = { progress, etaS, stage: { displayName } };
    let expected: string;
    try {
      expected = reference(jobId, reading, nowMs);
    } catch (error) {
      // An ETA beyond the dates JavaScript can print: both refuse it alike.
      expect(() => trackerMessage(jobId, reading, nowMs)).toThrow((error as Error).constructor as ErrorConstructor);
      return;
    }
    expect(trackerMessage(jobId, reading, nowMs)).toBe(expected);
  },
);
