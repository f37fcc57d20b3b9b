import type { Connection } from '../../redis/Connection.js';
import type { Job } from '../Job.js';
import { legacyWrite } from './legacyWrite.js';
import {
  cpsatDirectEtaS,
  DIRECT_PROGRESS,
  progressEtaS,
  updateProgressEtaS,
  updateProgressPct,
  UPDATE_PROGRESS_RANGES,
} from '../../../2-wire/legacyFormulas.js';

/**
 * main.py's per-cluster write (removed by the fix): `int(5 + done/N*55)`,
 * ETA `int(elapsed/done * (N - done) * 1.2)`, which is 0 at the last cluster.
 */
export function cpsatDirect(job: Job, conn: Connection, done: number, total: number): Promise<void> {
  const progress = DIRECT_PROGRESS.cpsat(done, total);
  return legacyWrite(job, conn, {
    progress,
    stage: 'cpsat',
    message: `Cluster ${done}/${total} scheduled`,
    itemsDone: done,
    itemsTotal: total,
    overwritesTracker: true,
    eta: (elapsedS) => cpsatDirectEtaS(elapsedS, done, total),
  });
}

/**
 * stage2_ga.py's per-generation write, still present in the commit that
 * shipped the fix: `int(15 + gen/total*70)` drags progress from ~60 to ~18.
 */
export function gaDirect(job: Job, conn: Connection, generation: number, total: number): Promise<void> {
  const progress = DIRECT_PROGRESS.ga(generation, total);
  return legacyWrite(job, conn, {
    progress,
    stage: 'ga',
    message: `Generation ${generation}/${total}`,
    itemsDone: generation,
    itemsTotal: total,
    overwritesTracker: true,
    eta: (elapsedS) => progressEtaS(elapsedS, progress),
  });
}

/** stage3_rl.py's fallback batch write (removed): `int(85 + ep/total*10)`. */
export function rlFallback(job: Job, conn: Connection, episodes: number, total: number): Promise<void> {
  const progress = DIRECT_PROGRESS.rl(episodes, total);
  return legacyWrite(job, conn, {
    progress,
    stage: 'rl',
    message: `RL episode ${episodes}/${total}`,
    itemsDone: episodes,
    itemsTotal: total,
    overwritesTracker: true,
    eta: (elapsedS) => progressEtaS(elapsedS, progress),
  });
}

/** stage3_rl.py's global-repair write (removed): the same shape as the fallback's, per repaired cluster. */
export function rlGlobalRepair(job: Job, conn: Connection, repaired: number, total: number): Promise<void> {
  const progress = DIRECT_PROGRESS.rl(repaired, total);
  return legacyWrite(job, conn, {
    progress,
    stage: 'rl',
    message: `Repaired cluster ${repaired}/${total}`,
    itemsDone: repaired,
    itemsTotal: total,
    overwritesTracker: true,
    eta: (elapsedS) => progressEtaS(elapsedS, progress),
  });
}

/**
 * main.py's `_update_progress()` (removed; the seed calls it unused), driven
 * from each stage's work reports when a scenario switches it on. Its ETA is
 * `elapsed/p*100 - elapsed`; system.md names GA- and RL-share formulas
 * without giving them, so the same formula serves every stage here. It does
 * not touch the tracker's state.
 */
export function updateProgress(
  job: Job,
  conn: Connection,
  stage: keyof typeof UPDATE_PROGRESS_RANGES,
  done: number,
  total: number,
): Promise<void> {
  const progress = updateProgressPct(stage, done, total);
  return legacyWrite(job, conn, {
    progress,
    stage,
    message: `${stage} ${done}/${total}`,
    itemsDone: done,
    itemsTotal: total,
    overwritesTracker: false,
    eta: (elapsedS) => updateProgressEtaS(elapsedS, progress),
  });
}
