import type { TimerKind } from '../../1-kernel/VirtualClock.js';
import type { WorkReport } from '../tracker/TrackerPort.js';
import type { Job } from './Job.js';

/**
 * The kind of timer each of a stage's sleeps takes, given the work reports
 * it will make (instants and counts, from durations drawn up front).
 *
 * When the stage is quiet (no legacy writer in it) and the scenario has no
 * Redis faults, a report's callback does nothing but `update_work_progress(n)`
 * and a PUBLISH on the saga's connection, which the tracker never reads. The
 * tracker is then told the reports before the stage's last instant; if it
 * takes them (an external tracker), those sleeps are `declared` and it may run
 * ahead through them. The sleeps that end at the last instant stay `active`:
 * the stage's own code runs on from there. Otherwise every sleep is `active`.
 */
export function workTimers(job: Job, reports: readonly WorkReport[], quiet: boolean): (atMs: number) => TimerKind {
  const active = (): TimerKind => 'active';
  if (!quiet || (job.scenario.faults?.length ?? 0) > 0 || reports.length < 2) return active;
  let endMs = -Infinity;
  for (const r of reports) endMs = Math.max(endMs, r.atMs);
  const before = reports.filter((r) => r.atMs < endMs);
  if (before.length === 0 || !job.trackerOrThrow.expectWorkProgress(before, endMs)) return active;
  return (atMs) => (atMs < endMs ? 'declared' : 'active');
}

/** Reports one after another: item i done once the first i durations have passed since `startMs`. */
export function sequentialReports(startMs: number, durationsMs: readonly number[], itemsAt: (i: number) => number): WorkReport[] {
  const reports: WorkReport[] = [];
  let atMs = startMs;
  for (let i = 0; i < durationsMs.length; i++) {
    atMs += durationsMs[i]!;
    reports.push({ atMs, itemsDone: itemsAt(i) });
  }
  return reports;
}
