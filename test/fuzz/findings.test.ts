import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { GATE_INVARIANTS } from '../../src/7-orchestration/fuzz/FindingKind.js';
import { runCase } from '../../src/7-orchestration/fuzz/runCase.js';
import { parseScenarioText } from '../../src/6-formats/scenario/index.js';

/*
 * Open findings of `etasim fuzz` on the intended profile, saved as the
 * regression scenarios the fuzzer writes (expect: the fixed behaviour). Each
 * test pins that the finding still reproduces. When a model change fixes
 * one, its test fails here: move the file into scenarios/ (where `etasim
 * run` will then pass on it) and delete its row.
 */

const dir = fileURLToPath(new URL('./findings/', import.meta.url));
const expected: Readonly<Record<string, readonly string[]>> = {
  'fuzz-eta-jump-s3-c4212.yaml': ['eta-jump'],
  'fuzz-eta-jump-s2-c6927.yaml': ['eta-jump'],
};

describe('open fuzz findings on the intended profile', () => {
  test('every saved finding has a row here', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()).toEqual(Object.keys(expected).sort());
  });

  test.each(Object.entries(expected))('%s still shows %j (fixed: move it to scenarios/)', async (file, kinds) => {
    const scenario = parseScenarioText(readFileSync(dir + file, 'utf8'), file);
    expect(scenario.profile).toBe('intended');
    expect(scenario.writers).toEqual([]);
    expect(scenario.expect.violations).toEqual([]);
    const verdict = await runCase(scenario, { invariants: GATE_INVARIANTS, checkDeterminism: false });
    expect(verdict.outcome).toBe(scenario.expect.outcome);
    expect(verdict.kinds).toEqual(kinds);
  });
});
