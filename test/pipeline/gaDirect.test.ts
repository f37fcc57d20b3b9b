import { describe, expect, test } from 'vitest';
import { runScenario } from '../../src/4-harness/runScenario.js';
import { defaultScenario } from '../../src/6-formats/scenario/defaults.js';
import { FAST_STAGES, oneAt, published, trackerMessages, writes } from '../sim/runHelpers.js';

/**
 * stage2_ga.py's per-generation write, still present in the commit that
 * shipped the fix (profile `shipped`): `int(15 + gen/total × 70)` on a new
 * connection per generation, overwriting the tracker's last_progress.
 * FAST_STAGES: GA runs 8 s → 26 s, generation g ends at 8 + g s.
 */
describe('ga_direct (shipped profile)', () => {
  test('progress falls from 60 to 18, written by one new connection per generation', async () => {
    const scenario = defaultScenario({ name: 'ga-direct', profile: 'shipped', stages: FAST_STAGES });
    expect(scenario.writers).toEqual(['ga_direct']);
    const result = await runScenario(scenario);
    expect(result.outcome).toBe('completed');

    const ga = writes(result, 'ga_direct');
    // SETEX then PUBLISH per generation, each pair on its own connection ga_direct#g.
    expect(ga.map((m) => [m.conn, m.op])).toEqual(
      Array.from({ length: 18 }, (_, i) => [
        [`ga_direct#${i + 1}`, 'setex'],
        [`ga_direct#${i + 1}`, 'publish'],
      ]).flat(),
    );
    expect(ga.some((m) => m.conn === 'tracker')).toBe(false);

    // int(15 + g/18 × 70): g = 1: int(18.89) = 18; 2: int(22.78) = 22; 9: int(50) = 50;
    // 10: int(53.89) = 53; 18: int(85) = 85.
    const gaPublished = published(result, 'ga_direct');
    expect(gaPublished.map((m) => m.body['progress'])).toEqual([18, 22, 26, 30, 34, 38, 42, 46, 50, 53, 57, 61, 65, 69, 73, 77, 81, 85]);
    expect(gaPublished.map((m) => m.atMs)).toEqual(Array.from({ length: 18 }, (_, i) => 9000 + i * 1000));

    // ETA int(elapsed / (p/100) × (100 − p)), elapsed from the start_time key (written at 0):
    // g = 1 at 9 s: int(9/0.18 × 82) = int(4100.0…) = 4100; g = 2 at 10 s: int(10/0.22 × 78) = int(3545.45) = 3545.
    expect(gaPublished[0]!.body).toMatchObject({ stage: 'ga', time_remaining_seconds: 4100, items_done: 1, items_total: 18 });
    expect(gaPublished[1]!.body['time_remaining_seconds']).toBe(3545);

    // What the channel carried around the first generation: the tracker's 60 at 8.5 s, then 18.
    const tracker = trackerMessages(result);
    expect(oneAt(tracker, 8500).body['progress']).toBe(60);
    const channel = published(result).filter((m) => 'progress' in m.body);
    const firstGa = channel.findIndex((m) => m.writer === 'ga_direct');
    expect(channel[firstGa - 1]!.body['progress']).toBe(60);
    expect(channel[firstGa]!.body['progress']).toBe(18);
    // The tracker's own tick at 9.0 s starts from the overwritten 18: target 60 + 25/18 = 61.39 > 18,
    // step 0.3 → [18.3] → 18; at 9.5 s [18.6] → 19.
    expect(oneAt(tracker, 9000).body['progress']).toBe(18);
    expect(oneAt(tracker, 9500).body['progress']).toBe(19);
  });

  test('the intended profile has no ga_direct write and GA progress never drops below 60', async () => {
    const result = await runScenario(defaultScenario({ name: 'ga-intended', stages: FAST_STAGES }));
    expect(writes(result, 'ga_direct')).toEqual([]);
    const gaMessages = trackerMessages(result).filter((m) => m.body['stage'] === 'Optimizing quality');
    expect(Math.min(...gaMessages.map((m) => m.body['progress'] as number))).toBe(60);
  });
});
