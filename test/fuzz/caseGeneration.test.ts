import { createHash } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { caseSeed } from '../../src/7-orchestration/fuzz/caseSeed.js';
import { generateCase } from '../../src/7-orchestration/fuzz/generateCase.js';
import { INTENDED } from '../../src/7-orchestration/fuzz/GeneratorOptions.js';
import { scenarioArbitrary } from '../../src/7-orchestration/fuzz/scenarioArbitrary.js';
import { shrinkCase } from '../../src/7-orchestration/fuzz/shrinkCase.js';
import { traceHash } from '../../src/7-orchestration/fuzz/traceHash.js';
import type { Scenario } from '../../src/6-formats/scenario/Scenario.js';
import { runScenario } from '../../src/4-harness/runScenario.js';
import { formatTrace } from '../../src/0-trace/jsonl.js';

const arbitrary = scenarioArbitrary({ ...INTENDED, writers: { kind: 'any' } });

describe('case seeds', () => {
  test('depend on (seed, index) only, and neighbours differ', () => {
    expect(caseSeed(1, 0)).toBe(caseSeed(1, 0));
    const seeds = new Set(Array.from({ length: 10_000 }, (_, i) => caseSeed(1, i)));
    expect(seeds.size).toBeGreaterThan(9_990);
    expect(caseSeed(1, 5)).not.toBe(caseSeed(2, 5));
    for (const s of seeds) expect(Number.isInteger(s) && s >= -(2 ** 31) && s < 2 ** 31).toBe(true);
  });

  test('pinned values: a change here changes every campaign (and its reproduce commands)', () => {
    expect([caseSeed(1, 0), caseSeed(1, 1), caseSeed(-7, 123)]).toEqual([1541956410, -622628995, -515580123]);
  });
});

describe('generateCase and shrinkCase agree on the case', () => {
  test.prop([fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })], { seed: 42, numRuns: 200 })(
    "generateCase(seed) is the value fc.check tests first for that seed, which is what lets the main thread shrink a worker's case",
    async (seed) => {
      let first: Scenario | null = null;
      await fc.check(
        fc.asyncProperty(arbitrary, async (s) => {
          first ??= s;
          return true;
        }),
        { seed, numRuns: 1 },
      );
      expect(first).toStrictEqual(generateCase(arbitrary, seed));
    },
  );

  test('shrinkCase is deterministic and returns null for a case that does not fail', async () => {
    const failing = (s: Scenario) => s.stages.cpsat.clusters >= 3 && s.stages.cpsat.parallel >= 2;
    const fails = async (s: Scenario) => failing(s);
    const seedFailing = [...Array(500).keys()].find((i) => failing(generateCase(arbitrary, i)))!;
    const a = await shrinkCase(arbitrary, seedFailing, fails, 500);
    const b = await shrinkCase(arbitrary, seedFailing, fails, 500);
    expect(a).toStrictEqual(b);
    expect(a!.scenario.stages.cpsat).toMatchObject({ clusters: 3, parallel: 2 });
    expect(await shrinkCase(arbitrary, seedFailing, async () => false, 500)).toBeNull();
  });

  test('the run budget bounds shrinking', async () => {
    const seedFailing = [...Array(500).keys()].find((i) => generateCase(arbitrary, i).stages.cpsat.clusters > 50)!;
    const shrunk = await shrinkCase(arbitrary, seedFailing, async (s) => s.stages.cpsat.clusters > 0, 5);
    expect(shrunk!.runs).toBe(5);
    expect(shrunk!.budgetSpent).toBe(true);
  });
});

test('traceHash is sha256 of formatTrace', async () => {
  const s = generateCase(arbitrary, 3);
  const run = await runScenario(s);
  expect(traceHash(run.trace)).toBe(createHash('sha256').update(formatTrace(run.trace)).digest('hex'));
});
