import type { EtaMetrics } from '../../5-invariants/metrics.js';
import type { Violation } from '../../5-invariants/Violation.js';
import type { Expectation, Outcome, Scenario } from '../../6-formats/scenario/Scenario.js';
import type { RunResult } from '../../4-harness/runScenario.js';
import type { Liveness } from '../../4-harness/liveness.js';
import type { TrackerError } from '../../3-model/tracker/TrackerPort.js';

/** One scenario's verdict: the contract's `--json` entry, plus what reports need. */
export interface ScenarioResult {
  readonly name: string;
  readonly file: string | null;
  /** Outcome and the set of violated invariants equal the expectation. */
  readonly ok: boolean;
  readonly seed: number;
  /** Null when the simulation itself failed (a bound was hit). */
  readonly outcome: Outcome | null;
  readonly expected: Expectation;
  readonly violations: readonly Violation[];
  readonly metrics: EtaMetrics & { readonly simulated_s: number };
  /** Whether the job reached a terminal message once faults stopped (null when the run did not finish). */
  readonly liveness: Liveness | null;
  /** Path of trace.jsonl, relative to the working directory. */
  readonly trace: string | null;
  /** Why the run could not finish (a simulation bound, or the tracker under test raised), or null. */
  readonly error: string | null;
  /** The exception the tracker under test raised, or null. */
  readonly tracker_error: TrackerError | null;
  /** Why the scenario was not run (its tracker overrides, under an external tracker), or null. */
  readonly skipped: string | null;
  /** The command that replays this scenario exactly. */
  readonly replay: string;
  /** Events and faults of the scenario that cannot have had an effect (see eventWarnings), one sentence each. */
  readonly warnings: readonly string[];
  readonly scenario: Scenario;
  /** The raw run, for report renderers (not serialised). */
  readonly run: RunResult<Scenario> | null;
}

/** Whether `actual` (a set of ids) equals `expected` as sets. */
export function sameIds(expected: readonly string[], actual: readonly string[]): boolean {
  const a = new Set(expected);
  const b = new Set(actual);
  return a.size === b.size && [...a].every((id) => b.has(id));
}
