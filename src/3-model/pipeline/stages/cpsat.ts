import type { Scope } from '../../../1-kernel/Scope.js';
import { drawDurations } from '../durations.js';
import type { Job } from '../Job.js';
import { cpsatDirect, updateProgress } from '../legacy/writers.js';
import { infoMessage } from '../../../2-wire/messages.js';
import type { WorkReport } from '../../tracker/TrackerPort.js';
import { reportTimers } from '../workSchedule.js';
import { DIRECT_PROGRESS } from '../../../2-wire/legacyFormulas.js';

/**
 * cpsat: `set_stage("cpsat", N)`, then the clusters in parallel batches of
 * `parallel`; a batch ends when its slowest cluster does. After each cluster
 * (in the order they finish) the saga reports `update_work_progress(done)`,
 * PUBLISHes "Cluster i/N" and, when switched on, the legacy writers write.
 */
export async function cpsat(job: Job, scope: Scope): Promise<void> {
  const plan = job.scenario.stages.cpsat;
  const tracker = job.trackerOrThrow;
  tracker.setStage('cpsat', plan.clusters);
  const durationsMs = drawDurations(plan.clusterMs, plan.clusters, job.rng('cpsat.cluster'));
  const direct = job.writerOn('cpsat_direct') ? await job.legacyConn('cpsat_direct') : null;
  const legacy = job.writerOn('update_progress') ? await job.legacyConn('update_progress') : null;
  let done = 0;
  const parallel = Math.max(1, plan.parallel);
  const timerKind = reportTimers(job, cpsatReports(job.nowMs, durationsMs, parallel), 'cpsat_direct', (n) => DIRECT_PROGRESS.cpsat(n, plan.clusters));
  for (let first = 0; first < plan.clusters; first += parallel) {
    const batch = durationsMs.slice(first, first + parallel);
    const batchStartMs = job.nowMs;
    await Promise.all(
      batch.map(async (ms) => {
        await scope.sleep(ms, timerKind(batchStartMs + ms));
        const n = ++done;
        tracker.updateWorkProgress(n);
        const info = infoMessage(job.jobId, 'cpsat', `Cluster ${n}/${plan.clusters}: solved`, job.nowMs, job.messageNotes);
        await job.logged('info publish', () => job.conns.saga.publish(job.keys.channel, info));
        if (direct) await cpsatDirect(job, direct, n, plan.clusters);
        if (legacy) await updateProgress(job, legacy, 'cpsat', n, plan.clusters);
      }),
    );
  }
}

/** The reports cpsat makes: per batch, its clusters in the order they finish (ties in start order); a batch starts when the one before has ended. */
export function cpsatReports(startMs: number, durationsMs: readonly number[], parallel: number): WorkReport[] {
  const reports: WorkReport[] = [];
  let batchStartMs = startMs;
  for (let first = 0; first < durationsMs.length; first += parallel) {
    const batch = durationsMs.slice(first, first + parallel);
    const order = batch.map((ms, i) => ({ ms, i })).sort((a, b) => a.ms - b.ms || a.i - b.i);
    for (const { ms } of order) reports.push({ atMs: batchStartMs + ms, itemsDone: reports.length + 1, setAtMs: batchStartMs });
    batchStartMs += Math.max(...batch);
  }
  return reports;
}
