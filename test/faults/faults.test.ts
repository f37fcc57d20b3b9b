import { describe, expect, test } from 'vitest';
import { defaultScenario } from '../../src/6-formats/scenario/defaults.js';
import type { RedisFault, Scenario } from '../../src/6-formats/scenario/Scenario.js';
import { runScenario } from '../../src/4-harness/runScenario.js';
import { formatTrace } from '../../src/0-trace/jsonl.js';
import { checkTrace, violatedIds } from '../../src/5-invariants/checkTrace.js';
import { VIRTUAL_EPOCH_MS } from '../../src/0-trace/TraceEvent.js';

const fault = (f: Partial<RedisFault> & Pick<RedisFault, 'fault' | 'atMs' | 'durationMs'>): RedisFault => ({
  kind: 'fault',
  latencyMs: 0,
  components: [],
  ...f,
});

/** A short intended run (≈ 120 s) with the given faults. */
function scenario(faults: RedisFault[], extra: Partial<Scenario> = {}): Scenario {
  return defaultScenario({
    name: 'faults',
    stages: {
      loadData: { durationMs: 5000 },
      clustering: { durationMs: 5000 },
      cpsat: { clusters: 40, parallel: 2, clusterMs: { kind: 'fixed', ms: 2000 } },
      ga: { generations: 10, generationMs: { kind: 'fixed', ms: 5000 } },
      rl: { path: 'skip' },
      finalize: { durationMs: 500 },
    },
    faults,
    ...extra,
  });
}

const atS = (t: number) => Math.round((t * 1000 - VIRTUAL_EPOCH_MS)) / 1000;

describe('Redis faults', () => {
  test('command errors on the tracker: it skips the updates in the window, then carries on', async () => {
    const r = await runScenario(scenario([fault({ fault: 'errors', atMs: 20_000, durationMs: 10_000, components: ['tracker'] })]));
    const trackerWrites = r.trace.filter((e) => e.writer === 'tracker' && e.op === 'setex').map((e) => atS(e.t));
    expect(trackerWrites.filter((t) => t >= 20 && t < 30)).toEqual([]);
    expect(trackerWrites).toContain(19.5);
    expect(trackerWrites).toContain(30);
    // Ticks at 20.0, 20.5, …, 29.5: 20 updates, each refused at its SETEX.
    expect(r.trackerFailedUpdates).toBe(20);
    expect(r.faults.failedCommands).toBeGreaterThanOrEqual(20);
    expect(r.outcome).toBe('completed');
    expect(r.liveness.ok).toBe(true);
    expect(violatedIds(checkTrace(r.trace).violations)).toEqual([]);
  });

  test('added latency delays commands in virtual time, deterministically', async () => {
    const s = scenario([fault({ fault: 'latency', atMs: 20_000, durationMs: 10_000, latencyMs: 800, components: ['tracker'] })]);
    const a = await runScenario(s);
    const b = await runScenario(s);
    expect(formatTrace(a.trace)).toBe(formatTrace(b.trace));
    expect(a.faults.delayedCommands).toBeGreaterThan(0);
    // The tick at 20 s reads the cancel flag after 0.8 s, SETEXes at 21.6 s and PUBLISHes at 22.4 s.
    const setex = a.trace.filter((e) => e.writer === 'tracker' && e.op === 'setex').map((e) => atS(e.t));
    expect(setex).toContain(21.6);
    expect(setex.filter((t) => t > 19.5 && t < 21.6)).toEqual([]);
    expect(a.liveness.ok).toBe(true);
  });

  test('a dropped connection refuses commands, then reconnects under a new name', async () => {
    const r = await runScenario(scenario([fault({ fault: 'disconnect', atMs: 20_000, durationMs: 5_000, components: ['tracker'] })]));
    const conns = new Set(r.trace.filter((e) => e.writer === 'tracker').map((e) => e.conn));
    expect([...conns]).toEqual(['tracker', 'tracker~2']);
    expect(r.liveness.ok).toBe(true);
  });

  test('a subscriber that misses messages: the key still ends completed, the subscriber never hears it', async () => {
    const r = await runScenario(scenario([fault({ fault: 'drop_messages', atMs: 100_000, durationMs: 100_000 })]));
    expect(r.faults.droppedMessages).toBeGreaterThan(0);
    expect(r.liveness).toMatchObject({ ok: true, finalStatus: 'completed', subscriberHeardEnd: false });
  });

  test('liveness fails when the terminal write is lost in a fault', async () => {
    const s = scenario([fault({ fault: 'errors', atMs: 30_000, durationMs: 200_000, components: ['api'] })], {
      events: [{ atMs: 15_000, kind: 'cancel' }],
    });
    const r = await runScenario(s);
    expect(r.outcome).toBe('cancelled');
    expect(r.liveness.ok).toBe(false);
    expect(r.liveness.finalStatus).toBe('running');
    expect(r.log.some((line) => line.includes('cancelled terminal write failed'))).toBe(true);
  });

  test('an outage across a step boundary fails the job and loses its end (the saga does not guard its read)', async () => {
    const r = await runScenario(scenario([fault({ fault: 'errors', atMs: 9_000, durationMs: 2_000 })]));
    expect(r.outcome).toBe('failed');
    expect(r.liveness.ok).toBe(false);
  });

  test('once faults stop, every profile still ends (liveness after healing)', async () => {
    for (const profile of ['intended', 'shipped', 'pre-fix'] as const) {
      const faults = [
        fault({ fault: 'errors', atMs: 10_000, durationMs: 20_000, components: ['tracker', 'poller', 'ga_direct', 'cpsat_direct'] }),
        fault({ fault: 'latency', atMs: 40_000, durationMs: 20_000, latencyMs: 300 }),
        fault({ fault: 'disconnect', atMs: 70_000, durationMs: 5_000, components: ['tracker', 'ga_direct'] }),
      ];
      const r = await runScenario(scenario(faults, { profile, writers: undefined as never, errorPath: undefined as never }));
      expect(r.liveness.ok, profile).toBe(true);
    }
  });
});
