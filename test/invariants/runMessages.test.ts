import { expect, test } from 'vitest';
import { runScenario } from '../../src/4-harness/runScenario.js';
import { checkTrace } from '../../src/5-invariants/checkTrace.js';
import { loadScenarioPaths } from '../../src/6-formats/scenario/load.js';

/**
 * A run notes what the messages its own code built say (RunResult.messages),
 * so that checking it does not parse them back: the check must find exactly
 * what parsing every message finds.
 */
test("checking a run with its own notes of its messages finds what parsing them finds (tracker, CP-SAT info, legacy writers')", async () => {
  const { scenarios } = await loadScenarioPaths(['scenarios'], { cwd: process.cwd() });
  for (const name of ['reported-bug', 'writer-ga-direct', 'cancel-during-cpsat', 'fault-tracker-errors']) {
    const s = scenarios.find((x) => x.name === name)!;
    const run = await runScenario(s);
    const written = new Set(run.trace.filter((e) => e.op !== 'get' && e.value != null).map((e) => e.value!));
    // Nearly every text written is noted (the few others, the submission's and the terminal ones, are parsed;
    // a refused write's text is noted and never read).
    expect([...written].filter((text) => run.messages.has(text)).length, name).toBeGreaterThan(0.9 * written.size);
    const options = { checks: s.checks, stages: s.tracker.stages, spans: run.spans };
    const parsed = checkTrace(run.trace, options);
    expect(checkTrace(run.trace, { ...options, messages: run.messages }), name).toEqual(parsed);
  }
});
