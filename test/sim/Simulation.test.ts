import { describe, expect, test } from 'vitest';
import { Simulation, type SimulationLimits } from '../../src/1-kernel/Simulation.js';
import { SimulationBoundError } from '../../src/1-kernel/errors.js';
import { Scope } from '../../src/1-kernel/Scope.js';
import { Connection, ObservedChannel } from '../../src/3-model/redis/Connection.js';
import type { RedisClient } from '../../src/3-model/redis/RedisBackend.js';
import { Recorder } from '../../src/0-trace/Recorder.js';
import { runScenario } from '../../src/4-harness/runScenario.js';
import { defaultScenario } from '../../src/6-formats/scenario/defaults.js';
import { FAST_STAGES, atMsOf } from './runHelpers.js';

const START_MS = 1_000_000;

/** Turns a hang into a failure: the bound under test must end the run long before this. */
function withinRealMs<T>(promise: Promise<T>, ms = 5000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${ms} real ms`)), ms);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}

/** A client whose PUBLISH has no receiver (or fails); nothing else is used. */
function publishOnlyClient(publish: () => Promise<number>): RedisClient {
  const unused = (): never => {
    throw new Error('not used');
  };
  return {
    setex: unused,
    set: unused,
    get: unused,
    del: unused,
    publish,
    subscribe: unused,
    unsubscribe: unused,
    on: unused,
    removeAllListeners: unused,
    quit: unused,
    disconnect: unused,
  };
}

describe('virtual time', () => {
  test('sleeps advance virtual time exactly, in order, without waiting', async () => {
    const sim = new Simulation(START_MS);
    const scope = new Scope(sim.clock);
    const seen: Array<[string, number]> = [];
    const result = await sim.run(async () => {
      await Promise.all([
        scope.sleep(3000).then(() => seen.push(['b', sim.elapsedMs])),
        scope.sleep(1000).then(() => seen.push(['a', sim.elapsedMs])),
      ]);
      await scope.sleep(500);
      return sim.elapsedMs;
    });
    expect(seen).toEqual([
      ['a', 1000],
      ['b', 3000],
    ]);
    expect(result).toBe(3500);
  });

  test('a run keeps its final virtual time after it ends', async () => {
    const sim = new Simulation(START_MS);
    const scope = new Scope(sim.clock);
    await sim.run(async () => {
      await scope.sleep(12_345);
    });
    // fake-timers' reset() alone rewinds to the start; the run must not.
    expect(sim.elapsedMs).toBe(12_345);
    expect(sim.clock.timerCount).toBe(0);
  });

  test("runScenario reports the simulated time: up to the poller's last read", async () => {
    const result = await runScenario(defaultScenario({ name: 'simulated-ms', stages: FAST_STAGES }));
    // complete() at 28.1 s; the poller reads at 30 s, sees completed and stops.
    expect(result.endMs).toBe(28_100);
    expect(result.simulatedMs).toBe(30_000);
    expect(result.simulatedMs).toBe(atMsOf(result.trace.at(-1)!));
  });

  test('an aborted scope rejects its pending sleeps and every later one', async () => {
    const sim = new Simulation(START_MS);
    const scope = new Scope(sim.clock);
    const outcome = await sim.run(async () => {
      const pending = scope.sleep(10_000).then(
        () => 'slept',
        () => `aborted at ${sim.elapsedMs}`,
      );
      await new Scope(sim.clock).sleep(2000);
      scope.abort('stop');
      const later = await scope.sleep(1).then(
        () => 'slept',
        () => 'aborted',
      );
      return [await pending, later];
    });
    expect(outcome).toEqual(['aborted at 2000', 'aborted']);
  });
});

describe('bounds: a failure, never a hang', () => {
  const limits: SimulationLimits = { virtualMsMax: 60_000, stepsMax: 1000, settleRoundsMax: 100 };

  test('nothing scheduled and main unfinished is a deadlock', async () => {
    const sim = new Simulation(START_MS, limits);
    await expect(withinRealMs(sim.run(() => new Promise<void>(() => {})))).rejects.toThrow(SimulationBoundError);
  });

  test('virtual time has a maximum', async () => {
    const sim = new Simulation(START_MS, { ...limits, stepsMax: 1_000_000 });
    const scope = new Scope(sim.clock);
    const forever = async (): Promise<void> => {
      for (;;) await scope.sleep(1000);
    };
    await expect(withinRealMs(sim.run(forever))).rejects.toThrow(/virtual time/);
  });

  test('the number of events has a maximum', async () => {
    const sim = new Simulation(START_MS, limits);
    const scope = new Scope(sim.clock);
    const forever = async (): Promise<void> => {
      for (;;) await scope.sleep(1);
    };
    await expect(withinRealMs(sim.run(forever))).rejects.toThrow(/more than 1000 events/);
  });

  test('a PUBLISH on the observed channel that nobody receives does not leave work in flight', async () => {
    const sim = new Simulation(START_MS, limits);
    const conn = new Connection(publishOnlyClient(async () => 0), sim, new Recorder(), 'w', 'w', new ObservedChannel('chan', sim));
    const result = await withinRealMs(
      sim.run(async () => {
        await conn.publish('chan', 'x');
        return 'done';
      }),
    );
    expect(result).toBe('done');
  });

  test('nor does a PUBLISH that fails', async () => {
    const sim = new Simulation(START_MS, limits);
    const conn = new Connection(publishOnlyClient(async () => Promise.reject(new Error('down'))), sim, new Recorder(), 'w', 'w', new ObservedChannel('chan', sim));
    const result = await withinRealMs(
      sim.run(async () => {
        const error = await conn.publish('chan', 'x').then(
          () => null,
          (e: unknown) => (e as Error).message,
        );
        return error;
      }),
    );
    expect(result).toBe('down');
  });
});

test('a message the run did not publish (another client on a shared server) is not counted as a delivery', async () => {
  const sim = new Simulation(START_MS);
  const observed = new ObservedChannel('chan', sim);
  expect(observed.delivered()).toBe(false);
  observed.expect();
  expect(observed.delivered()).toBe(true);
  expect(observed.delivered()).toBe(false);
});
