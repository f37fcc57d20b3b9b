import { describe, expect, test, vi } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTrace } from '../../src/0-trace/jsonl.js';
import { Recorder } from '../../src/0-trace/Recorder.js';
import { VIRTUAL_EPOCH_MS } from '../../src/0-trace/TraceEvent.js';
import { Simulation, DEFAULT_LIMITS } from '../../src/1-kernel/Simulation.js';
import { jobKeys } from '../../src/2-wire/messages.js';
import { Connection } from '../../src/3-model/redis/Connection.js';
import { commandFaultWindows, FaultPlan, type FaultWindow } from '../../src/3-model/redis/FaultPlan.js';
import type { RedisFault } from '../../src/3-model/redis/RedisFault.js';
import { createBackend } from '../../src/3-model/redis/RedisBackend.js';
import { AdapterProcess } from '../../src/3-model/tracker/external/AdapterProcess.js';
import { DEFAULT_TRACKER_CONFIG } from '../../src/3-model/tracker/TrackerConfig.js';
import type { TrackerFactory, TrackerPort } from '../../src/3-model/tracker/TrackerPort.js';
import { runScenario } from '../../src/4-harness/runScenario.js';
import { generateCase } from '../../src/7-orchestration/fuzz/generateCase.js';
import { INTENDED } from '../../src/7-orchestration/fuzz/GeneratorOptions.js';
import { scenarioArbitrary } from '../../src/7-orchestration/fuzz/scenarioArbitrary.js';
import { resolveTracker } from '../../src/9-cli/trackerSpec.js';
import { loadScenario, parseScenario } from '../../src/index.js';
import { tempDir } from '../tempDirs.js';
import { hasPython, PYTHON } from './python.js';

/**
 * An external tracker runs ahead of the simulation up to its horizon (the
 * next active timer): what makes `--tracker python:FILE` cheap. Sound only
 * while the run's own code stays still until then; etasim stops the run
 * loudly when it does not.
 */
describe('the horizon', () => {
  test('is the earliest active timer: passive ones, cleared ones and fired ones do not count', () => {
    const sim = new Simulation(1_000_000, { ...DEFAULT_LIMITS, virtualMsMax: 60_000 });
    expect(sim.horizonMs()).toBe(1_000_000 + 60_000 + 1);
    sim.clock.setTimeout(() => {}, 100, 'passive');
    expect(sim.horizonMs()).toBe(1_060_001);
    const cleared = sim.clock.setTimeout(() => {}, 200);
    sim.clock.setTimeout(() => {}, 300);
    expect(sim.horizonMs()).toBe(1_000_200);
    sim.clock.clearTimeout(cleared);
    expect(sim.horizonMs()).toBe(1_000_300);
    sim.clock.fireNext(); // the passive one at 100
    sim.clock.fireNext(); // the active one at 300
    expect(sim.horizonMs()).toBe(1_060_001);
  });

  test('declared timers (sleeps ending in a report the tracker was told of) do not bound it either', () => {
    const sim = new Simulation(0, { ...DEFAULT_LIMITS, virtualMsMax: 60_000 });
    sim.clock.setTimeout(() => {}, 100, 'declared');
    expect(sim.horizonMs()).toBe(60_001);
    sim.clock.setTimeout(() => {}, 300);
    expect(sim.horizonMs()).toBe(300);
  });

  test('remembers the earliest active timer set since a mark: what the guard of a run ahead checks', () => {
    const sim = new Simulation(1000);
    sim.clock.setTimeout(() => {}, 5);
    sim.clock.markActiveSets();
    expect(sim.clock.earliestActiveSetMs).toBe(Infinity);
    sim.clock.setTimeout(() => {}, 50, 'passive');
    sim.clock.setTimeout(() => {}, 60, 'declared');
    expect(sim.clock.earliestActiveSetMs).toBe(Infinity);
    sim.clock.setTimeout(() => {}, 700);
    sim.clock.setTimeout(() => {}, 400);
    expect(sim.clock.earliestActiveSetMs).toBe(1400);
  });

  test("counts sim.sleep's active timers, not its passive ones", () => {
    const sim = new Simulation(0);
    void sim.sleep(10, 'passive');
    expect(sim.clock.earliestActiveSetMs).toBe(Infinity);
    void sim.sleep(10);
    expect(sim.clock.earliestActiveSetMs).toBe(10);
  });
});

describe("the tracker's fault windows (where it waits for every reply and never runs ahead)", () => {
  const fault = (fault: RedisFault['fault'], atMs: number, components: RedisFault['components'] = []): RedisFault => ({
    atMs,
    kind: 'fault',
    fault,
    durationMs: 1000,
    latencyMs: fault === 'latency' ? 50 : 0,
    components,
  });

  test('are the faults on its connection that meet commands, in start order', () => {
    const faults = [fault('latency', 9000), fault('errors', 5000, ['tracker']), fault('disconnect', 1000, ['saga']), fault('drop_messages', 0)];
    expect(commandFaultWindows(faults, 'tracker')).toEqual([
      [5000, 6000],
      [9000, 10000],
    ]);
  });

  test('are none when the faults are elsewhere', () => {
    expect(commandFaultWindows([fault('errors', 0, ['saga', 'poller']), fault('drop_messages', 0)], 'tracker')).toEqual([]);
  });
});


interface Tick {
  readonly atS: number;
  /** When the tracker wrote it (the message's own virtual time). */
  readonly timestamp: number;
  /** What a fixture under test/trackers/ahead/ read that tick. */
  readonly extra: string | null;
  /** The progress the tick published. */
  readonly progress: number | null;
}

/**
 * The port's loop alone on a simulation: started at 0, then the run's own
 * code as `body` (which may misbehave), then the loop stopped. The ticks'
 * writes as the trace has them: when etasim took each in, and the virtual
 * time inside the message (when the tracker wrote it).
 */
async function portLoop(body: (sim: Simulation, tracker: TrackerPort) => Promise<void>, faultWindows: readonly FaultWindow[] = []) {
  return trackerLoop('test/trackers/port.py', body, faultWindows);
}

/** portLoop for any fixture, with the writes' messages as they were (`value`). */
async function trackerLoop(
  file: string,
  body: (sim: Simulation, tracker: TrackerPort) => Promise<void>,
  faultWindows: readonly FaultWindow[] = [],
  watchdogMs?: number,
) {
  const factory = (await resolveTracker('--tracker', `python:${file}`, { cwd: process.cwd(), python: PYTHON, watchdogMs })).factory;
  const backend = createBackend(null);
  const sim = new Simulation(VIRTUAL_EPOCH_MS, DEFAULT_LIMITS, 'microtask');
  const recorder = new Recorder();
  const conn = new Connection(await backend.connect(), sim, recorder, 'tracker', 'tracker', null, new FaultPlan([]));
  const jobId = 'sim-run-ahead';
  let tracker: TrackerPort | null = null;
  try {
    await sim.run(async () => {
      tracker = await factory({ sim, conn, jobId, keys: jobKeys(jobId), config: DEFAULT_TRACKER_CONFIG, estimatedTotalS: 720, faultWindows, messageNotes: new Map() });
      await tracker.update(0);
      await tracker.startLoop();
      await body(sim, tracker);
      await tracker.stopLoop();
    });
  } finally {
    await (tracker as TrackerPort | null)?.close?.();
    await backend.close();
  }
  return recorder.events
    .filter((e) => e.op === 'setex')
    .map((e): Tick => {
      const message = JSON.parse(e.value!) as { timestamp?: number; t?: number; extra?: string; progress?: number };
      const writtenS = message.timestamp ?? (message.t ?? 0) / 1000;
      return {
        atS: e.t - VIRTUAL_EPOCH_MS / 1000,
        timestamp: writtenS - VIRTUAL_EPOCH_MS / 1000,
        extra: message.extra ?? null,
        progress: message.progress ?? null,
      };
    });
}

describe.skipIf(!hasPython && !process.env['CI'])('an external tracker running ahead', { timeout: 60_000 }, () => {
  test('each tick is taken in at the instant it was written, with passive timers firing in between', async () => {
    const polled: number[] = [];
    const ticks = await portLoop(async (sim) => {
      // A page-like poller: passive, so the loop may run past it.
      for (const atMs of [700, 1900, 3100]) sim.clock.setTimeout(() => polled.push(sim.elapsedMs), atMs, 'passive');
      await sim.sleep(4000);
    });
    // update(0), then a tick every 0.5 s; none at 4 s: the run's sleep was set first, so it wins the tie and stops the loop.
    expect(ticks.map((t) => t.atS)).toEqual([0, 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5]);
    expect(ticks.every((t) => t.atS === t.timestamp)).toBe(true);
    expect(polled).toEqual([700, 1900, 3100]);
  });

  test('one advance lets the loop run to the horizon: one round trip instead of one per tick', async () => {
    const sent = vi.spyOn(AdapterProcess.prototype, 'send');
    try {
      const advances = () => sent.mock.calls.flat().filter((m) => (m as { op?: string }).op === 'advance').length;
      await portLoop((sim) => sim.sleep(4000));
      expect(advances()).toBe(1);
      sent.mockClear();
      await portLoop((sim) => sim.sleep(4000), [[0, 60_000]]);
      expect(advances()).toBe(7);
    } finally {
      sent.mockRestore();
    }
  });

  test('gives the same writes as a run in which every command waits for its reply (no running ahead)', async () => {
    const body = async (sim: Simulation, tracker: TrackerPort) => {
      await sim.sleep(2600);
      tracker.setStage('clustering', 10);
      await sim.sleep(3300);
    };
    const ahead = await portLoop(body);
    // A fault window (with no fault in it) makes every command of the tracker wait for etasim, as before running ahead.
    const lockstep = await portLoop(body, [[0, 60_000]]);
    expect(ahead).toEqual(lockstep);
    // update(0) and ticks 0 … 2.5 s, then the stage changes at 2.6 s and ticks 3 … 5.5 s follow.
    expect(ahead.map((t) => t.atS)).toEqual([0, 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5]);
  });

  test('the run moving while the tracker is ahead (an active timer set by a passive one) stops the run loudly', async () => {
    const run = portLoop(async (sim) => {
      sim.clock.setTimeout(() => sim.clock.setTimeout(() => {}, 100), 1200, 'passive');
      await sim.sleep(5000);
    });
    await expect(run).rejects.toThrow(/EtasimError: the run moved while the external tracker was running ahead/);
  });

  test('a call into the tracker while it is ahead stops the run loudly', async () => {
    const run = portLoop(async (sim, tracker) => {
      sim.clock.setTimeout(() => tracker.markStageComplete(), 1200, 'passive');
      await sim.sleep(5000);
    });
    await expect(run).rejects.toThrow(/EtasimError: the run moved/);
  });
});

/**
 * A cpsat-like stage on the bare loop: set_stage, then update_work_progress(i)
 * at each of `atMs` (ms from the start), the reports before the last one
 * declared to the tracker and slept on declared timers when it takes them.
 * `made` replaces what the stage really calls (a stage whose declaration is wrong).
 */
function declaringStage(
  atMs: readonly number[],
  made: (i: number) => number = (i) => i,
  legacy?: { readonly declared: (i: number) => number; readonly made: (i: number) => number },
) {
  return async (sim: Simulation, tracker: TrackerPort): Promise<void> => {
    tracker.setStage('cpsat', atMs.length);
    const startMs = sim.clock.nowMs;
    const reports = atMs.map((ms, i) => ({
      atMs: startMs + ms,
      itemsDone: i + 1,
      setAtMs: startMs + (atMs[i - 1] ?? 0),
      ...(legacy ? { lastProgress: legacy.declared(i + 1) } : {}),
    }));
    const endMs = reports.at(-1)!.atMs;
    const declared = tracker.expectWorkProgress(reports.slice(0, -1), endMs, []);
    let previousMs = 0;
    for (const [i, ms] of atMs.entries()) {
      await sim.sleep(ms - previousMs, declared && i < atMs.length - 1 ? 'declared' : 'active');
      previousMs = ms;
      tracker.updateWorkProgress(made(i + 1));
      // A legacy writer that overwrites last_progress, as cpsat_direct does right after the report.
      if (legacy) tracker.setLastProgress(legacy.made(i + 1));
    }
    await sim.sleep(1200);
  };
}

describe.skipIf(!hasPython && !process.env['CI'])('declared reports (a stage tells the tracker its update_work_progress calls)', { timeout: 60_000 }, () => {
  const advancesOf = async (run: () => Promise<unknown>) => {
    const sent = vi.spyOn(AdapterProcess.prototype, 'send');
    try {
      await run();
      return sent.mock.calls.flat().filter((m) => (m as { op?: string }).op === 'advance');
    } finally {
      sent.mockRestore();
    }
  };

  test('the adapter makes them on its way ahead: one advance to the stage end, and the writes of lockstep', async () => {
    // The loop's first advance is at 0.5 s: the reports at 0.7, 1.2, 1.7 and 2.9 s go with it (declared); the
    // stage's own code runs again at 4.1 s.
    const body = declaringStage([700, 1200, 1700, 2900, 4100]);
    let ahead: Tick[] = [];
    const advances = await advancesOf(async () => {
      ahead = await portLoop(body);
    });
    const lockstep = await portLoop(body, [[0, 60_000]]);
    expect(ahead).toEqual(lockstep);
    // Progress moved with the reports: they were made, at their instants.
    expect(new Set(ahead.map((t) => t.progress)).size).toBeGreaterThan(3);
    const declared = advances.flatMap((m) => ((m as { declared?: unknown[] }).declared ?? []) as Array<{ at_ms: number; args: number[] }>);
    expect(declared.map((d) => [d.at_ms - VIRTUAL_EPOCH_MS, d.args])).toEqual([
      [700, [1]],
      [1200, [2]],
      [1700, [3]],
      [2900, [4]],
    ]);
    // One advance reaches the stage end (4.1 s), then one more for the ticks after it.
    expect(advances.length).toBeLessThanOrEqual(3);
  });

  test('a report at the same instant as a tick comes before or after it as the timers were set, as in lockstep', async () => {
    // Ticks fall on every 0.5 s, each one's wake set at the tick before. Reports tie with ticks at 1 s (its timer set
    // at 0: before the tick), 1.5 s and 3 s (set at 1.3 and 2.7 s: after it) and 2 s (set at 1.5 s, with the wake:
    // etasim decides, no running ahead there).
    const body = declaringStage([1000, 1300, 1500, 2000, 2700, 3000, 3600]);
    let ahead: Tick[] = [];
    const advances = await advancesOf(async () => {
      ahead = await portLoop(body);
    });
    expect(ahead).toEqual(await portLoop(body, [[0, 60_000]]));
    expect(new Set(ahead.map((t) => t.progress)).size).toBeGreaterThan(3);
    // Running ahead from 0.5 s stops before the tick at 2 s; the next advance takes it on to the stage end.
    expect(advances.length).toBeLessThanOrEqual(4);
  });

  test('reports beyond the ticks a run ahead may take (1,024) are made by the saga, as usual', async () => {
    // 1,024 ticks of 0.5 s end at 512 s: the reports after it are taken back (declared_left) and sent by the saga.
    const body = declaringStage([100_000, 500_000, 515_000, 530_000, 600_000]);
    const ahead = await portLoop(body);
    expect(ahead).toEqual(await portLoop(body, [[0, 60_000]]));
  });

  test('a stage that makes another report than it declared stops the run loudly', async () => {
    const run = portLoop(declaringStage([700, 1200, 1700, 2900], (i) => (i === 2 ? 7 : i)));
    await expect(run).rejects.toThrow(/EtasimError: a stage declared update_work_progress\(2\) at 1200 ms and made update_work_progress\(7\)/);
  });

  test("a legacy writer's last_progress after each report is made by the adapter too, with the writes of lockstep", async () => {
    const lastProgress = (i: number) => 5 + i * 11;
    const body = declaringStage([700, 1200, 1700, 2900, 4100], (i) => i, { declared: lastProgress, made: lastProgress });
    let ahead: Tick[] = [];
    const advances = await advancesOf(async () => {
      ahead = await portLoop(body);
    });
    expect(ahead).toEqual(await portLoop(body, [[0, 60_000]]));
    const declared = advances.flatMap((m) => ((m as { declared?: unknown[] }).declared ?? []) as Array<{ last_progress?: number }>);
    expect(declared.map((d) => d.last_progress)).toEqual([16, 27, 38, 49]);
  });

  test('a last_progress other than declared stops the run loudly', async () => {
    const run = portLoop(declaringStage([700, 1200, 1700, 2900], (i) => i, { declared: (i) => i, made: (i) => (i === 2 ? 40 : i) }));
    await expect(run).rejects.toThrow(/EtasimError: a stage declared last_progress = 2 after its report and made last_progress = 40 at 1200 ms/);
  });

  test('a default run takes a few advances, not one per CP-SAT cluster (294)', async () => {
    const factory = (await resolveTracker('--tracker', 'python:test/trackers/port.py', { cwd: process.cwd(), python: PYTHON })).factory;
    const s = parseScenario('name: default\n', 'default.yaml');
    let trace = '';
    const advances = await advancesOf(async () => {
      trace = formatTrace((await runScenario(s, { tracker: factory })).trace);
    });
    expect(trace).toBe(formatTrace((await runScenario(s)).trace));
    expect(advances.length).toBeLessThan(40);
  });

  test('the built-in model declines them (its calls cost nothing one by one)', async () => {
    const { BuiltinTracker } = await import('../../src/3-model/tracker/builtin/BuiltinTracker.js');
    const sim = new Simulation(0);
    const backend = createBackend(null);
    try {
      const conn = new Connection(await backend.connect(), sim, new Recorder(), 'tracker', 'tracker', null, new FaultPlan([]));
      const tracker = new BuiltinTracker({ sim, conn, jobId: 'j', keys: jobKeys('j'), config: DEFAULT_TRACKER_CONFIG, estimatedTotalS: 1, faultWindows: [], messageNotes: new Map() });
      expect(tracker.expectWorkProgress([{ atMs: 10, itemsDone: 1, setAtMs: 0 }], 20, [])).toBe(false);
    } finally {
      await backend.close();
    }
  });
});

describe.skipIf(!hasPython && !process.env['CI'])('running ahead, over generated cases', { timeout: 120_000 }, () => {
  const port = () => resolveTracker('--tracker', 'python:test/trackers/port.py', { cwd: process.cwd(), python: PYTHON });

  test('20 generated cases with Redis faults give the same trace bytes through the port as on the built-in model', async () => {
    const arbitrary = scenarioArbitrary({ ...INTENDED, trackerOverrides: false, faults: true });
    const factory = (await port()).factory;
    let faulted = 0;
    for (let i = 0; i < 20; i++) {
      const s = generateCase(arbitrary, 1000 + i);
      if ((s.faults ?? []).length > 0) faulted++;
      const builtin = formatTrace((await runScenario(s)).trace);
      expect(formatTrace((await runScenario(s, { tracker: factory })).trace), `case ${i}`).toBe(builtin);
    }
    expect(faulted).toBeGreaterThan(5);
  });

  test('20 generated cases without faults (where stages declare their reports) give the same trace bytes through the port', async () => {
    const arbitrary = scenarioArbitrary({ ...INTENDED, trackerOverrides: false, faults: false });
    const factory = (await port()).factory;
    const sent = vi.spyOn(AdapterProcess.prototype, 'send');
    try {
      for (let i = 0; i < 20; i++) {
        const s = generateCase(arbitrary, 2000 + i);
        const builtin = formatTrace((await runScenario(s)).trace);
        expect(formatTrace((await runScenario(s, { tracker: factory })).trace), `case ${i}`).toBe(builtin);
      }
      const declared = sent.mock.calls.flat().flatMap((m) => ((m as { declared?: unknown[] }).declared ?? []));
      expect(declared.length).toBeGreaterThan(100);
    } finally {
      sent.mockRestore();
    }
  });

  test("latency on the page's poller does not stop a run ahead (its waits are passive)", async () => {
    // fuzz found it: the poller's delayed reads set timers while the tracker ran ahead, which stopped the run.
    const s = parseScenario(
      `name: poller-latency
stages: { load_data: { duration_s: 0 }, clustering: { duration_s: 0 }, cpsat: { clusters: 0, parallel: 1, cluster_s: 0 }, ga: { generations: 1, generation_s: 2.001 }, rl: { path: skip, conflicts: 0, problem_clusters: 0, cluster_s: 0, episodes: 0, batch: 1, episode_s: 0 }, finalize: { duration_s: 0 } }
events:
  - { at_s: 0, fault: latency, duration_s: 2.001, latency_s: 0.001, components: [ poller, ga_direct ] }
  - { at_s: 2.001, fault: errors, duration_s: 0.001 }
`,
      'poller-latency.yaml',
    );
    const builtin = await runScenario(s);
    const result = await runScenario(s, { tracker: (await port()).factory });
    expect(result.outcome).toBe(builtin.outcome);
    expect(formatTrace(result.trace)).toBe(formatTrace(builtin.trace));
  });
});

/** A job with one long stage and nothing else, for trackers whose loop must outlive it. */
const LONG_STAGE = `name: long-stage
stages: { load_data: { duration_s: 10 }, clustering: { duration_s: 0 }, cpsat: { clusters: 0, parallel: 1, cluster_s: 0 }, ga: { generations: 1, generation_s: 1 }, rl: { path: skip, conflicts: 0, problem_clusters: 0, cluster_s: 0, episodes: 0, batch: 1, episode_s: 0 }, finalize: { duration_s: 0 } }
`;

// Holes a review found, each with a fixture of its own under test/trackers/ahead/.
describe.skipIf(!hasPython && !process.env['CI'])('running ahead: what a review found', { timeout: 60_000 }, () => {
  const fixture = (name: string) => `test/trackers/ahead/${name}`;

  test('a key the tracker only read, then writes, is read from Redis by every later tick (not from the ahead snapshot)', async () => {
    const body = async (sim: Simulation) => sim.sleep(5000);
    const ahead = await trackerLoop(fixture('stale_snapshot.py'), body);
    expect(ahead).toEqual(await trackerLoop(fixture('stale_snapshot.py'), body, [[0, 60_000]]));
    expect(ahead.map((t) => t.extra)).toEqual(['', 'None', 'None', 'None', 'None', 'written', 'written', 'written', 'written', 'written', 'written']);
  });

  test('slow ticks reach etasim often enough for its watchdog (here 1 s, six ticks of 0.3 s each ahead)', async () => {
    const ticks = await trackerLoop(fixture('slow_tick.py'), (sim) => sim.sleep(3000), [], 1000);
    expect(ticks.length).toBe(7);
  });

  test('a call into the tracker while an ahead tick waits for a read is caught', async () => {
    const run = trackerLoop(fixture('readback.py'), async (sim, tracker) => {
      sim.clock.setTimeout(() => void tracker.update(), 1200, 'passive');
      await sim.sleep(5000);
    });
    await expect(run).rejects.toThrow(/EtasimError: the run moved/);
  });

  test.each([
    ['late_fatal.py', 'a task that dies after the run has ended (lockstep never gets there)'],
    ['spins_after_end.py', 'a task that spins for ever after the run has ended'],
    ['sleepy_stop.py', 'a stop() that blocks on time.sleep while the loop is due'],
  ])('%s: %s does not fail the run', async (file) => {
    const s = parseScenario(LONG_STAGE, 'long-stage.yaml');
    const tracker = await resolveTracker('--tracker', `python:${fixture(file)}`, { cwd: process.cwd(), python: PYTHON, watchdogMs: 2000 });
    expect((await runScenario(s, { tracker: tracker.factory })).outcome).toBe('completed');
  });
});

describe.skipIf(!hasPython && !process.env['CI'])('running ahead: what a second review found', { timeout: 60_000 }, () => {
  const fixture = (name: string) => `test/trackers/ahead/${name}`;

  test('a tick that blocks in time.sleep while the saga reports work gives the lockstep trace (no stray wake)', async () => {
    const body = async (sim: Simulation, tracker: TrackerPort) => {
      for (let i = 1; i <= 6; i++) {
        await sim.sleep(1300);
        tracker.updateWorkProgress(i);
      }
    };
    const ahead = await trackerLoop(fixture('sleep_tick.py'), body);
    expect(ahead).toEqual(await trackerLoop(fixture('sleep_tick.py'), body, [[0, 60_000]]));
  });

  test("a tick's messages held behind the next tick do not trip the watchdog (0.2 s and 0.85 s ticks, 1 s bound)", async () => {
    const ticks = await trackerLoop(fixture('slow_pair.py'), (sim) => sim.sleep(7000), [], 1000);
    expect(ticks.length).toBe(15);
  });

  test('a read after time.sleep inside a tick sees the key as it is then, not as etasim read it for the tick', async () => {
    const s = parseScenario(`${LONG_STAGE}events:\n  - { at_s: 1.5, cancel: true }\n`, 'cancel-mid.yaml');
    const tracker = await resolveTracker('--tracker', `python:${fixture('sleep_reread.py')}`, { cwd: process.cwd(), python: PYTHON });
    const run = await runScenario(s, { tracker: tracker.factory });
    const extras = run.trace.filter((e) => e.op === 'setex' && e.writer === 'tracker').map((e) => (JSON.parse(e.value!) as { extra?: string }).extra);
    // The tick at 1 s sleeps to 2 s, across the cancel at 1.5 s.
    expect(extras).toContain('None/1');
  });

  test('a run after one whose adapter was killed starts at virtual time 0 (the new process is work in flight)', async () => {
    const flag = join(tempDir('etasim-spin-once-'), 'flag');
    writeFileSync(flag, '');
    process.env['ETASIM_TEST_SPIN_ONCE'] = flag;
    try {
      const s = parseScenario(LONG_STAGE, 'long-stage.yaml');
      const tracker = await resolveTracker('--tracker', `python:${fixture('spin_once.py')}`, { cwd: process.cwd(), python: PYTHON, watchdogMs: 1000 });
      await expect(runScenario(s, { tracker: tracker.factory })).rejects.toThrow(/did not yield for 1 s/);
      const again = await runScenario(s, { tracker: tracker.factory });
      expect(again.outcome).toBe('completed');
      expect(again.trace.find((e) => e.writer === 'tracker')!.t).toBe(VIRTUAL_EPOCH_MS / 1000);
    } finally {
      delete process.env['ETASIM_TEST_SPIN_ONCE'];
    }
  });
});

/** The same tracker in lockstep: a fault window (with no fault in it) over the whole run makes every command wait. */
function inLockstep(factory: TrackerFactory): TrackerFactory {
  return (context) => factory({ ...context, faultWindows: [[0, 10_000_000]] });
}

// Holes a review of declared reports found, each with a fixture of its own under test/trackers/ahead/.
describe.skipIf(!hasPython && !process.env['CI'])('declared reports: what a review found', { timeout: 60_000 }, () => {
  const fixture = (name: string) => `test/trackers/ahead/${name}`;
  // Several reports between two ticks (0.7 → 1.1 → 1.25 s), ties with ticks, and the stage's end at 4.1 s.
  const stage = declaringStage([700, 1100, 1250, 1700, 2050, 2500, 2900, 4100]);

  test.each([
    ['declared_timer.py', 'a loop timer a report sets fires at its own time, not at the next report (timers held back per call)'],
    ['declared_task.py', 'a task a report starts wakes at its own time'],
    ['declared_sleep.py', 'a report that blocks in time.sleep does not move the clock backwards'],
    ['declared_read.py', 'a report that reads Redis (answered at etasim\u2019s instant) does not move the clock backwards'],
    ['sleep_tick.py', 'a tick that blocks in time.sleep across a report'],
  ])('%s: %s; the writes are those of lockstep', async (file) => {
    const ahead = await trackerLoop(fixture(file), stage);
    expect(ahead).toEqual(await trackerLoop(fixture(file), stage, [[0, 60_000]]));
    if (file !== 'sleep_tick.py') expect(ahead.some((t) => t.extra !== '')).toBe(true);
  });

  test.each([
    ['ending at the next deadline', [100, 200, 700, 1200, 1250], [] as FaultWindow[]],
    ['ending at a fault window on its connection', [100, 200, 700, 1200, 1250, 1700, 2900, 4100], [[1050, 60_000]] as FaultWindow[]],
  ])('a report due while a tick blocks, the run ahead %s, is made as in lockstep (second review)', async (_, atMs, windows) => {
    const body = declaringStage(atMs);
    const ahead = await trackerLoop(fixture('declared_blocked_tick.py'), body, windows);
    const lockstep = await trackerLoop(fixture('declared_blocked_tick.py'), body, [[0, 60_000]]);
    expect(ahead).toEqual(lockstep);
    const made = lockstep.at(-1)!.extra ?? '';
    expect(made.match(/u\d+@/g)?.length).toBe(atMs.length);
  });

  test('reports due while a tick blocks in time.sleep, over all-stages-early, give the lockstep trace (second review)', async () => {
    const tracker = await resolveTracker('--tracker', `python:${fixture('declared_sleep.py')}`, { cwd: process.cwd(), python: PYTHON });
    const s = await loadScenario('scenarios/all-stages-early.yaml');
    const ahead = formatTrace((await runScenario(s, { tracker: tracker.factory })).trace);
    expect(ahead).toBe(formatTrace((await runScenario(s, { tracker: inLockstep(tracker.factory) })).trace));
  });

  test('an async report that raises fails the run with the error lockstep gives', async () => {
    const failure = (faultWindows: FaultWindow[]) =>
      trackerLoop(fixture('declared_async_raise.py'), stage, faultWindows).then(
        () => 'no failure',
        (error: unknown) => String(error),
      );
    const ahead = await failure([]);
    expect(ahead).toMatch(/tracker raised ValueError: bad report 4 \(test\/trackers\/ahead\/declared_async_raise\.py:\d+\)/);
    expect(ahead).toBe(await failure([[0, 60_000]]));
  });

  test('a tracker that reads the progress key a legacy writer overwrites sees each write at its instant, as in lockstep', async () => {
    const tracker = await resolveTracker('--tracker', `python:${fixture('declared_reads_progress.py')}`, { cwd: process.cwd(), python: PYTHON });
    for (const file of ['scenarios/writer-update-progress.yaml', 'scenarios/writer-cpsat-direct.yaml']) {
      const s = await loadScenario(file);
      const ahead = formatTrace((await runScenario(s, { tracker: tracker.factory })).trace);
      expect(ahead, file).toBe(formatTrace((await runScenario(s, { tracker: inLockstep(tracker.factory) })).trace));
      expect(ahead, file).toMatch(/seen \d+/);
    }
  });
});
