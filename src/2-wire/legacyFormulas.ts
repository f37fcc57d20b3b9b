/**
 * The removed (or missed) writers' arithmetic (system.md, "Legacy writers"):
 * the pipeline writes with it and capture recognises a writer by it.
 */

/** A progress formula from items done and total. */
export type ProgressFormula = (done: number, total: number) => number;

/** The direct writers' progress, by the stage they write in: `cpsat_direct`, `ga_direct`, and both RL writers. */
export const DIRECT_PROGRESS = {
  cpsat: (d, t) => Math.trunc(5 + (d / t) * 55),
  ga: (d, t) => Math.trunc(15 + (d / t) * 70),
  rl: (d, t) => Math.trunc(85 + (d / t) * 10),
} as const satisfies Record<string, ProgressFormula>;

/** `_update_progress()`'s ranges (the ones the seed document quotes): 5→60, 60→80, 80→96. */
export const UPDATE_PROGRESS_RANGES = { cpsat: [5, 60], ga: [60, 80], rl: [80, 96] } as const;

/** `_update_progress()`'s progress in `stage` (the whole range when nothing is counted). */
export function updateProgressPct(stage: keyof typeof UPDATE_PROGRESS_RANGES, done: number, total: number): number {
  const [start, end] = UPDATE_PROGRESS_RANGES[stage];
  return Math.trunc(start + (total > 0 ? done / total : 1) * (end - start));
}

/** `cpsat_direct`'s ETA: `int(elapsed/done * (N - done) * 1.2)`, 0 at the last cluster and without a start time. */
export function cpsatDirectEtaS(elapsedS: number | null, done: number, total: number): number {
  return elapsedS === null ? 0 : Math.trunc((elapsedS / done) * (total - done) * 1.2);
}

/** The GA and RL writers' ETA: `int(elapsed / (p / 100) * (100 - p))`, 0 without a start time. */
export function progressEtaS(elapsedS: number | null, progress: number): number {
  if (elapsedS === null || progress <= 0) return 0;
  return Math.trunc((elapsedS / (progress / 100)) * (100 - progress));
}

/** `_update_progress()`'s ETA: `elapsed/p*100 - elapsed`, never below 0. */
export function updateProgressEtaS(elapsedS: number | null, progress: number): number {
  return elapsedS === null || progress <= 0 ? 0 : Math.max(0, Math.trunc((elapsedS / progress) * 100 - elapsedS));
}
