import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { checkTrace, violatedIds } from '../../src/5-invariants/checkTrace.js';
import { INTENDED } from '../../src/7-orchestration/fuzz/GeneratorOptions.js';
import { runCase } from '../../src/7-orchestration/fuzz/runCase.js';
import { scenarioArbitrary } from '../../src/7-orchestration/fuzz/scenarioArbitrary.js';
import { GATE_INVARIANTS } from '../../src/7-orchestration/fuzz/FindingKind.js';
import type { Scenario } from '../../src/6-formats/scenario/Scenario.js';
import { runScenario } from '../../src/4-harness/runScenario.js';
import type { TraceEvent } from '../../src/0-trace/TraceEvent.js';
import { insertAll, insertAt, trackerWindow } from './traceEdits.js';

/*
 * Properties of the checkers over traces the simulator records for
 * generated scenarios (fixed seeds: a failure replays).
 */

const optionsOf = (s: Scenario) => ({ checks: s.checks, stages: s.tracker.stages, jobId: `sim-${s.name}` });

/** A progress message from a writer other than the tracker. */
const intruder = fc.record({
  writer: fc.constantFrom('cpsat_direct', 'ga_direct', 'rogue_worker', 'api'),
  op: fc.constantFrom('setex' as const, 'publish' as const),
  progress: fc.oneof(fc.integer({ min: 0, max: 99 }), fc.double({ min: 0, max: 99.9, noNaN: true })),
  etaS: fc.integer({ min: -10, max: 3000 }),
  /** Where in the tracker's window, as a fraction. */
  where: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
});

describe('checkTrace properties', () => {
  test.prop([scenarioArbitrary(INTENDED), intruder], { seed: 42, numRuns: 60 })(
    "(a) a second writer's progress message in a clean trace only adds violations, single-writer among them",
    async (scenario, m) => {
      const run = await runScenario(scenario);
      const options = optionsOf(scenario);
      const before = violatedIds(checkTrace(run.trace, options).violations);
      fc.pre(before.length === 0);
      const window = trackerWindow(run.trace, run.jobId);
      fc.pre(window !== null);
      // Strictly after the tracker's first write, at or before the terminal message.
      const at = window!.opens + 1 + Math.floor(m.where * (window!.closes - window!.opens));
      const key = m.op === 'setex' ? `progress:job:${run.jobId}` : `progress:${run.jobId}`;
      const value = JSON.stringify({ job_id: run.jobId, progress: m.progress, status: 'running', stage: 'ga', time_remaining_seconds: m.etaS });
      const edited = insertAt(run.trace, at, { writer: m.writer, op: m.op, key, value });
      const after = violatedIds(checkTrace(edited, options).violations);
      expect(after).toEqual(expect.arrayContaining(before));
      expect(after).toContain('single-writer');
    },
  );

  /** Events of other jobs and unrelated keys. */
  const foreign = fc.array(
    fc.record({
      position: fc.nat(),
      writer: fc.constantFrom('api', 'tracker', 'ga_direct', 'poller', 'other_service'),
      op: fc.constantFrom('setex' as const, 'publish' as const, 'set' as const, 'del' as const, 'get' as const),
      key: fc.constantFrom('progress:job:sim-other', 'progress:sim-other', 'start_time:job:sim-other', 'cancel:job:sim-other', 'session:abc', 'progress:job:sim-fuzz-2'),
      value: fc.oneof(
        fc.constant(null),
        fc.record({ status: fc.constantFrom('running', 'completed', 'failed'), progress: fc.integer({ min: 0, max: 100 }), time_remaining_seconds: fc.integer({ min: -5, max: 900 }) }).map((o) => JSON.stringify(o)),
        fc.string(),
      ),
    }),
    { maxLength: 40 },
  );

  test.prop([scenarioArbitrary({ ...INTENDED, writers: { kind: 'any' }, errorPath: { kind: 'any' } }), foreign], { seed: 42, numRuns: 40 })(
    "(b) checkTrace is deterministic and other jobs' keys do not change this job's verdict",
    async (scenario, others) => {
      const run = await runScenario(scenario);
      const options = optionsOf(scenario);
      const first = checkTrace(run.trace, options);
      expect(checkTrace(run.trace, options)).toEqual(first);
      const mixed: TraceEvent[] = insertAll(
        run.trace,
        others.map((o) => [o.position % (run.trace.length + 1), { writer: o.writer, op: o.op, key: o.key, ...(o.op === 'del' ? {} : { value: o.value }) }] as const),
      );
      const again = checkTrace(mixed, options);
      expect(again.violations).toEqual(first.violations);
      expect(again.metrics).toEqual(first.metrics);
      expect(again.writers).toEqual(first.writers);
    },
  );

  test.prop([scenarioArbitrary(INTENDED)], { seed: 42, numRuns: 100 })('(c) the intended profile violates no gate invariant', async (scenario) => {
    const verdict = await runCase(scenario, { invariants: GATE_INVARIANTS, checkDeterminism: false });
    expect(verdict.kinds).toEqual([]);
  });
});
