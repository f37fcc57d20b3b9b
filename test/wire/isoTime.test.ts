import { expect } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { pyIsoUtc } from '../../src/2-wire/isoTime.js';

/** Python's isoformat() of a UTC time in whole milliseconds, from JavaScript's own ISO text. */
function reference(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString(); // 2024-12-01T15:13:20.500Z
  const [base, millis] = [iso.slice(0, 19), iso.slice(20, 23)];
  return millis === '000' ? `${base}+00:00` : `${base}.${millis}000+00:00`;
}

const instant = fc.double({ min: 0, max: 4_102_444_800_000, noNaN: true });

test.prop([fc.array(fc.tuple(instant, fc.integer({ min: 0, max: 7_200_000 })), { maxLength: 60 })])(
  "pyIsoUtc prints what Python would, whatever the order of the seconds asked (a message's time and its ETA's alternate)",
  (pairs) => {
    for (const [nowMs, etaMs] of pairs) {
      expect(pyIsoUtc(nowMs)).toBe(reference(nowMs));
      expect(pyIsoUtc(nowMs + etaMs)).toBe(reference(nowMs + etaMs));
      expect(pyIsoUtc(nowMs)).toBe(reference(nowMs));
    }
  },
);

test.prop([instant])('a time JavaScript cannot print throws and leaves the seconds already formatted right', (ms) => {
  pyIsoUtc(ms);
  expect(() => pyIsoUtc(8.64e15 + 1000)).toThrow(RangeError);
  expect(pyIsoUtc(ms)).toBe(reference(ms));
  expect(pyIsoUtc(ms + 1000)).toBe(reference(ms + 1000));
});
