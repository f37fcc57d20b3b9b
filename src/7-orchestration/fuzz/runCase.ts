import { checkRun, violatedIds } from '../../5-invariants/checkTrace.js';
import type { Outcome, Scenario } from '../../6-formats/scenario/Scenario.js';
import { SimulationBoundError } from '../../1-kernel/errors.js';
import { runScenario, type RunResult } from '../../4-harness/runScenario.js';
import { isGateInvariant, sortKinds, type FindingKind, type GateInvariant } from './FindingKind.js';
import { traceHash } from './traceHash.js';
import { externalTrackerFactory, type ExternalTracker } from '../../3-model/tracker/external/PythonTracker.js';

/** What a case is checked for. */
export interface CaseOptions {
  /** The gate invariants that fail a case (the others are still reported). */
  readonly invariants: readonly GateInvariant[];
  /** Run each case twice and compare the traces' hashes. */
  readonly checkDeterminism: boolean;
  /** The tracker under test when it is not the built-in model (plain data: it crosses to worker threads). */
  readonly tracker?: ExternalTracker | null;
}

/** What one run of one scenario showed. Small: the trace itself is dropped. */
export interface CaseVerdict {
  /** How the job ended; null when the run did not finish (a bound or a crash). */
  readonly outcome: Outcome | null;
  /** Why the case fails, in report order; empty when it passes. */
  readonly kinds: readonly FindingKind[];
  /** Every invariant the run violated, chosen or not, sorted. */
  readonly violated: readonly string[];
  /** The bound or crash message, or null. */
  readonly error: string | null;
}

type Attempt = { readonly ok: true; readonly run: RunResult } | { readonly ok: false; readonly kind: 'bound' | 'crash'; readonly error: string };

async function attempt(scenario: Scenario, tracker: ExternalTracker | null): Promise<Attempt> {
  try {
    const factory = tracker === null ? undefined : await externalTrackerFactory(tracker);
    return { ok: true, run: await runScenario(scenario, factory ? { tracker: factory } : {}) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, kind: error instanceof SimulationBoundError ? 'bound' : 'crash', error: message };
  }
}

/**
 * Runs one scenario (twice with `checkDeterminism`), checks its trace with
 * the scenario's own tolerances and stage names, and keeps only the verdict.
 */
export async function runCase(scenario: Scenario, options: CaseOptions): Promise<CaseVerdict> {
  const tracker = options.tracker ?? null;
  const first = await attempt(scenario, tracker);
  if (!first.ok) return { outcome: null, kinds: [first.kind], violated: [], error: first.error };
  const { run } = first;
  const check = checkRun(run, { checks: scenario.checks, stages: scenario.tracker.stages, jobId: run.jobId, spans: run.spans });
  const violated = violatedIds(check.violations);
  const kinds: FindingKind[] = violated.filter(isGateInvariant).filter((id) => options.invariants.includes(id));
  if (!run.liveness.ok) kinds.push('liveness');
  let error: string | null = null;
  if (options.checkDeterminism) {
    const hash = traceHash(run.trace);
    const second = await attempt(scenario, tracker);
    if (!second.ok) {
      kinds.push('determinism');
      error = `the second run did not finish: ${second.error}`;
    } else {
      const again = traceHash(second.run.trace);
      if (again !== hash) {
        kinds.push('determinism');
        error = `two runs of one scenario gave different traces (sha256 ${hash.slice(0, 12)}… and ${again.slice(0, 12)}…)`;
      }
    }
  }
  return { outcome: run.outcome, kinds: sortKinds(kinds), violated, error };
}
