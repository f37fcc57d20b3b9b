import { violatedIds } from '../../5-invariants/checkTrace.js';
import type { ScenarioResult } from '../suite/ScenarioResult.js';
import { COMPARED_FIGURES, type Comparison, type ScenarioComparison } from './compareResults.js';

/**
 * The `--json` document of `etasim compare` (contract: "etasim compare"):
 * `ok`, `baseline`, `candidate` and per scenario `name`, `file`, `seed`,
 * both sides' `ok`, `violations` (ids) and `metrics`, `added`, `removed`
 * and `worse`; plus `verdict`, `better`, `reasons`, `replay` and a summary.
 */
export function comparisonJson(comparison: Comparison, errors: readonly string[] = []): object {
  return {
    ok: errors.length === 0 && comparison.ok,
    baseline: comparison.baseline,
    candidate: comparison.candidate,
    tolerance_s: comparison.toleranceS,
    summary: { ...comparison.counts },
    ...(errors.length ? { errors } : {}),
    scenarios: comparison.scenarios.map(scenarioJson),
  };
}

function scenarioJson(s: ScenarioComparison): object {
  return {
    name: s.name,
    file: s.file,
    seed: s.seed,
    verdict: s.verdict,
    baseline: side(s.baseline),
    candidate: side(s.candidate),
    added: [...s.added],
    removed: [...s.removed],
    worse: moved(s, 'worse'),
    better: moved(s, 'better'),
    reasons: [...s.reasons],
    ...(s.skipped ? { skipped: s.skipped } : {}),
    replay: s.replay,
  };
}

function side(r: ScenarioResult): object {
  return {
    ok: r.ok,
    outcome: r.outcome,
    violations: violatedIds(r.violations),
    metrics: r.metrics,
    trace: r.trace,
    ...(r.error ? { error: r.error } : {}),
    ...(r.tracker_error ? { tracker_error: r.tracker_error } : {}),
    ...(r.skipped ? { skipped: r.skipped } : {}),
  };
}

function moved(s: ScenarioComparison, move: 'worse' | 'better'): Record<string, { baseline: number | null; candidate: number | null }> {
  const out: Record<string, { baseline: number | null; candidate: number | null }> = {};
  for (const { name } of COMPARED_FIGURES) {
    const f = s.figures[name];
    if (f.move === move) out[name] = { baseline: f.baseline, candidate: f.candidate };
  }
  return out;
}
