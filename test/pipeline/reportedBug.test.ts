import { describe, expect, test } from 'vitest';
import { runScenario } from '../../src/4-harness/runScenario.js';
import { defaultScenario } from '../../src/6-formats/scenario/defaults.js';
import { CPSAT_OVERRUN_STAGES, published, seen } from '../sim/runHelpers.js';

/**
 * The reported bug, "ETA shows 0 after CP-SAT completes, then 7 min when GA
 * starts" (system.md, "The reported bug in numbers"): with main.py's
 * per-cluster write switched on, the last cluster publishes
 * time_remaining_seconds 0 at 60 %, and the tracker's next tick publishes its
 * own stage-based ETA of about 8 minutes.
 */
describe("cpsat_direct: 0 at the last cluster, then the tracker's ~8 min", () => {
  test('exact values with CP-SAT overrunning (300 clusters × 1.5 s, 3 s → 453 s)', async () => {
    const result = await runScenario(
      defaultScenario({ name: 'reported-bug', writers: ['cpsat_direct'], stages: CPSAT_OVERRUN_STAGES }),
    );
    expect(result.outcome).toBe('completed');
    const direct = published(result, 'cpsat_direct');
    expect(direct.length).toBe(300);
    expect(new Set(direct.map((m) => m.conn))).toEqual(new Set(['cpsat_direct']));

    // Cluster 150 ends at 3 + 150 × 1.5 = 228 s:
    // progress int(5 + 150/300 × 55) = int(32.5) = 32; ETA int(228/150 × 150 × 1.2) = int(273.6) = 273.
    expect(direct[149]!.atMs).toBe(228_000);
    expect(direct[149]!.body).toMatchObject({ progress: 32, time_remaining_seconds: 273, stage: 'cpsat', items_done: 150, items_total: 300 });
    // Cluster 299 at 451.5 s: int(5 + 299/300 × 55) = int(59.81…) = 59; int(451.5/299 × 1 × 1.2) = int(1.81…) = 1.
    expect(direct[298]!.body).toMatchObject({ progress: 59, time_remaining_seconds: 1 });

    // The last cluster at 453 s: int(5 + 300/300 × 55) = 60, ETA int(453/300 × 0 × 1.2) = 0.
    const last = direct[299]!;
    expect(last.atMs).toBe(453_000);
    expect(last.body).toMatchObject({ progress: 60, time_remaining_seconds: 0, status: 'running', items_done: 300 });

    // The tracker's next message, at the same virtual ms (the cluster's timer fires before the tick's):
    // GA has started, last_progress 60 (set by the writer) ≥ 60 is kept, creep → [60.03] → 60.
    // ETA: CP-SAT's plateau left smoothed = 486 (see test/sim/wholeRun (b)); GA raw = 300 + 185 = 485,
    // only 0.5 s since the last smoothing and 486 != 485: shown 486 s = 8 min 6 s.
    const trace = result.trace.map(seen);
    const lastIndex = trace.findIndex((m) => m.writer === 'cpsat_direct' && m.op === 'publish' && m.body['items_done'] === 300);
    const next = trace.slice(lastIndex + 1).find((m) => m.writer === 'tracker' && m.op === 'publish')!;
    expect(next.atMs).toBe(453_000);
    expect(next.body).toMatchObject({ progress: 60, stage: 'Optimizing quality', time_remaining_seconds: 486 });
    const nextEtaS = next.body['time_remaining_seconds'] as number;
    expect(nextEtaS).toBeGreaterThanOrEqual(420);
    expect(nextEtaS).toBeLessThanOrEqual(540);

    // What the page's subscriber heard: the 0, then straight to 486 (no ETA-carrying message between).
    const heard = result.received.map((raw) => JSON.parse(raw) as Record<string, unknown>).filter((b) => 'time_remaining_seconds' in b);
    const zeroAt = heard.findIndex((b) => b['time_remaining_seconds'] === 0 && b['status'] === 'running');
    expect(heard[zeroAt]).toMatchObject({ stage: 'cpsat', progress: 60 });
    expect(heard[zeroAt + 1]).toMatchObject({ stage: 'Optimizing quality', time_remaining_seconds: 486 });
  });

  test('without cpsat_direct (intended) nothing publishes 0 and the tracker shows the same 486', async () => {
    const result = await runScenario(defaultScenario({ name: 'reported-bug-fixed', stages: CPSAT_OVERRUN_STAGES }));
    const withEta = published(result).filter((m) => m.body['status'] === 'running' && 'time_remaining_seconds' in m.body);
    expect(withEta.some((m) => m.body['time_remaining_seconds'] === 0)).toBe(false);
    expect(new Set(withEta.map((m) => m.writer))).toEqual(new Set(['api', 'tracker']));
    const gaFirst = withEta.find((m) => m.body['stage'] === 'Optimizing quality')!;
    expect(gaFirst.body['time_remaining_seconds']).toBe(486);
  });

  test('on the pre-fix profile with the default, seeded shape: 0 then between 7 and 9 minutes', async () => {
    // Seeded lognormal clusters: the exact tracker value depends on the draws, so only the shape is pinned.
    const result = await runScenario(defaultScenario({ name: 'reported-bug-pre-fix', profile: 'pre-fix', seed: 7 }));
    const trace = result.trace.map(seen);
    const lastIndex = trace.findIndex(
      (m) => m.writer === 'cpsat_direct' && m.op === 'publish' && m.body['items_done'] === m.body['items_total'],
    );
    expect(trace[lastIndex]!.body).toMatchObject({ progress: 60, time_remaining_seconds: 0 });
    const next = trace.slice(lastIndex + 1).find((m) => m.writer === 'tracker' && m.op === 'publish')!;
    expect(next.body['stage']).toBe('Optimizing quality');
    expect(next.body['time_remaining_seconds']).toBeGreaterThanOrEqual(420);
    expect(next.body['time_remaining_seconds']).toBeLessThanOrEqual(540);
  });
});
