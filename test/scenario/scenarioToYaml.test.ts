import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { defaultScenario, EMPTY_STAGES } from '../../src/6-formats/scenario/defaults.js';
import { LIMITS, RL_PROBLEM_CLUSTERS_REPAIRED_MAX } from '../../src/6-formats/scenario/limits.js';
import { parseScenarioText } from '../../src/6-formats/scenario/parseScenarioText.js';
import {
  INVARIANT_IDS,
  LEGACY_WRITERS,
  OUTCOMES,
  PROFILES,
  type ItemDurations,
  type Scenario,
} from '../../src/6-formats/scenario/Scenario.js';
import { scenarioToYaml } from '../../src/6-formats/scenario/scenarioToYaml.js';
import { DEFAULT_TRACKER_CONFIG } from '../../src/3-model/tracker/TrackerConfig.js';
import { DEFAULT_STAGE_TABLE } from '../../src/3-model/tracker/stageTable.js';

/** parse(scenarioToYaml(s)) must equal s, apart from the file it came from. */
function roundTrip(s: Scenario): Scenario {
  return parseScenarioText(scenarioToYaml(s), 'saved.yaml');
}

function expectRoundTrip(s: Scenario): void {
  expect(roundTrip(s)).toEqual({ ...s, file: 'saved.yaml' });
}

const every = (ms: ItemDurations): Scenario => defaultScenario({ name: 'dists', stages: { cpsat: { clusters: 3, clusterMs: ms } } });

describe('scenarioToYaml', () => {
  test('the default scenario', () => expectRoundTrip(defaultScenario()));

  test('every stage empty, every profile', () => {
    for (const profile of PROFILES) expectRoundTrip({ ...defaultScenario({ name: `p-${profile}`, profile }), stages: EMPTY_STAGES });
  });

  test.each<[string, ItemDurations]>([
    ['fixed', { kind: 'fixed', ms: 1234 }],
    ['list', { kind: 'list', ms: [1, 1100, 99_999] }],
    ['uniform', { kind: 'uniform', minMs: 100, maxMs: 2500 }],
    ['normal', { kind: 'normal', meanMs: 1200, sdMs: 300 }],
    ['lognormal', { kind: 'lognormal', medianMs: 1100, p95Ms: 4000 }],
    ['exponential', { kind: 'exponential', meanMs: 750 }],
  ])('per-item durations: %s', (_, ms) => expectRoundTrip(every(ms)));

  test('tracker overrides, checks, events, writers and error path', () => {
    const s = defaultScenario({
      name: 'everything',
      description: 'a: colon, "quotes", # hash, and a 0 → 7 min arrow',
      seed: -12345678901,
      estimatedTotalS: 35.25,
      tracker: {
        ...DEFAULT_TRACKER_CONFIG,
        tickMs: 250,
        etaMaxS: 1200,
        alphaFast: 0.45,
        stages: DEFAULT_STAGE_TABLE.map((r) => (r.name === 'ga' ? { ...r, startPct: 55, expectedS: 333.5, displayName: 'GA: "gen"' } : r)),
      },
      profile: 'shipped',
      writers: ['update_progress', 'cpsat_direct'],
      errorPath: 'published',
      stepTimeoutMs: 120_001,
      events: [
        { atMs: 150_500, kind: 'error', message: 'CP-SAT worker crashed: "OOM"' },
        { atMs: 1, kind: 'cancel' },
      ],
      checks: { ...defaultScenario().checks, etaStuckMaxS: 60, progressLeapMaxPct: 10, pollMs: 1500 },
      expect: { outcome: 'failed', violations: ['silent-end', 'eta-jump'] },
    });
    expectRoundTrip(s);
  });

  test("the repository's scenarios", () => {
    for (const f of readdirSync('scenarios').filter((n) => n.endsWith('.yaml'))) {
      const s = parseScenarioText(readFileSync(`scenarios/${f}`, 'utf8'), `scenarios/${f}`);
      expectRoundTrip(s);
    }
  });

  test('the output is readable: one line per stage, durations in seconds', () => {
    const text = scenarioToYaml(defaultScenario());
    expect(text).toContain('  cpsat: { clusters: 294, parallel: 2, cluster_s: { dist: lognormal, median: 1.5, p95: 5 } }\n');
    expect(text).toContain('writers: []\n');
    expect(text).toContain('error_path: published\n');
  });
});

/** Resolved scenarios inside the format's bounds, as a fuzzer could build them. */
const msArb = fc.integer({ min: 0, max: 3_600_000 });
const itemsArb = (count: number): fc.Arbitrary<ItemDurations> =>
  fc.oneof(
    msArb.map((ms) => ({ kind: 'fixed' as const, ms })),
    fc.array(msArb, { minLength: count, maxLength: count }).map((ms) => ({ kind: 'list' as const, ms })),
    fc.tuple(msArb, msArb).map(([a, b]) => ({ kind: 'uniform' as const, minMs: Math.min(a, b), maxMs: Math.max(a, b) })),
    fc.tuple(msArb, msArb).map(([meanMs, sdMs]) => ({ kind: 'normal' as const, meanMs, sdMs })),
    fc.tuple(msArb, msArb).map(([a, b]) => ({ kind: 'lognormal' as const, medianMs: Math.min(a, b), p95Ms: Math.max(a, b) })),
    msArb.map((meanMs) => ({ kind: 'exponential' as const, meanMs })),
  );
const secondsArb = fc.double({ min: 0, max: LIMITS.durationSMax, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x));

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    clusters: fc.integer({ min: 0, max: 40 }),
    generations: fc.integer({ min: 0, max: 40 }),
    problemClusters: fc.integer({ min: 0, max: 30 }),
    episodes: fc.integer({ min: 0, max: 40 }),
  })
  .chain((n) =>
    fc.record({
      name: fc.stringMatching(/^[a-z0-9-]{1,20}$/),
      description: fc.string({ maxLength: 60 }),
      seed: fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
      estimatedTotalS: secondsArb,
      etaRange: fc.tuple(secondsArb, secondsArb),
      startEnd: fc.tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true })),
      profile: fc.constantFrom(...PROFILES),
      writers: fc.subarray([...LEGACY_WRITERS]),
      errorPath: fc.constantFrom('published' as const, 'silent' as const),
      stepTimeoutMs: fc.integer({ min: 1, max: 3_600_000 }),
      loadMs: msArb,
      cpsat: fc.record({ clusters: fc.constant(n.clusters), parallel: fc.integer({ min: 1, max: 8 }), clusterMs: itemsArb(n.clusters) }),
      ga: fc.record({ generations: fc.constant(n.generations), generationMs: itemsArb(n.generations) }),
      rl: fc.record({
        path: fc.constantFrom('global' as const, 'fallback' as const, 'skip' as const),
        conflicts: fc.integer({ min: 0, max: 2000 }),
        problemClusters: fc.constant(n.problemClusters),
        clusterMs: itemsArb(Math.min(RL_PROBLEM_CLUSTERS_REPAIRED_MAX, n.problemClusters)),
        episodes: fc.constant(n.episodes),
        batch: fc.integer({ min: 1, max: 16 }),
        episodeMs: itemsArb(n.episodes),
      }),
      events: fc.array(
        fc.oneof(
          msArb.map((atMs) => ({ atMs, kind: 'cancel' as const })),
          fc.tuple(msArb, fc.string({ minLength: 1, maxLength: 30 })).map(([atMs, message]) => ({ atMs, kind: 'error' as const, message })),
        ),
        { maxLength: 4 },
      ),
      etaStuckMaxS: fc.option(secondsArb),
      outcome: fc.constantFrom(...OUTCOMES),
      violations: fc.subarray([...INVARIANT_IDS]),
    }),
  )
  .map((r) => {
    const base = defaultScenario();
    return {
      ...base,
      name: r.name,
      description: r.description,
      seed: r.seed,
      estimatedTotalS: r.estimatedTotalS,
      tracker: {
        ...DEFAULT_TRACKER_CONFIG,
        etaMinS: Math.min(...r.etaRange),
        etaMaxS: Math.max(...r.etaRange),
        stages: DEFAULT_TRACKER_CONFIG.stages.map((row) =>
          row.name === 'rl' ? { ...row, startPct: Math.min(...r.startEnd), endPct: Math.max(...r.startEnd) } : row,
        ),
      },
      profile: r.profile,
      writers: r.writers,
      errorPath: r.errorPath,
      stepTimeoutMs: r.stepTimeoutMs,
      stages: { ...base.stages, loadData: { durationMs: r.loadMs }, cpsat: r.cpsat, ga: r.ga, rl: r.rl },
      events: r.events,
      checks: { ...base.checks, etaStuckMaxS: r.etaStuckMaxS },
      expect: { outcome: r.outcome, violations: r.violations },
    };
  });

test('property: every resolved scenario within bounds round-trips', () => {
  fc.assert(
    fc.property(scenarioArb, (s) => {
      expect(roundTrip(s)).toEqual({ ...s, file: 'saved.yaml' });
    }),
    { seed: 20240601, numRuns: 200 },
  );
});
