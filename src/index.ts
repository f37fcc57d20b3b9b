/**
 * etasim's public API: load and validate scenarios, run them on any
 * tracker, check a recorded trace or capture, and render the reports the
 * command line writes. Everything here returns data; nothing prints.
 *
 * ```ts
 * import { loadScenario, runScenario } from 'etasim';
 * const result = await runScenario(await loadScenario('scenarios/reported-bug.yaml'));
 * if (!result.ok) console.error(result.replay);
 * ```
 *
 * @packageDocumentation
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CHECKS } from './5-invariants/CheckOptions.js';
import { checkCapture as checkCaptureData, type CaptureCheck } from './6-formats/capture/checkCapture.js';
import { readCapture, type CaptureFormat } from './6-formats/capture/readCapture.js';
import { InputError } from './6-formats/InputError.js';
import { loadScenarioFile, loadScenarioPaths } from './6-formats/scenario/load.js';
import { parseScenarioText } from './6-formats/scenario/parseScenarioText.js';
import type { Scenario } from './6-formats/scenario/Scenario.js';
import { runOne } from './7-orchestration/suite/runSuite.js';
import type { ScenarioResult } from './7-orchestration/suite/ScenarioResult.js';
import { renderScenarioReport } from './8-report/scenarioReport.js';
import { resolveTracker } from './9-cli/trackerSpec.js';
import { traceWriter } from './9-cli/writeReports.js';

export { InputError } from './6-formats/InputError.js';
export type { Scenario, Expectation, Outcome, InvariantId } from './6-formats/scenario/Scenario.js';
export type { ScenarioResult } from './7-orchestration/suite/ScenarioResult.js';
export type { Violation, View } from './5-invariants/Violation.js';
export type { EtaMetrics } from './5-invariants/metrics.js';
export type { CaptureCheck, JobCheck, JobViolation } from './6-formats/capture/checkCapture.js';
export type { CaptureFormat } from './6-formats/capture/readCapture.js';
export type { Verdict } from './8-report/verdict.js';

/**
 * The JSON Schema of scenario files inside the installed package
 * (`node_modules/etasim/schema/scenario.schema.json`), for editors:
 * `# yaml-language-server: $schema=./node_modules/etasim/schema/scenario.schema.json`.
 */
export const SCENARIO_SCHEMA_PATH: string = fileURLToPath(new URL('../schema/scenario.schema.json', import.meta.url));

/** Where relative paths start. */
export interface PathOptions {
  /** Default: the process's working directory. Paths in results and replay commands are relative to it. */
  readonly cwd?: string;
}

/**
 * Parses, validates and resolves a scenario from its YAML text. `file` names
 * it in error lines and replay commands. Bad input throws an {@link InputError}
 * whose `lines` are `FILE:LINE:COL: what is wrong; expected …`.
 */
export function parseScenario(text: string, file: string): Scenario {
  return parseScenarioText(text, file);
}

/** Reads, validates and resolves one scenario file; bad input throws an {@link InputError}. */
export function loadScenario(path: string, options: PathOptions = {}): Promise<Scenario> {
  return loadScenarioFile(path, options);
}

/** What validating scenario files found: the good scenarios, and one `FILE:LINE:COL: …` line per problem. */
export interface Validation {
  readonly ok: boolean;
  readonly scenarios: readonly Scenario[];
  readonly errors: readonly string[];
}

/**
 * Validates scenario files and folders (folders recurse for *.yaml and
 * *.yml), as `etasim validate` does: never throws for bad input, reports it.
 */
export async function validateScenarios(paths: readonly string[], options: PathOptions = {}): Promise<Validation> {
  const { scenarios, errors } = await loadScenarioPaths(paths, options);
  return { ok: errors.length === 0, scenarios, errors };
}

/** How to run a scenario. */
export interface RunOptions extends PathOptions {
  /**
   * The tracker under test, as `--tracker` takes it: `builtin` (default),
   * `python:PATH`, `python:PATH:TRACKER_CLASS:LOOP_CLASS`, `python:PATH@REV`.
   */
  readonly tracker?: string;
  /** The interpreter of a python: tracker (default: $ETASIM_PYTHON, else python3). */
  readonly python?: string;
  /** Overrides the scenario's seed. */
  readonly seed?: number | null;
  /** A real Redis server instead of the embedded mock (a db holding only etasim's keys). */
  readonly redisUrl?: string | null;
  /** Writes `<outDir>/<name>/trace.jsonl` (relative to cwd); null (default) keeps the trace in memory only. */
  readonly outDir?: string | null;
}

/**
 * Runs one scenario (a resolved {@link Scenario}, or a file path) under
 * virtual time, checks its trace against the invariants and compares with
 * its `expect`. The result carries the verdict (`ok`), the violations, the
 * figures and `replay`, the one command that reproduces the run. A scenario
 * that misses its expectation is a result, not an exception; bad input (a
 * bad file, an unknown tracker) throws an {@link InputError}.
 */
export async function runScenario(scenario: Scenario | string, options: RunOptions = {}): Promise<ScenarioResult> {
  const cwd = options.cwd ?? process.cwd();
  const resolved = typeof scenario === 'string' ? await loadScenarioFile(scenario, { cwd }) : scenario;
  const python = options.python ?? process.env['ETASIM_PYTHON'] ?? 'python3';
  const tracker = await resolveTracker('tracker', options.tracker ?? 'builtin', { cwd, python });
  const outDir = options.outDir == null ? null : resolve(cwd, options.outDir);
  return runOne(resolved, {
    tracker,
    cwd,
    seed: options.seed ?? null,
    redisUrl: options.redisUrl ?? null,
    saveTrace: outDir === null ? null : traceWriter(outDir),
  });
}

/** Files and folders of scenarios run one after another; files that do not load are reported in `errors`. */
export async function runScenarios(
  paths: readonly string[],
  options: RunOptions = {},
): Promise<{ readonly ok: boolean; readonly results: readonly ScenarioResult[]; readonly errors: readonly string[] }> {
  const { scenarios, errors } = await loadScenarioPaths(paths, options);
  const results: ScenarioResult[] = [];
  for (const s of scenarios) results.push(await runScenario(s, options));
  return { ok: errors.length === 0 && results.every((r) => r.ok), results, errors };
}

/** How to read a capture. */
export interface CheckOptions extends PathOptions {
  /** `monitor` (redis-cli MONITOR output), `jsonl` (a trace such as a run's trace.jsonl), or `auto` (default). */
  readonly format?: CaptureFormat | 'auto';
  /** Check only this job. */
  readonly jobId?: string | null;
  /** The tracker's client address as MONITOR prints it. */
  readonly trackerAddr?: string | null;
  /** The web page's poll period in seconds (default 2). */
  readonly pollS?: number;
}

/**
 * Runs the invariants on a recorded trace or capture file, as `etasim
 * check` does: every job found, writers attributed (the result says how).
 * `ok` is true when no invariant is violated. Unreadable input throws an
 * {@link InputError}.
 */
export async function checkCapture(path: string, options: CheckOptions = {}): Promise<CaptureCheck> {
  const cwd = options.cwd ?? process.cwd();
  const capture = await readCapture(resolve(cwd, path), { format: options.format ?? 'auto', label: path, jobId: options.jobId ?? null });
  if (capture.jobs.length === 0) throw new InputError(`${path}:1:1: no job found: no SETEX/SET of progress:job:J and no PUBLISH on progress:J`);
  const pollMs = options.pollS === undefined ? DEFAULT_CHECKS.pollMs : Math.round(options.pollS * 1000);
  return checkCaptureData(capture, {
    checks: { ...DEFAULT_CHECKS, pollMs },
    trackerAddr: capture.format === 'monitor' ? (options.trackerAddr ?? null) : null,
  });
}

/**
 * A scenario's self-contained HTML report (progress and ETA against virtual
 * time, stage bands, writers, each violation marked, the replay command),
 * byte-reproducible for the same run.
 */
export function renderReport(result: ScenarioResult): Promise<string> {
  return renderScenarioReport(result);
}

export { formatJunit } from './8-report/formatJunit.js';
export { formatMarkdown, type MarkdownOptions } from './8-report/formatMarkdown.js';
export { resultsJson, formatResultLine, formatSummary } from './7-orchestration/suite/formatResults.js';
export { verdictOf } from './8-report/verdict.js';
export { scenarioJsonSchema } from './6-formats/scenario/scenarioJsonSchema.js';
