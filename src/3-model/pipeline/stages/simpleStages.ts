import type { Scope } from '../../../1-kernel/Scope.js';
import type { Job } from '../Job.js';
import { infoMessage } from '../../../2-wire/messages.js';

/** load_data: `set_stage("load_data")`, then the load itself. */
export async function loadData(job: Job, scope: Scope): Promise<void> {
  job.trackerOrThrow.setStage('load_data', 0);
  await scope.sleep(job.scenario.stages.loadData.durationMs);
}

/**
 * clustering: `set_stage("clustering", 10)`; the clusterer never reports
 * work, so progress is time-based creep. It PUBLISHes informational messages
 * (no progress, no ETA) at its start and end.
 */
export async function clustering(job: Job, scope: Scope): Promise<void> {
  job.trackerOrThrow.setStage('clustering', 10);
  const { saga } = job.conns;
  await job.logged('info publish', () => saga.publish(job.keys.channel, infoMessage(job.jobId, 'clustering', 'Clustering courses...', job.nowMs, job.messageNotes)));
  await scope.sleep(job.scenario.stages.clustering.durationMs);
  scope.throwIfAborted();
  await job.logged('info publish', () => saga.publish(job.keys.channel, infoMessage(job.jobId, 'clustering', 'Clusters created', job.nowMs, job.messageNotes)));
}
