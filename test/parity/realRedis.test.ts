import { describe, expect, test } from 'vitest';
import { resolve } from 'node:path';
import { loadScenarioFile } from '../../src/6-formats/scenario/index.js';
import { runScenario } from '../../src/4-harness/runScenario.js';
import { formatTrace } from '../../src/0-trace/jsonl.js';
import { checkTrace, violatedIds } from '../../src/5-invariants/checkTrace.js';

// A real redis-server: .ci/run starts one on a loopback port and exports
// ETASIM_REDIS_URL. Outside CI the tests are skipped when it is not set;
// in CI a missing server is a failure, not a skip.
const url = process.env['ETASIM_REDIS_URL'];
const inCi = Boolean(process.env['CI']);

describe.skipIf(!url && !inCi)('embedded mock and a real redis-server give the same trace', () => {
  test('ETASIM_REDIS_URL is set', () => {
    expect(url, 'CI must start redis-server and export ETASIM_REDIS_URL').toBeTruthy();
  });

  const files = ['fault-latency', 'fault-tracker-errors', 'intended-default', 'reported-bug', 'shipped-ga-still-writes', 'cancel-during-ga', 'stage-error-silent', 'stage-timeout-published'];
  for (const name of files) {
    test(name, async () => {
      const scenario = await loadScenarioFile(resolve('scenarios', `${name}.yaml`));
      const mock = await runScenario(scenario);
      const real = await runScenario(scenario, { redisUrl: url! });
      expect(real.outcome).toBe(mock.outcome);
      expect(formatTrace(real.trace)).toBe(formatTrace(mock.trace));
      expect(real.received).toEqual(mock.received);
      const checks = { checks: scenario.checks, stages: scenario.tracker.stages };
      expect(violatedIds(checkTrace(real.trace, checks).violations)).toEqual([...scenario.expect.violations].sort());
    });
  }
});
