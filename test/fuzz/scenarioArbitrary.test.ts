import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { PROFILE_ERROR_PATH, PROFILE_WRITERS } from '../../src/3-model/pipeline/profiles.js';
import { INTENDED, type GeneratorOptions } from '../../src/7-orchestration/fuzz/GeneratorOptions.js';
import { scenarioArbitrary } from '../../src/7-orchestration/fuzz/scenarioArbitrary.js';
import { parseScenarioText, scenarioToYaml, LIMITS } from '../../src/6-formats/scenario/index.js';
import { LEGACY_WRITERS, PROFILES, type Scenario } from '../../src/6-formats/scenario/Scenario.js';

/** Every generator configuration a campaign can ask for. */
const anyOptions: fc.Arbitrary<GeneratorOptions> = fc.record({
  profile: fc.constantFrom(...PROFILES),
  writers: fc.oneof(
    fc.constant({ kind: 'profile' as const }),
    fc.constant({ kind: 'any' as const }),
    fc.subarray([...LEGACY_WRITERS]).map((writers) => ({ kind: 'exactly' as const, writers })),
  ),
  errorPath: fc.oneof(
    fc.constant({ kind: 'profile' as const }),
    fc.constant({ kind: 'any' as const }),
    fc.constantFrom('published' as const, 'silent' as const).map((errorPath) => ({ kind: 'exactly' as const, errorPath })),
  ),
});

const withScenario = anyOptions.chain((options) => scenarioArbitrary(options).map((scenario) => ({ options, scenario })));

function roundTrip(s: Scenario): Scenario {
  return parseScenarioText(scenarioToYaml(s), 'generated.yaml');
}

describe('scenarioArbitrary', () => {
  test.prop([scenarioArbitrary(INTENDED)], { seed: 42, numRuns: 300 })('intended scenarios survive scenario → YAML → scenario', (s) => {
    expect(roundTrip(s)).toStrictEqual({ ...s, file: 'generated.yaml' });
  });

  test.prop([withScenario], { seed: 42, numRuns: 300 })('every configuration gives valid scenarios that round-trip', ({ scenario }) => {
    expect(roundTrip(scenario)).toStrictEqual({ ...scenario, file: 'generated.yaml' });
  });

  test.prop([withScenario], { seed: 43, numRuns: 300 })('respects the chosen profile, writers and error path', ({ options, scenario }) => {
    expect(scenario.profile).toBe(options.profile);
    if (options.writers.kind === 'profile') expect(scenario.writers).toEqual(PROFILE_WRITERS[options.profile]);
    if (options.writers.kind === 'exactly') expect(scenario.writers).toEqual(options.writers.writers);
    if (options.errorPath.kind === 'profile') expect(scenario.errorPath).toBe(PROFILE_ERROR_PATH[options.profile]);
    if (options.errorPath.kind === 'exactly') expect(scenario.errorPath).toBe(options.errorPath.errorPath);
  });

  test.prop([scenarioArbitrary(INTENDED)], { seed: 44, numRuns: 300 })('stays inside the format limits and the tracker envelope', (s) => {
    expect(s.stages.cpsat.clusters).toBeLessThanOrEqual(LIMITS.clustersMax);
    expect(s.stages.cpsat.parallel).toBeGreaterThanOrEqual(1);
    expect(s.stages.cpsat.parallel).toBeLessThanOrEqual(8);
    expect(s.events.length).toBeLessThanOrEqual(3);
    expect(s.estimatedTotalS).toBeGreaterThan(0);
    expect(s.tracker.etaMinS).toBeGreaterThanOrEqual(1);
    expect(s.tracker.etaRiseMaxS).toBeLessThanOrEqual(s.checks.etaRiseMaxS);
    expect(s.tracker.tickMs).toBeGreaterThanOrEqual(100);
    const rows = s.tracker.stages;
    for (let i = 0; i < rows.length; i++) {
      expect(rows[i]!.startPct).toBeLessThanOrEqual(rows[i]!.endPct);
      if (i > 0) expect(rows[i - 1]!.endPct).toBeLessThanOrEqual(rows[i]!.startPct);
    }
  });

  test('swarm: over many cases each feature is sometimes off and sometimes on', () => {
    const cases = fc.sample(scenarioArbitrary({ ...INTENDED, writers: { kind: 'any' } }), { seed: 7, numRuns: 500 });
    const share = (p: (s: Scenario) => boolean): number => cases.filter(p).length / cases.length;
    const features: Record<string, (s: Scenario) => boolean> = {
      'no cpsat clusters': (s) => s.stages.cpsat.clusters === 0,
      'no ga generations': (s) => s.stages.ga.generations === 0,
      'rl skipped': (s) => s.stages.rl.path === 'skip',
      'no events': (s) => s.events.length === 0,
      'the shipped tracker': (s) => s.tracker.tickMs === 500 && s.tracker.stepPctPerS === 0.6,
      'the default timeout': (s) => s.stepTimeoutMs === 900_000,
      'estimate of 35 s': (s) => s.estimatedTotalS === 35,
      'no legacy writer': (s) => s.writers.length === 0,
      'more than 200 clusters': (s) => s.stages.cpsat.clusters > 200,
      'a stage far past its expectation (load > 15 s)': (s) => s.stages.loadData.durationMs > 15_000,
    };
    for (const [name, p] of Object.entries(features)) {
      const x = share(p);
      expect(x, name).toBeGreaterThan(0.01);
      expect(x, name).toBeLessThan(0.99);
    }
    // Typical cases stay small: most campaigns' time goes to cases of a few hundred items at most.
    expect(share((s) => s.stages.cpsat.clusters < 200)).toBeGreaterThan(0.85);
  });
});
