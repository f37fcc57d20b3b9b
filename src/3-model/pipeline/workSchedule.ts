import type { TimerKind } from '../../1-kernel/VirtualClock.js';
import type { WorkReport } from '../tracker/TrackerPort.js';
import type { Job } from './Job.js';
import { commandFaultWindows } from '../redis/FaultPlan.js';
import type { Component } from '../redis/RedisFault.js';
import type { LegacyWriter } from '../../2-wire/writers.js';

/**
 * The kind of timer each of a stage's sleeps takes (workTimers), given the
 * reports it will make and `direct`, the stage's own legacy writer: when it
 * is on, it writes after each report and sets `last_progress` to
 * `lastProgress(itemsDone)`.
 */
export function reportTimers(
  job: Job,
  reports: readonly WorkReport[],
  direct: LegacyWriter,
  lastProgress: (itemsDone: number) => number,
): (atMs: number) => TimerKind {
  return workTimers(job, withLastProgress(reports, job.writerOn(direct), lastProgress), reportComponents(job, direct));
}

/**
 * The kind of timer each of a stage's sleeps takes, given the work reports
 * it will make (instants and counts, from durations drawn up front).
 *
 * A report's callback calls `update_work_progress(n)`, then writes on its
 * own connections (`components`: the saga's PUBLISH, a legacy writer's
 * SETEX of the progress key and PUBLISH, which the tracker is told of), and a legacy
 * writer that overwrites `last_progress` does so right after (the report's
 * `lastProgress`). When no Redis fault meets a command on those
 * connections, the tracker is told the reports before the stage's last
 * instant; if it takes them (an external tracker), those sleeps are
 * `declared` and it may run ahead through them. The sleeps that end at the
 * last instant stay `active`: the stage's own code runs on from there.
 * Otherwise every sleep is `active`.
 */
function workTimers(job: Job, reports: readonly WorkReport[], components: readonly Component[]): (atMs: number) => TimerKind {
  const active = (): TimerKind => 'active';
  const faults = job.scenario.faults ?? [];
  if (reports.length < 2 || components.some((c) => commandFaultWindows(faults, c).length > 0)) return active;
  let endMs = -Infinity;
  for (const r of reports) endMs = Math.max(endMs, r.atMs);
  const before = reports.filter((r) => r.atMs < endMs);
  // Every legacy writer writes the progress key (and PUBLISHes, which no read sees); the saga only PUBLISHes.
  const writes = components.some((c) => c !== 'saga') ? [job.keys.progress] : [];
  if (before.length === 0 || !job.trackerOrThrow.expectWorkProgress(before, endMs, writes)) return active;
  return (atMs) => (atMs < endMs ? 'declared' : 'active');
}

/**
 * The connections a stage's report callbacks write on: the saga's,
 * update_progress's when it is on, and `direct`, the stage's own legacy
 * writer, when it is on.
 */
function reportComponents(job: Job, direct: LegacyWriter): Component[] {
  const components: Component[] = ['saga'];
  if (job.writerOn('update_progress')) components.push('update_progress');
  if (job.writerOn(direct)) components.push(direct);
  return components;
}

/** The reports with the last_progress a stage's direct legacy writer sets after each (none when it is off). */
function withLastProgress(
  reports: readonly WorkReport[],
  directOn: boolean,
  progress: (itemsDone: number) => number,
): WorkReport[] {
  return directOn ? reports.map((r) => ({ ...r, lastProgress: progress(r.itemsDone) })) : [...reports];
}

/** Reports one after another: item i done once the first i durations have passed since `startMs`. */
export function sequentialReports(startMs: number, durationsMs: readonly number[], itemsAt: (i: number) => number): WorkReport[] {
  const reports: WorkReport[] = [];
  let atMs = startMs;
  for (let i = 0; i < durationsMs.length; i++) {
    const setAtMs = atMs;
    atMs += durationsMs[i]!;
    reports.push({ atMs, itemsDone: itemsAt(i), setAtMs });
  }
  return reports;
}
