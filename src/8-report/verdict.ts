import { violatedIds } from '../5-invariants/checkTrace.js';
import type { ScenarioResult } from '../7-orchestration/suite/ScenarioResult.js';

/** How a scenario's result differs from its expectation: the data every CI format reports. */
export interface Verdict {
  readonly ok: boolean;
  /** Distinct violated invariant ids, sorted. */
  readonly found: readonly string[];
  /** Expected ids, sorted. */
  readonly expected: readonly string[];
  /** Expected but not found. */
  readonly missing: readonly string[];
  /** Found but not expected. */
  readonly extra: readonly string[];
  /** Null when the outcome is as expected. */
  readonly outcomeDiff: { readonly expected: string; readonly actual: string | null } | null;
  /** One sentence per difference (empty when ok). */
  readonly reasons: readonly string[];
}

/** Compares a result with its expectation. */
export function verdictOf(r: ScenarioResult): Verdict {
  const found = violatedIds(r.violations);
  const expected = [...new Set<string>(r.expected.violations)].sort();
  const missing = expected.filter((id) => !found.includes(id));
  const extra = found.filter((id) => !expected.includes(id));
  const outcomeDiff = r.outcome === r.expected.outcome ? null : { expected: r.expected.outcome, actual: r.outcome };
  const reasons: string[] = [];
  // A run that stopped at a bound has no outcome or trace to compare: the stop is the reason.
  if (r.error) reasons.push(`simulation stopped: ${r.error}`);
  else {
    if (outcomeDiff) reasons.push(`expected outcome ${outcomeDiff.expected}, got ${outcomeDiff.actual ?? 'none'}`);
    if (missing.length) reasons.push(`expected but not found: ${missing.join(', ')}`);
    if (extra.length) reasons.push(`found but not expected: ${extra.join(', ')}`);
    if (r.liveness && r.liveness.ok !== (r.expected.liveness ?? true)) {
      reasons.push(`liveness expected ${r.expected.liveness ?? true ? 'to hold' : 'to fail'}: ${r.liveness.summary}`);
    }
  }
  return { ok: r.ok, found, expected, missing, extra, outcomeDiff, reasons };
}
