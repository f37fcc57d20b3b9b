import type { CaptureCheck } from '../../6-formats/capture/checkCapture.js';
import type { Comparison } from '../../7-orchestration/compare/compareResults.js';
import type { CampaignResult, Counterexample } from '../../7-orchestration/fuzz/runCampaign.js';
import type { ScenarioResult } from '../../7-orchestration/suite/ScenarioResult.js';
import type { Io } from '../Io.js';

/** The reporters `--reporter NAME[=FILE]` chooses from (vitest's reporter map). */
export const REPORTER_NAMES = ['text', 'json', 'junit', 'markdown', 'html', 'github'] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

/** A run's end: everything a reporter of `etasim run` formats. */
export interface RunReport {
  readonly results: readonly ScenarioResult[];
  /** Bad-input lines (`FILE:LINE:COL: …`) of files that did not load. */
  readonly errors: readonly string[];
  readonly tracker: string;
  /** index.html as the reader finds it, or null without HTML. */
  readonly reportsPath: string | null;
}

/** A comparison's end (`etasim compare`). */
export interface CompareReport {
  readonly comparison: Comparison;
  readonly errors: readonly string[];
  readonly reportsPath: string | null;
}

/** A capture's check (`etasim check`). */
export interface CheckReport {
  readonly check: CaptureCheck;
  /** The capture as given on the command line. */
  readonly file: string;
}

/** A fuzz campaign's end (`etasim fuzz`), interrupted or not. */
export interface FuzzReport {
  readonly result: CampaignResult;
  /** Each saved counterexample's file, relative to the working directory (`--save`). */
  readonly saved: ReadonlyMap<Counterexample, string>;
}

/** Where a reporter writes and what it may read. Resolved once, before any work. */
export interface ReporterContext {
  readonly io: Io;
  /** The absolute file of `NAME=FILE`, or null for the reporter's own stream. */
  readonly target: string | null;
  /** The file as the user wrote it (for messages). */
  readonly shown: string | null;
  /** `--quiet`: the text reporter prints failures only. */
  readonly quiet: boolean;
  /** Another reporter already writes `$GITHUB_STEP_SUMMARY` (`markdown=$GITHUB_STEP_SUMMARY`): github does not append it twice. */
  readonly stepSummaryTaken?: boolean;
}

/**
 * One output format. Each hook is optional: a reporter that has none for a
 * command does not apply to it (`--reporter html` on `check`), which is a
 * usage error rather than a silent no-op.
 */
export interface Reporter {
  readonly name: ReporterName;
  /** A scenario of `run` finished (progress lines). */
  onScenario?(result: ScenarioResult): void;
  onRunEnd?(report: RunReport): Promise<void>;
  onCompareEnd?(report: CompareReport): Promise<void>;
  onCheckEnd?(report: CheckReport): Promise<void>;
  onFuzzEnd?(report: FuzzReport): Promise<void>;
  /**
   * The HTML reporter's pages are part of the `--out` folder (written with
   * the traces, under its lock and manifest); the command asks this flag
   * instead of calling a hook.
   */
  readonly writesOutDir?: boolean;
}

/** Which hook a command calls. */
export type ReportKind = 'run' | 'compare' | 'check' | 'fuzz';
