import type { Scope } from '../../../1-kernel/Scope.js';
import { drawDurations } from '../durations.js';
import type { Job } from '../Job.js';
import { rlFallback, rlGlobalRepair, updateProgress } from '../legacy/writers.js';
import { reportTimers, sequentialReports } from '../workSchedule.js';
import { DIRECT_PROGRESS } from '../../../2-wire/legacyFormulas.js';

/** Fewer conflicts than this skip RL. */
export const RL_MIN_CONFLICTS = 10;
/** Conflicts are capped here. */
export const RL_CONFLICTS_MAX = 1000;
/** The global path repairs at most this many problem clusters. */
export const RL_PROBLEM_CLUSTERS_MAX = 10;

/**
 * rl: `set_stage("rl")`, then nothing (skip, or fewer than 10 conflicts),
 * the global repair (`update_work_progress(i)` per problem cluster, items
 * total never set, so progress stays time-based) or the fallback (items
 * total = episodes, reported per batch).
 */
export async function rl(job: Job, scope: Scope): Promise<void> {
  const plan = job.scenario.stages.rl;
  const tracker = job.trackerOrThrow;
  tracker.setStage('rl', 0);
  const conflicts = Math.min(RL_CONFLICTS_MAX, plan.conflicts);
  if (plan.path === 'skip' || conflicts < RL_MIN_CONFLICTS) return;
  const legacy = job.writerOn('update_progress') ? await job.legacyConn('update_progress') : null;
  if (plan.path === 'global') {
    const total = Math.min(RL_PROBLEM_CLUSTERS_MAX, plan.problemClusters);
    const durationsMs = drawDurations(plan.clusterMs, total, job.rng('rl.cluster'));
    const direct = job.writerOn('rl_global_repair') ? await job.legacyConn('rl_global_repair') : null;
    const timerKind = reportTimers(job, sequentialReports(job.nowMs, durationsMs, (i) => i + 1), 'rl_global_repair', (i) => DIRECT_PROGRESS.rl(i, total));
    for (let i = 1; i <= total; i++) {
      const ms = durationsMs[i - 1]!;
      await scope.sleep(ms, timerKind(job.nowMs + ms));
      tracker.updateWorkProgress(i);
      if (direct) await rlGlobalRepair(job, direct, i, total);
      if (legacy) await updateProgress(job, legacy, 'rl', i, total);
    }
    return;
  }
  const total = plan.episodes;
  tracker.setItemsTotal(total);
  const durationsMs = drawDurations(plan.episodeMs, total, job.rng('rl.episode'));
  const direct = job.writerOn('rl_fallback') ? await job.legacyConn('rl_fallback') : null;
  const batch = Math.max(1, plan.batch);
  const batchesMs: number[] = [];
  for (let first = 0; first < total; first += batch) {
    let batchMs = 0;
    for (let i = first; i < Math.min(total, first + batch); i++) batchMs += durationsMs[i]!;
    batchesMs.push(batchMs);
  }
  const reports = sequentialReports(job.nowMs, batchesMs, (k) => Math.min(total, (k + 1) * batch));
  const timerKind = reportTimers(job, reports, 'rl_fallback', (done) => DIRECT_PROGRESS.rl(done, total));
  for (let k = 0, done = 0; done < total; k++) {
    const batchMs = batchesMs[k]!;
    await scope.sleep(batchMs, timerKind(job.nowMs + batchMs));
    done = Math.min(total, done + batch);
    tracker.updateWorkProgress(done);
    if (direct) await rlFallback(job, direct, done, total);
    if (legacy) await updateProgress(job, legacy, 'rl', done, total);
  }
}
