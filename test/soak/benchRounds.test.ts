import { expect, test } from 'vitest';
import { runBench } from '../../src/7-orchestration/bench/runBench.js';

// A clock whose steps double after the first round (six readings: two runs, then the bare block): a busy machine, on cue.
function steppingClock(): () => number {
  let now = 0;
  let calls = 0;
  return () => (now += ++calls > 6 ? 2 : 1);
}

test('bench gives each figure as min / median / max over its rounds and warns when their spread shows a busy machine', async () => {
  const result = await runBench({ runs: 4, rounds: 2, suite: [], nowMs: steppingClock(), rssBytes: () => 1, heapBytes: () => 1 });
  expect(result.rounds.count).toBe(2);
  expect(result.rounds.runs_per_round).toBe(2);
  for (const s of [result.rounds.ms_per_run, result.rounds.runs_per_s, result.rounds.bare_runs_per_s, result.rounds.ratio_to_bare]) {
    expect(s.min).toBeLessThanOrEqual(s.median);
    expect(s.median).toBeLessThanOrEqual(s.max);
  }
  // The contract's fields are still there, from the same runs.
  expect(result.runs).toBe(4);
  expect(result.simulated_s).toBeCloseTo(4 * result.run_simulated_s, 1);
  expect(result.speedup).toBeCloseTo(result.simulated_s * 1000 / result.wall_ms, 0);
  expect(result.runs_per_s).toBeGreaterThan(0);
  expect(result.bare_runs_per_s).toBeGreaterThan(0);
  expect(result.warnings.some((w) => w.includes('the machine was busy'))).toBe(true);
});
