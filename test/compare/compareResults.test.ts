import { describe, expect, test } from 'vitest';
import { compareResults } from '../../src/7-orchestration/compare/compareResults.js';
import { formatComparisonSummary } from '../../src/7-orchestration/compare/formatComparison.js';
import type { ScenarioResult } from '../../src/7-orchestration/suite/ScenarioResult.js';
import { NO_ETA_METRICS } from '../../src/5-invariants/metrics.js';

/** A result that ran, with the given figures and violated ids: compareResults reads nothing else. */
function result(metrics: Partial<ScenarioResult['metrics']>, ids: string[] = [], extra: Partial<ScenarioResult> = {}): ScenarioResult {
  return {
    name: 's',
    file: 'scenarios/s.yaml',
    ok: true,
    seed: 1,
    outcome: 'completed',
    violations: ids.map((invariant) => ({ invariant, at_s: 1, writer: 'tracker', view: 'channel', message: '', witnesses: [] })),
    metrics: { ...NO_ETA_METRICS, eta_mae_s: 100, eta_error_max_s: 200, simulated_s: 600, ...metrics },
    error: null,
    tracker_error: null,
    skipped: null,
    trace: null,
    scenario: { file: 'scenarios/s.yaml' },
    run: {},
    ...extra,
  } as unknown as ScenarioResult;
}

const options = { baseline: 'builtin', candidate: 'python:t.py', toleranceS: 5, cwd: process.cwd() };
const one = (b: ScenarioResult, c: ScenarioResult, toleranceS = 5) => compareResults([b], [c], { ...options, toleranceS }).scenarios[0]!;

describe('compareResults', () => {
  test.each([
    [105, 'same', 'unchanged'],
    [105.001, 'worse', 'worse'],
    [94.999, 'better', 'better'],
    [95, 'same', 'unchanged'],
  ])('eta_mae_s 100 → %s with tolerance 5: %s', (candidate, move, verdict) => {
    const s = one(result({}), result({ eta_mae_s: candidate }));
    expect(s.figures.eta_mae_s.move).toBe(move);
    expect(s.verdict).toBe(verdict);
  });

  test('progress points take the same number as their tolerance', () => {
    expect(one(result({ progress_leap_max_pct: 4 }), result({ progress_leap_max_pct: 9 })).verdict).toBe('unchanged');
    expect(one(result({ progress_leap_max_pct: 4 }), result({ progress_leap_max_pct: 10 })).verdict).toBe('worse');
  });

  test('worse wins over better; an added violation is worse whatever the figures', () => {
    expect(one(result({}), result({ eta_mae_s: 10, eta_stuck_max_s: 50 })).verdict).toBe('worse');
    const s = one(result({}), result({ eta_mae_s: 10 }, ['eta-jump']));
    expect(s).toMatchObject({ verdict: 'worse', added: ['eta-jump'], removed: [] });
    expect(s.reasons[0]).toBe('adds eta-jump');
    expect(one(result({}, ['eta-jump']), result({})).verdict).toBe('better');
  });

  test('a null figure on either side is not compared; a candidate that stops is worse', () => {
    expect(one(result({}), result({ eta_mae_s: null })).figures.eta_mae_s.move).toBe('na');
    expect(one(result({}), result({}, [], { error: 'tracker raised', run: null })).verdict).toBe('worse');
  });

  test('a scenario skipped on either side is skipped, and counted', () => {
    const c = compareResults([result({})], [result({}, [], { skipped: 'overrides', run: null })], options);
    expect(c.scenarios[0]).toMatchObject({ verdict: 'skipped', skipped: 'candidate: overrides', added: [] });
    expect(c.ok).toBe(true);
    expect(formatComparisonSummary(c)).toBe('candidate: 0 scenarios worse, 0 better, 0 unchanged, 1 skipped\n');
  });
});
