import { describe, expect, test } from 'vitest';
import { defaultScenario } from '../../src/6-formats/scenario/defaults.js';
import { runSuite } from '../../src/7-orchestration/suite/runSuite.js';
import { builtinTracker } from '../../src/3-model/tracker/builtin/BuiltinTracker.js';
import type { TrackerChoice } from '../../src/3-model/tracker/TrackerPort.js';

/** Three short scenarios, a log of what the suite did in order, and the built-in tracker logging each run's start. */
function setup() {
  const scenarios = ['one', 'two', 'three'].map((name) => defaultScenario({ name, profile: 'intended', stages: { ga: { generations: 3 } } }));
  const log: string[] = [];
  const started = new Map<number, () => void>();
  const runStarted = new Map([1, 2, 3].map((n) => [n, new Promise<void>((resolve) => started.set(n, resolve))]));
  let runs = 0;
  const tracker: TrackerChoice = {
    spec: 'builtin',
    builtin: true,
    external: null,
    factory: (context) => {
      log.push(`run ${++runs}`);
      started.get(runs)!();
      return builtinTracker(context);
    },
  };
  return { scenarios, log, tracker, runStarted };
}

/** Rejects after `ms` of real time: a suite that waited for a write before the next run would never get there. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not happen`)), ms))]);
}

describe("a suite writes each scenario's trace while the next one runs", () => {
  test('one write at a time, each overlapping the next run, each result handed on in order as soon as its trace is written', async () => {
    const { scenarios, log, tracker, runStarted } = setup();
    const results = await runSuite(scenarios, {
      cwd: '/out',
      tracker,
      saveTrace: null,
      saveTraceChunks: async (name, chunks) => {
        log.push(`write ${name}`);
        let lines = 0;
        for (const c of chunks) lines += c.split('\n').length - 1;
        // The first trace is written only once the second run has started: the suite must not wait for it.
        if (name === 'one') await within(runStarted.get(2)!, 10_000, 'the second run starting while the first trace is written');
        log.push(`written ${name} ${lines > 100}`);
        return `/out/${name}/trace.jsonl`;
      },
      onResult: (r) => log.push(`result ${r.name} ${r.trace}`),
    });
    expect(results.map((r) => r.trace)).toEqual(['one/trace.jsonl', 'two/trace.jsonl', 'three/trace.jsonl']);
    // The first trace is written during the second run, and its result handed on at once, before the second trace is started.
    expect(log.slice(0, 6)).toEqual(['run 1', 'write one', 'run 2', 'written one true', 'result one one/trace.jsonl', 'write two']);
    for (const name of ['two', 'three']) {
      const written = log.indexOf(`written ${name} true`);
      expect(written).toBeGreaterThan(log.indexOf(`write ${name}`));
      expect(log[written + 1]).toBe(`result ${name} ${name}/trace.jsonl`);
    }
    expect(log.indexOf('write three')).toBeGreaterThan(log.indexOf('result two two/trace.jsonl'));
    expect(log.indexOf('write three')).toBeGreaterThan(log.indexOf('run 3'));
  });

  test('a failed write stops the suite: the scenario after it has run, but no later trace is written and no result handed on', async () => {
    const { scenarios, log, tracker, runStarted } = setup();
    const run = runSuite(scenarios, {
      cwd: '/out',
      tracker,
      saveTrace: null,
      saveTraceChunks: async (name) => {
        log.push(`write ${name}`);
        await within(runStarted.get(2)!, 10_000, 'the second run starting');
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      },
      onResult: (r) => log.push(`result ${r.name}`),
    });
    await expect(run).rejects.toThrow('ENOSPC');
    expect(log).toEqual(['run 1', 'write one', 'run 2']);
  });
});
