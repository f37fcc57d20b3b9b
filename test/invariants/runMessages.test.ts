import { expect, test } from 'vitest';
import { runScenario } from '../../src/4-harness/runScenario.js';
import { checkTrace } from '../../src/5-invariants/checkTrace.js';
import { jobTrace } from '../../src/5-invariants/JobTrace.js';
import { loadScenarioPaths } from '../../src/6-formats/scenario/load.js';

/**
 * A run notes what the messages its own code built say (RunResult.messageNotes),
 * so that checking it does not parse them back: every message must read as
 * parsing it reads, and the check must find what parsing finds.
 */
test("a run's notes of its messages read as parsing them reads, and the check finds the same (tracker, CP-SAT info, legacy writers')", async () => {
  const { scenarios } = await loadScenarioPaths(['scenarios'], { cwd: process.cwd() });
  for (const name of ['reported-bug', 'writer-ga-direct', 'cancel-during-cpsat', 'fault-tracker-errors', 'real-slow-run']) {
    const s = scenarios.find((x) => x.name === name)!;
    const run = await runScenario(s);
    const notes = run.messageNotes;
    const noted = new Map(notes);
    const written = new Set(run.trace.filter((e) => e.op !== 'get' && e.value != null).map((e) => e.value!));
    // Nearly every text written is noted (the few others, the submission's and the terminal ones, are parsed;
    // a refused write's text is noted and never read).
    expect([...written].filter((text) => notes.has(text)).length, name).toBeGreaterThan(0.9 * written.size);
    // Every field of every message, its stage and ETA included.
    expect(jobTrace(run.trace, run.jobId, notes).writes, name).toEqual(jobTrace(run.trace, run.jobId).writes);
    // With the run's spans and without them (then the per-stage rules read each message's stage).
    for (const options of [{ checks: s.checks, stages: s.tracker.stages, spans: run.spans }, { checks: s.checks, stages: s.tracker.stages }]) {
      expect(checkTrace(run.trace, { ...options, messageNotes: notes }), name).toEqual(checkTrace(run.trace, options));
    }
    // Reading them leaves them as the run made them.
    expect(notes, name).toEqual(noted);
  }
});
