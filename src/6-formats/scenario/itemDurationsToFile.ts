import type { ItemDurations } from './Scenario.js';

/** Seconds of integer milliseconds, as a file writes them (1100 → 1.1; parses back to 1100). */
export function secondsOfMs(ms: number): number {
  return ms / 1000;
}

/** A file's form of resolved per-item durations: seconds, a list of seconds, or a `{ dist, … }` mapping. */
export function itemDurationsToFile(d: ItemDurations): number | number[] | Record<string, string | number> {
  switch (d.kind) {
    case 'fixed':
      return secondsOfMs(d.ms);
    case 'list':
      return d.ms.map(secondsOfMs);
    case 'uniform':
      return { dist: 'uniform', min: secondsOfMs(d.minMs), max: secondsOfMs(d.maxMs) };
    case 'normal':
      return { dist: 'normal', mean: secondsOfMs(d.meanMs), sd: secondsOfMs(d.sdMs) };
    case 'lognormal':
      return { dist: 'lognormal', median: secondsOfMs(d.medianMs), p95: secondsOfMs(d.p95Ms) };
    case 'exponential':
      return { dist: 'exponential', mean: secondsOfMs(d.meanMs) };
  }
}
