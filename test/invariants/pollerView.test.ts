import { describe, expect, test } from 'vitest';
import { resolve } from 'node:path';
import { loadScenarioFile } from '../../src/6-formats/scenario/index.js';
import { runScenario } from '../../src/4-harness/runScenario.js';
import { jobTrace, pollerView } from '../../src/5-invariants/JobTrace.js';
import { VIRTUAL_EPOCH_MS } from '../../src/0-trace/TraceEvent.js';

// The checkers derive the poller's view from the writes alone (a capture has
// no page in it). On a simulated run that derived view must be exactly what
// the simulated page's poller read.
describe('the derived poller view equals the simulated poller\'s reads', () => {
  // (A write that lands on the very instant of a read from a timer set earlier, as an
  // injected error's fail() can, is the one tie the writes alone cannot order.)
  for (const name of ['intended-default', 'reported-bug', 'writer-ga-direct', 'cancel-during-ga', 'writer-rl-global-repair']) {
    test(name, async () => {
      const scenario = await loadScenarioFile(resolve('scenarios', `${name}.yaml`));
      const run = await runScenario(scenario);
      const reads = run.trace.filter((e) => e.op === 'get').map((e) => [Math.round(e.t * 1000 - VIRTUAL_EPOCH_MS), e.value]);
      const derived = pollerView(jobTrace(run.trace, run.jobId), 2).map((o) => [Math.round(o.atS * 1000), o.message.event.value]);
      expect(derived).toEqual(reads.filter(([, value]) => value !== null));
    });
  }
});
