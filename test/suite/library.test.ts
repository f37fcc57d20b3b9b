import { describe, expect, test } from 'vitest';
import { resolve } from 'node:path';
import { loadScenarioPaths } from '../../src/6-formats/scenario/index.js';
import { runSuite } from '../../src/7-orchestration/suite/runSuite.js';
import { violatedIds } from '../../src/5-invariants/checkTrace.js';
import type { ScenarioResult } from '../../src/7-orchestration/suite/ScenarioResult.js';

// The scenario library is the gate's own regression suite: every file meets
// its expectation, and every scenario that switches a legacy writer on (or
// runs a buggy profile) is caught by at least one invariant.
describe('scenarios/', async () => {
  const loaded = await loadScenarioPaths([resolve('scenarios')]);
  const results = await runSuite(loaded.scenarios, { saveTrace: null, cwd: process.cwd() });
  const byName = new Map<string, ScenarioResult>(results.map((r) => [r.name, r]));

  test('loads without errors', () => {
    expect(loaded.errors).toEqual([]);
    expect(loaded.scenarios.length).toBeGreaterThanOrEqual(30);
  });

  for (const r of results) {
    test(`${r.name} meets its expectation`, () => {
      expect({ outcome: r.outcome, violations: violatedIds(r.violations) }).toEqual({
        outcome: r.expected.outcome,
        violations: [...r.expected.violations].sort(),
      });
    });
  }

  test('every legacy writer and buggy profile is caught', () => {
    const buggy = results.filter((r) => r.scenario.writers.length > 0);
    expect(buggy.length).toBeGreaterThanOrEqual(8);
    for (const r of buggy) expect(violatedIds(r.violations), r.name).toContain('single-writer');
  });

  test('the reported bug: 0 from cpsat_direct, then ~8 min from the tracker at the CP-SAT → GA transition', () => {
    const jump = byName.get('reported-bug')!.violations.find((v) => v.invariant === 'eta-jump' && v.message.includes('CP-SAT → GA'));
    expect(jump).toBeDefined();
    expect(jump!.message).toMatch(/^ETA rose from 0 s \(cpsat_direct\) to (\d+) s \(tracker\)/);
    const to = Number(/to (\d+) s/.exec(jump!.message)![1]);
    expect(to).toBeGreaterThan(420);
    expect(to).toBeLessThan(540);
  });

  test('the silent error path is caught by silent-end and the published one is not', () => {
    for (const kind of ['error', 'timeout']) {
      expect(violatedIds(byName.get(`stage-${kind}-silent`)!.violations)).toEqual(['silent-end']);
      expect(violatedIds(byName.get(`stage-${kind}-published`)!.violations)).toEqual([]);
    }
  });
});
