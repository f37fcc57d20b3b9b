import type { Scope } from '../../../1-kernel/Scope.js';
import { drawDurations } from '../durations.js';
import type { Job } from '../Job.js';
import { gaDirect, updateProgress } from '../legacy/writers.js';
import { reportTimers, sequentialReports } from '../workSchedule.js';
import { DIRECT_PROGRESS } from '../../../2-wire/legacyFormulas.js';

/**
 * ga: `set_stage("ga")`, then the optimizer sets items total to the number
 * of generations and reports each one. Its legacy writer opens a new Redis
 * connection for every generation, as stage2_ga.py does.
 */
export async function ga(job: Job, scope: Scope): Promise<void> {
  const plan = job.scenario.stages.ga;
  const tracker = job.trackerOrThrow;
  tracker.setStage('ga', 0);
  tracker.setItemsTotal(plan.generations);
  const durationsMs = drawDurations(plan.generationMs, plan.generations, job.rng('ga.generation'));
  const legacy = job.writerOn('update_progress') ? await job.legacyConn('update_progress') : null;
  const timerKind = reportTimers(job, sequentialReports(job.nowMs, durationsMs, (i) => i + 1), 'ga_direct', (g) => DIRECT_PROGRESS.ga(g, plan.generations));
  for (let generation = 1; generation <= plan.generations; generation++) {
    const ms = durationsMs[generation - 1]!;
    await scope.sleep(ms, timerKind(job.nowMs + ms));
    tracker.updateWorkProgress(generation);
    if (job.writerOn('ga_direct')) {
      const conn = await job.open('ga_direct', `ga_direct#${generation}`);
      await gaDirect(job, conn, generation, plan.generations);
      await conn.close();
    }
    if (legacy) await updateProgress(job, legacy, 'ga', generation, plan.generations);
  }
}
