import { checkTrace, type CheckResult } from '../../5-invariants/checkTrace.js';
import { NON_STAGE_TEXTS, type StageName } from '../../2-wire/stages.js';
import type { EtaMetrics } from '../../5-invariants/metrics.js';
import type { Violation } from '../../5-invariants/Violation.js';
import type { CheckOptions } from '../scenario/Scenario.js';
import type { StageSpec } from '../../3-model/tracker/stageTable.js';
import { attributeWriters, type WriterAttribution } from './attributeWriters.js';
import type { Capture, CapturedJob } from './readCapture.js';

/** What checking one job of a capture found. */
export interface JobCheck {
  readonly job_id: string;
  /** The Redis db of a MONITOR capture; null for jsonl. */
  readonly db: number | null;
  readonly ok: boolean;
  readonly messages: number;
  readonly writers: Readonly<Record<string, number>>;
  readonly violations: readonly Violation[];
  readonly metrics: EtaMetrics;
  /** How each distinct stage text of the job was recognised. */
  readonly stages?: CheckResult['stages'];
}

/** A violation with the job it belongs to (the capture-wide list). */
export type JobViolation = { readonly job_id: string; readonly db: number | null } & Violation;

/** The check of a whole capture: contract fields (aggregated over jobs), then per job and per writer. */
export interface CaptureCheck {
  readonly ok: boolean;
  readonly messages: number;
  readonly writers: Readonly<Record<string, number>>;
  readonly violations: readonly JobViolation[];
  readonly file: string;
  readonly format: Capture['format'];
  readonly jobs: readonly JobCheck[];
  readonly attribution: readonly WriterAttribution[];
  /** Attribution notes and read warnings. */
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
  /** The capture's jobs with every event's writer named (for trace files and reports; not part of --json). */
  readonly attributed?: readonly CapturedJob[];
}

export interface CheckCaptureOptions {
  readonly checks?: CheckOptions;
  readonly stages?: readonly StageSpec[];
  /** `--tracker ADDR`. */
  readonly trackerAddr?: string | null;
  /** `--stage-names TEXT=STAGE`: stage texts no known version publishes. */
  readonly stageNames?: ReadonlyMap<string, StageName>;
}

/**
 * Names the writers of a capture's events, then runs every invariant on
 * each job. The same checkers as `etasim run`: a checker does not care who
 * recorded the history.
 */
export function checkCapture(capture: Capture, options: CheckCaptureOptions = {}): CaptureCheck {
  const attribution = attributeWriters(capture.jobs, { trackerAddr: options.trackerAddr ?? null });
  const jobs: JobCheck[] = attribution.jobs.map((job) => {
    const result = checkTrace(job.events, {
      jobId: job.jobId,
      ...(options.checks ? { checks: options.checks } : {}),
      ...(options.stages ? { stages: options.stages } : {}),
      ...(options.stageNames ? { stageNames: options.stageNames } : {}),
    });
    return {
      job_id: job.jobId,
      db: job.db,
      ok: result.ok,
      messages: result.metrics.messages,
      writers: result.writers,
      violations: result.violations,
      metrics: result.metrics,
      stages: result.stages,
    };
  });
  const writers: Record<string, number> = {};
  for (const j of jobs) for (const [w, n] of Object.entries(j.writers)) writers[w] = (writers[w] ?? 0) + n;
  return {
    ok: jobs.every((j) => j.ok),
    messages: jobs.reduce((sum, j) => sum + j.messages, 0),
    writers,
    violations: jobs.flatMap((j) => j.violations.map((v) => ({ job_id: j.job_id, db: j.db, ...v }))),
    file: capture.file,
    format: capture.format,
    jobs,
    attribution: attribution.writers,
    notes: [...attribution.notes, ...stageNotes(jobs)],
    warnings: capture.warnings,
    attributed: attribution.jobs,
  };
}

/** Distinct stage texts listed in the output at most. */
const STAGE_NOTES_MAX = 20;

/** How the stages were found, over every job: one note per distinct stage text. */
function stageNotes(jobs: readonly JobCheck[]): string[] {
  const seen = new Map<string, CheckResult['stages'][number]>();
  for (const j of jobs) for (const s of j.stages ?? []) if (!seen.has(s.text) && !NON_STAGE_TEXTS.has(s.text)) seen.set(s.text, s);
  const notes = [...seen.values()].slice(0, STAGE_NOTES_MAX).map((s) =>
    s.stage === null
      ? `stage '${s.text}': not recognised (name it with --stage-names '${s.text}=STAGE'); the CP-SAT → GA rule does not see it`
      : `stage '${s.text}': ${s.stage}, by ${s.by}`,
  );
  if (seen.size > STAGE_NOTES_MAX) notes.push(`… and ${seen.size - STAGE_NOTES_MAX} more stage texts`);
  return notes;
}
