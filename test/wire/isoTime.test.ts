import { expect } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { pyIsoUtc } from '../../src/2-wire/isoTime.js';

/** Python's isoformat() of a UTC time in whole milliseconds, from JavaScript's own ISO text (years Python cannot hold, before 1 or after 9999, as JavaScript prints them). */
function reference(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString(); // 2024-12-01T15:13:20.500Z, or +010000-01-01T…
  const [base, millis] = [iso.slice(0, -5), iso.slice(-4, -1)];
  return millis === '000' ? `${base}+00:00` : `${base}.${millis}000+00:00`;
}

// Mostly this century, where jobs run; also every time a Date holds, negative years and years past 9999 included.
const instant = fc.oneof(
  { arbitrary: fc.double({ min: 0, max: 4_102_444_800_000, noNaN: true }), weight: 4 },
  { arbitrary: fc.double({ min: -8.64e15, max: 8.64e15 - 7_200_000, noNaN: true }), weight: 1 },
);

test.prop([fc.array(fc.tuple(instant, fc.integer({ min: 0, max: 7_200_000 })), { maxLength: 60 })], { seed: 14 })(
  "pyIsoUtc prints what Python would, whatever the order of the seconds asked (a message's time and its ETA's alternate)",
  (pairs) => {
    for (const [nowMs, etaMs] of pairs) {
      expect(pyIsoUtc(nowMs)).toBe(reference(nowMs));
      expect(pyIsoUtc(nowMs + etaMs)).toBe(reference(nowMs + etaMs));
      expect(pyIsoUtc(nowMs)).toBe(reference(nowMs));
    }
  },
);

test.prop([instant], { seed: 14 })('a time JavaScript cannot print throws, as toISOString does, and leaves the dates already formatted right', (ms) => {
  pyIsoUtc(ms);
  // The last and first milliseconds a Date holds print; one past them throws, though its day's start would print.
  expect(pyIsoUtc(8.64e15)).toBe(reference(8.64e15));
  expect(pyIsoUtc(-8.64e15)).toBe(reference(-8.64e15));
  for (const bad of [8.64e15 + 1, -8.64e15 - 1, 8.64e15 + 1000, NaN, Infinity]) expect(() => pyIsoUtc(bad)).toThrow(RangeError);
  expect(pyIsoUtc(ms)).toBe(reference(ms));
  expect(pyIsoUtc(ms + 1000)).toBe(reference(ms + 1000));
});

test('the clock time is right on both sides of midnight and at the last millisecond of a day', () => {
  const midnight = Date.UTC(2024, 11, 2);
  for (const ms of [midnight - 1, midnight, midnight + 1, midnight - 86_400_000, midnight + 999, midnight + 86_399_999]) {
    expect(pyIsoUtc(ms)).toBe(reference(ms));
  }
});
