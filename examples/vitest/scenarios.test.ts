/**
 * How a repository tests its tracker with etasim: one line per scenario.
 * In that repository the imports are `etasim` and `etasim/vitest` exactly as
 * here (this repository maps them to src/, see vitest.config.ts), and paths
 * are relative to the project root, so `{ cwd }` is not needed there.
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { loadScenario, runScenario } from 'etasim';
import { expectScenario, ScenarioAssertionError } from 'etasim/vitest';

const cwd = fileURLToPath(new URL('.', import.meta.url));

test('no ETA jump when the tracker writes alone', () => expectScenario('scenarios/tracker-alone.yaml', { cwd }).toMeetExpectation());

test('a failing scenario throws its violations and the command that replays it', async () => {
  const failure = expectScenario('scenarios/legacy-writer.yaml', { cwd }).toMeetExpectation();
  await expect(failure).rejects.toThrow(ScenarioAssertionError);
  await expect(failure).rejects.toThrow(/found but not expected: .*single-writer/);
  await expect(failure).rejects.toThrow(/replay: npx etasim run scenarios\/legacy-writer\.yaml --seed 7$/);
});

test('the API returns data: the result of a run', async () => {
  const scenario = await loadScenario('scenarios/legacy-writer.yaml', { cwd });
  const result = await runScenario(scenario, { cwd });
  expect(result.ok).toBe(false);
  expect(result.violations.map((v) => v.invariant)).toContain('single-writer');
  expect(result.metrics.simulated_s).toBeGreaterThan(0);
});
