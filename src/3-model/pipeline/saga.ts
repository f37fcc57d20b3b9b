import { commandFaultWindows } from '../redis/FaultPlan.js';
import type { Outcome } from './JobSpec.js';
import type { StageName } from '../tracker/stageTable.js';
import type { Scope } from '../../1-kernel/Scope.js';
import { pyIsoUtc } from '../../2-wire/isoTime.js';
import type { Job } from './Job.js';
import { initialMessage, KEY_TTL_S, terminalMessage, type TerminalKind } from '../../2-wire/messages.js';
import { runStep } from './runStep.js';
import { describeFailure, type StepFailure } from './stepFailure.js';
import { clustering, loadData } from './stages/simpleStages.js';
import { cpsat } from './stages/cpsat.js';
import { ga } from './stages/ga.js';
import { rl } from './stages/rl.js';

/** The saga's steps in order; finalize runs after them, outside the step loop. */
const STEPS: ReadonlyArray<readonly [StageName, (job: Job, scope: Scope) => Promise<void>]> = [
  ['load_data', loadData],
  ['clustering', clustering],
  ['cpsat', cpsat],
  ['ga', ga],
  ['rl', rl],
];

/**
 * The job from submission to its end (system.md, "The pipeline"):
 * start_time key and the initial 0.1 % write, the tracker and its loop, a
 * cancel check before each step, each step under its timeout, the loop
 * stopped before finalize, then complete(). Returns how the job ended.
 */
export async function runSaga(job: Job): Promise<Outcome> {
  const { api, saga } = job.conns;
  const s = job.scenario;
  await job.logged('start_time write', () => api.setex(job.keys.startTime, KEY_TTL_S, pyIsoUtc(job.nowMs)));
  const initial = initialMessage(job.jobId, s.estimatedTotalS, job.nowMs);
  await job.logged('initial progress write', async () => {
    await api.setex(job.keys.progress, KEY_TTL_S, initial);
    await api.publish(job.keys.channel, initial);
  });

  const trackerConn = await job.open('tracker', 'tracker');
  const tracker = await job.makeTracker({
    sim: job.sim,
    conn: trackerConn,
    jobId: job.jobId,
    keys: job.keys,
    config: s.tracker,
    estimatedTotalS: s.estimatedTotalS,
    faultWindows: commandFaultWindows(s.faults ?? [], 'tracker'),
    messageNotes: job.messageNotes,
  });
  job.tracker = tracker;
  await tracker.update(0);
  await tracker.startLoop();

  for (const [name, body] of STEPS) {
    let cancelled: string | null;
    try {
      cancelled = await saga.get(job.keys.cancel);
    } catch (error) {
      // The saga's own Redis read is not guarded: the step never starts and the job fails.
      return failJob(job, { kind: 'error', step: name, message: error instanceof Error ? error.message : String(error) });
    }
    if (cancelled) return endJob(job, 'cancelled');
    const failure = await runStep(job, name, s.stepTimeoutMs, (scope) => body(job, scope));
    if (failure) return failJob(job, failure);
  }

  await tracker.stopLoop();
  const failure = await runStep(job, 'finalize', null, async (scope) => {
    tracker.setStage('finalize', 0);
    await scope.sleep(s.stages.finalize.durationMs);
  });
  if (failure) return failJob(job, failure);
  await tracker.complete();
  return 'completed';
}

async function failJob(job: Job, failure: StepFailure): Promise<Outcome> {
  const outcome: Outcome = failure.kind === 'timeout' ? 'timed_out' : 'failed';
  if (job.scenario.errorPath === 'silent') {
    // As shipped: only the tracker's fail(), which stores but never publishes.
    await job.trackerOrThrow.stopLoop();
    await job.trackerOrThrow.fail(describeFailure(failure));
    return outcome;
  }
  await endJob(job, failure.kind === 'timeout' ? 'timeout' : 'error', describeFailure(failure));
  return outcome;
}

/** A terminal handler of main.py: stop the tracker, SETEX + PUBLISH the terminal message, DEL the job's keys. */
async function endJob(job: Job, kind: TerminalKind, error = ''): Promise<Outcome> {
  await job.tracker?.stopLoop();
  const { api } = job.conns;
  const message = terminalMessage(job.jobId, kind, job.nowMs, error);
  await job.logged(`${kind} terminal write`, async () => {
    await api.setex(job.keys.progress, KEY_TTL_S, message);
    await api.publish(job.keys.channel, message);
  });
  await job.logged('cleanup', async () => {
    await api.del(job.keys.cancel);
    await api.del(job.keys.startTime);
  });
  return kind === 'cancelled' ? 'cancelled' : kind === 'timeout' ? 'timed_out' : 'failed';
}
