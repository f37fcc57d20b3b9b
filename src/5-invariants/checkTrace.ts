import { DEFAULT_CHECKS, type CheckOptions } from './CheckOptions.js';
import { DEFAULT_STAGE_TABLE, type StageName, type StageSpec } from '../3-model/tracker/stageTable.js';
import { KNOWN_DISPLAY_NAMES, recognizeStage, type StageRecognition } from '../2-wire/stages.js';
import type { TraceEvent } from '../0-trace/TraceEvent.js';
import type { ReadonlyMessageNotes } from '../2-wire/ProgressMessage.js';
import { channelView, firstJobIdOf, jobTrace, POLL_PHASES, pollerView } from './JobTrace.js';
import { etaMetrics, type EtaMetrics } from './metrics.js';
import type { Rule, RuleContext } from './RuleContext.js';
import type { Violation } from './Violation.js';
import { etaZeroMidRun } from './rules/etaZeroMidRun.js';
import { etaJump } from './rules/etaJump.js';
import { singleWriter } from './rules/singleWriter.js';
import { progressRegression } from './rules/progressRegression.js';
import { writeAfterTerminal } from './rules/writeAfterTerminal.js';
import { silentEnd } from './rules/silentEnd.js';
import { malformedProgress } from './rules/malformedProgress.js';
import { etaError, etaStuck, progressLeap } from './rules/gatedMetrics.js';

/** Every checker, in report order. */
export const RULES: readonly Rule[] = [
  etaZeroMidRun,
  etaJump,
  singleWriter,
  progressRegression,
  writeAfterTerminal,
  silentEnd,
  malformedProgress,
  etaStuck,
  progressLeap,
  etaError,
];

/** Options of one check: the scenario's tolerances and the stage names its tracker publishes. */
export interface CheckTraceOptions {
  readonly checks?: CheckOptions;
  /** The tracker's stage table (for display names); the default table when absent. */
  readonly stages?: readonly StageSpec[];
  /** Check only this job; the only (or first) job in the trace otherwise. */
  readonly jobId?: string;
  /** Stage texts the user names (`check --stage-names TEXT=stage,…`), before every other way of recognising one. */
  readonly stageNames?: ReadonlyMap<string, StageName>;
  /**
   * When each stage really ran, in ms since the job started (a run knows its
   * spans). Given, the per-stage rules use them, so they hold for a tracker
   * that publishes any stage text ("Cpsat: 3/294"); absent, the stage is read
   * from the message's display or technical name.
   */
  readonly spans?: ReadonlyArray<{ readonly stage: StageName; readonly startMs: number; readonly endMs: number }>;
  /** What the run's own code said its messages say (RunResult.messageNotes): read instead of parsed. */
  readonly messageNotes?: ReadonlyMessageNotes;
}

/** What checking one job found. */
export interface CheckResult {
  readonly jobId: string;
  readonly ok: boolean;
  readonly violations: readonly Violation[];
  readonly metrics: EtaMetrics;
  /** Writes (SETEX, SET, PUBLISH) of the job's progress key and channel per writer. */
  readonly writers: Readonly<Record<string, number>>;
  /** Each distinct stage text published on the channel, the stage it was taken for and how (null: not recognised). */
  readonly stages: ReadonlyArray<{ readonly text: string; readonly stage: StageName | null; readonly by: StageRecognition | null }>;
}

/**
 * Runs every invariant on one job of a trace. Pure: the same events give the
 * same result, whoever recorded them (the simulator or a real server).
 */
export function checkTrace(events: readonly TraceEvent[], options: CheckTraceOptions = {}): CheckResult {
  const checks = options.checks ?? DEFAULT_CHECKS;
  const jobId = options.jobId ?? firstJobIdOf(events) ?? '';
  const job = jobTrace(events, jobId, options.messageNotes ?? null);
  const stageTexts = stageRecognizer(options.stages ?? DEFAULT_STAGE_TABLE, options.stageNames ?? new Map());
  const ctx: RuleContext = {
    job,
    channel: channelView(job),
    poller: pollerView(job, checks.pollMs / 1000),
    otherPollers: [
      // In step with the job's start, but reading just after a write at the same instant.
      pollerView(job, checks.pollMs / 1000, 0, true),
      ...POLL_PHASES.map((f) => pollerView(job, checks.pollMs / 1000, (f * checks.pollMs) / 1000)),
    ],
    options: checks,
    stageOf: stageOfMessage(stageTexts.recognize, options.spans ?? null),
  };
  const violations = RULES.flatMap((rule) => rule(ctx));
  const writers: Record<string, number> = {};
  for (const m of job.writes) writers[m.writer] = (writers[m.writer] ?? 0) + 1;
  for (const o of ctx.channel) if (o.message.stage !== null) stageTexts.recognize(o.message.stage);
  const stages = [...stageTexts.seen].map(([text, found]) => ({ text, stage: found?.stage ?? null, by: found?.by ?? null }));
  return { jobId, ok: violations.length === 0, violations, metrics: etaMetrics(ctx), writers, stages };
}

/** What checkRun needs of a run (RunResult has it): its trace, and what it noted its messages say. */
export interface CheckedRun {
  readonly trace: readonly TraceEvent[];
  readonly messageNotes: ReadonlyMessageNotes;
}

/** A run's trace checked, reading its messages from the run's own notes (checkTrace with `messageNotes`). */
export function checkRun(run: CheckedRun, options: Omit<CheckTraceOptions, 'messageNotes'> = {}): CheckResult {
  return checkTrace(run.trace, { ...options, messageNotes: run.messageNotes });
}

/**
 * A message's stage: the one its `stage` text names (a `--stage-names`
 * name, a technical name, a display name of the scenario's table or of a
 * known version, or the loop's message), else, when the run's spans are
 * known, the stage running when it was written (at a boundary, the stage
 * that starts).
 */
function stageOfMessage(recognize: (text: string) => StageName | null, spans: CheckTraceOptions['spans'] | null): RuleContext['stageOf'] {
  return (m) => {
    const named = m.stage === null ? null : recognize(m.stage);
    if (named !== null || !spans) return named;
    const atMs = Math.round(m.atS * 1000);
    let found: StageName | null = null;
    for (const s of spans) {
      if (atMs >= s.startMs && atMs <= s.endMs) {
        found = s.stage;
        if (atMs < s.endMs) break;
      }
    }
    return found;
  };
}

/** Display names of known versions, overlaid by the scenario's own table's. */
function displayNameMap(stages: readonly StageSpec[]): Map<string, StageName> {
  const map = new Map(KNOWN_DISPLAY_NAMES);
  for (const s of stages) map.set(s.displayName, s.name);
  return map;
}

/** Recognises stage texts, each distinct text once, and remembers how (for `check`'s output). */
function stageRecognizer(stages: readonly StageSpec[], given: ReadonlyMap<string, StageName>) {
  const display = displayNameMap(stages);
  const seen = new Map<string, ReturnType<typeof recognizeStage>>();
  const recognize = (text: string): StageName | null => {
    let found = seen.get(text);
    if (found === undefined) {
      found = recognizeStage(text, given, display);
      if (seen.size < STAGE_TEXTS_KEPT) seen.set(text, found);
    }
    return found?.stage ?? null;
  };
  return { recognize, seen };
}

/** Distinct stage texts a check remembers (a capture's texts are few; a hostile one's are bounded). */
const STAGE_TEXTS_KEPT = 200;

/** The distinct invariant ids among `violations`, sorted. */
export function violatedIds(violations: readonly Violation[]): string[] {
  return [...new Set(violations.map((v) => v.invariant))].sort();
}
