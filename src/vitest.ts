/**
 * `etasim/vitest`: scenario assertions for a test runner, in the manner of
 * fast-check's `assert`: {@link runScenario} returns data, these only throw
 * it. A failing scenario throws a {@link ScenarioAssertionError} whose
 * message lists what differed, the violations, and the one command that
 * replays the run.
 *
 * ```ts
 * import { test } from 'vitest';
 * import { expectScenario } from 'etasim/vitest';
 *
 * test('no ETA jump', () => expectScenario('scenarios/x.yaml').toMeetExpectation());
 * ```
 *
 * Nothing here imports vitest: the assertions work in any runner that fails
 * a test on a rejected promise (vitest, node:test, jest, mocha).
 *
 * @packageDocumentation
 */
import type { Scenario } from './6-formats/scenario/Scenario.js';
import type { ScenarioResult } from './7-orchestration/suite/ScenarioResult.js';
import { runOne } from './7-orchestration/suite/runSuite.js';
import { loadScenarioFile } from './6-formats/scenario/load.js';
import { verdictOf } from './8-report/verdict.js';
import { resolveTracker } from './9-cli/trackerSpec.js';

/** Options of an assertion: those of `runScenario` in `etasim`, minus trace files. */
export interface AssertOptions {
  /** Where relative paths start (default: the working directory). */
  readonly cwd?: string;
  /** `builtin` (default), `python:PATH`, `python:PATH:TRACKER_CLASS:LOOP_CLASS`, `python:PATH@REV`. */
  readonly tracker?: string;
  /** The interpreter of a python: tracker (default: $ETASIM_PYTHON, else python3). */
  readonly python?: string;
  /** Overrides the scenario's seed. */
  readonly seed?: number | null;
}

/** Violation lines a failure message carries before "… and N more". */
const VIOLATIONS_SHOWN_MAX = 10;

/** A scenario that did not meet its expectation; `result` holds everything the run found. */
export class ScenarioAssertionError extends Error {
  readonly result: ScenarioResult;

  constructor(result: ScenarioResult) {
    super(failureMessage(result));
    this.name = 'ScenarioAssertionError';
    this.result = result;
  }
}

/**
 * What a failure says: the scenario, each difference from its `expect`, the
 * unexpected violations (time, writer, message), and the replay command.
 */
export function failureMessage(r: ScenarioResult): string {
  const v = verdictOf(r);
  const lines = [`scenario ${r.name}${r.file ? ` (${r.file})` : ''} did not meet its expectation (seed ${r.seed}):`];
  for (const reason of v.reasons) lines.push(`  ${reason}`);
  const shown = r.violations.filter((x) => v.extra.includes(x.invariant));
  for (const x of shown.slice(0, VIOLATIONS_SHOWN_MAX)) lines.push(`  ${x.invariant} at ${x.at_s} s (${x.writer}, ${x.view}): ${x.message}`);
  if (shown.length > VIOLATIONS_SHOWN_MAX) lines.push(`  … and ${shown.length - VIOLATIONS_SHOWN_MAX} more`);
  lines.push('', `replay: ${r.replay}`);
  return lines.join('\n');
}

/**
 * Runs a scenario (a file path or a resolved scenario) and resolves to its
 * result when it meets its `expect`; rejects with a
 * {@link ScenarioAssertionError} when it does not. Bad input (a bad file, an
 * unknown tracker) rejects with etasim's `InputError`.
 */
export async function assertScenario(scenario: string | Scenario, options: AssertOptions = {}): Promise<ScenarioResult> {
  const cwd = options.cwd ?? process.cwd();
  const resolved = typeof scenario === 'string' ? await loadScenarioFile(scenario, { cwd }) : scenario;
  const python = options.python ?? process.env['ETASIM_PYTHON'] ?? 'python3';
  const tracker = await resolveTracker('tracker', options.tracker ?? 'builtin', { cwd, python });
  const result = await runOne(resolved, { tracker, cwd, seed: options.seed ?? null, saveTrace: null });
  if (!result.ok) throw new ScenarioAssertionError(result);
  return result;
}

/** The fluent form returned by {@link expectScenario}. */
export interface ScenarioExpectation {
  /** Resolves when the scenario's outcome and set of violations equal its `expect`; rejects with the violations and the replay command otherwise. */
  toMeetExpectation(): Promise<void>;
}

/** `expectScenario('scenarios/x.yaml').toMeetExpectation()`: {@link assertScenario}, read as a test reads. */
export function expectScenario(scenario: string | Scenario, options: AssertOptions = {}): ScenarioExpectation {
  return {
    async toMeetExpectation() {
      await assertScenario(scenario, options);
    },
  };
}
