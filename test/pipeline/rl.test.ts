import { describe, expect, test } from 'vitest';
import { runScenario, type RunResult } from '../../src/4-harness/runScenario.js';
import { defaultScenario, type ScenarioOverrides } from '../../src/6-formats/scenario/defaults.js';
import type { StagePlan } from '../../src/6-formats/scenario/Scenario.js';
import { FAST_STAGES, oneAt, published, trackerMessages } from '../sim/runHelpers.js';

/**
 * RL's three paths (system.md, pipeline step 8). FAST_STAGES: GA ends and RL
 * starts at 26 s; set_stage('rl') raises progress 70.26 → 85.
 */

function run(name: string, rl: Partial<StagePlan['rl']>, overrides: ScenarioOverrides = {}): Promise<RunResult> {
  return runScenario(defaultScenario({ name, ...overrides, stages: { ...FAST_STAGES, rl: { ...FAST_STAGES.rl, ...rl } } }));
}

function rlSpan(result: RunResult): { startMs: number; endMs: number } {
  return result.spans.find((s) => s.stage === 'rl')!;
}

describe('RL global path', () => {
  test('reports repaired clusters but never sets items total: progress stays time-based', async () => {
    const result = await run('rl-global', { path: 'global', conflicts: 40, problemClusters: 10, clusterMs: { kind: 'fixed', ms: 1000 } });
    expect(rlSpan(result)).toEqual({ stage: 'rl', startMs: 26_000, endMs: 36_000 });
    const rl = trackerMessages(result).filter((m) => m.body['stage'] === 'Resolving conflicts');
    expect(rl.map((m) => m.atMs)).toEqual(Array.from({ length: 20 }, (_, i) => 26_000 + i * 500));
    // Time-based target 85 + e/180 × 10 grows 0.0278 a tick, less than the creep (0.03 a tick), so
    // progress only creeps: 85.03 at 26.0, + 0.03 a tick → 85.03 + 19 × 0.03 = 85.60 at 35.5 → 86.
    // (Work-based over 10 clusters would have climbed 0.3 a tick, to ~90.7.)
    const readings = result.readings.filter((r) => r.atMs >= 26_000 && r.atMs < 36_000);
    expect(readings.at(-1)!.progressExact).toBeCloseTo(85.6, 9);
    expect(oneAt(rl, 35_500).body['progress']).toBe(86);
    expect(Math.max(...rl.map((m) => m.body['progress'] as number))).toBe(86);
  });

  test('repairs at most 10 problem clusters', async () => {
    const result = await run('rl-global-cap', { path: 'global', conflicts: 40, problemClusters: 25, clusterMs: { kind: 'fixed', ms: 1000 } }, { writers: ['rl_global_repair'] });
    // 10 clusters × 1 s, not 25.
    expect(rlSpan(result).endMs - rlSpan(result).startMs).toBe(10_000);
    // The legacy writer's shape: int(85 + i/10 × 10) = 85 + i, per repaired cluster.
    const direct = published(result, 'rl_global_repair');
    expect(direct.map((m) => m.body['progress'])).toEqual([86, 87, 88, 89, 90, 91, 92, 93, 94, 95]);
    expect(direct.map((m) => m.body['items_total'])).toEqual(Array(10).fill(10));
  });
});

describe('RL fallback path', () => {
  const fallback = { path: 'fallback', conflicts: 40, episodes: 16, batch: 8, episodeMs: { kind: 'fixed', ms: 500 } } as const;

  test('items total = episodes, reported per batch: work-based progress', async () => {
    // 16 episodes in batches of 8 × 0.5 s: 8 done at 30 s, 16 at 34 s.
    const result = await run('rl-fallback', fallback);
    expect(rlSpan(result)).toEqual({ stage: 'rl', startMs: 26_000, endMs: 34_000 });
    const rl = trackerMessages(result).filter((m) => m.body['stage'] === 'Resolving conflicts');
    // 26.0 … 29.5: 0 of 16 done, target 85: creep, 85.03 + 7 × 0.03 = 85.24 → 85 at 29.5.
    // 30.0: 8 of 16: target 85 + 8/16 × 10 = 90: +0.3 → 85.54 → 86; … 33.5: 85.54 + 7 × 0.3 = 87.64 → 88.
    expect(oneAt(rl, 29_500).body['progress']).toBe(85);
    expect(oneAt(rl, 30_000).body['progress']).toBe(86);
    expect(oneAt(rl, 33_500).body['progress']).toBe(88);
  });

  test('rl_fallback writes once per batch and drags the tracker to its value', async () => {
    const result = await run('rl-fallback-writer', fallback, { writers: ['rl_fallback'] });
    // int(85 + ep/16 × 10) with items_total = 16 episodes;
    // ETA int(elapsed/(p/100) × (100 − p)): 30 s, p 90: int(333.33) = 333; 34 s, p 95: int(178.95) = 178.
    const direct = published(result, 'rl_fallback');
    expect(direct.map((m) => [m.atMs, m.body['progress'], m.body['items_done'], m.body['items_total'], m.body['time_remaining_seconds']])).toEqual([
      [30_000, 90, 8, 16, 333],
      [34_000, 95, 16, 16, 178],
    ]);
    // The write sets last_progress = 90; the tick at 30.0 s then sees target 90 = last: creep → [90.03] → 90.
    const rl = trackerMessages(result).filter((m) => m.body['stage'] === 'Resolving conflicts');
    expect(oneAt(rl, 30_000).body['progress']).toBe(90);
  });
});

describe('RL skipped', () => {
  test.each([
    ['fewer than 10 conflicts (fallback)', { path: 'fallback', conflicts: 9 }],
    ['fewer than 10 conflicts (global)', { path: 'global', conflicts: 9 }],
    ['path skip', { path: 'skip', conflicts: 40 }],
  ] as const)('%s: no RL work, no tick in RL', async (_, rl) => {
    const result = await run('rl-skip', rl, { writers: ['rl_fallback', 'rl_global_repair'] });
    expect(result.outcome).toBe('completed');
    expect(rlSpan(result)).toEqual({ stage: 'rl', startMs: 26_000, endMs: 26_000 });
    expect(trackerMessages(result).some((m) => m.body['stage'] === 'Resolving conflicts')).toBe(false);
    expect(published(result, 'rl_fallback')).toEqual([]);
    expect(published(result, 'rl_global_repair')).toEqual([]);
    // finalize right after GA: complete() at 26.5 s.
    expect(trackerMessages(result).at(-1)!).toMatchObject({ atMs: 26_500, body: expect.objectContaining({ progress: 100 }) });
  });

  test('10 conflicts is enough to run', async () => {
    const result = await run('rl-ten', { path: 'fallback', conflicts: 10 });
    expect(rlSpan(result).endMs - rlSpan(result).startMs).toBe(1600);
  });
});
