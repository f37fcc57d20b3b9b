import { DEFAULT_TRACKER_CONFIG } from '../../3-model/tracker/TrackerConfig.js';
import { PROFILE_ERROR_PATH, PROFILE_WRITERS } from '../../3-model/pipeline/profiles.js';
import { DEFAULT_CHECKS } from '../../5-invariants/CheckOptions.js';
import type { Scenario, StagePlan } from './Scenario.js';

export { POLL_MS } from '../../2-wire/page.js';
export { DEFAULT_CHECKS } from '../../5-invariants/CheckOptions.js';

/**
 * A run shaped like the public logs, about 690 virtual seconds (CP-SAT ≈ 450 s over 294 clusters): the default
 * scenario of `bench` and the base the tests vary.
 */
export const DEFAULT_STAGES: StagePlan = {
  loadData: { durationMs: 35_000 },
  clustering: { durationMs: 21_000 },
  cpsat: { clusters: 294, parallel: 2, clusterMs: { kind: 'lognormal', medianMs: 1500, p95Ms: 5000 } },
  ga: { generations: 18, generationMs: { kind: 'fixed', ms: 9700 } },
  rl: {
    path: 'fallback',
    conflicts: 40,
    problemClusters: 10,
    clusterMs: { kind: 'fixed', ms: 1000 },
    episodes: 120,
    batch: 8,
    episodeMs: { kind: 'fixed', ms: 80 },
  },
  finalize: { durationMs: 500 },
};

/** The stage plan of a file that names no stage: every stage takes 0 s. */
export const EMPTY_STAGES: StagePlan = {
  loadData: { durationMs: 0 },
  clustering: { durationMs: 0 },
  cpsat: { clusters: 0, parallel: 2, clusterMs: { kind: 'fixed', ms: 0 } },
  ga: { generations: 0, generationMs: { kind: 'fixed', ms: 0 } },
  rl: {
    path: 'skip',
    conflicts: 0,
    problemClusters: 0,
    clusterMs: { kind: 'fixed', ms: 0 },
    episodes: 0,
    batch: 8,
    episodeMs: { kind: 'fixed', ms: 0 },
  },
  finalize: { durationMs: 0 },
};

/** Changes to the default scenario; stages merge per stage. */
export type ScenarioOverrides = Partial<Omit<Scenario, 'stages'>> & { stages?: Partial<{ [K in keyof StagePlan]: Partial<StagePlan[K]> }> };

/** The default scenario (intended profile, about 700 s), with `overrides` applied and the profile's writers and error path unless given. */
export function defaultScenario(overrides: ScenarioOverrides = {}): Scenario {
  const profile = overrides.profile ?? 'intended';
  const stages = { ...DEFAULT_STAGES } as Record<keyof StagePlan, unknown>;
  for (const [key, value] of Object.entries(overrides.stages ?? {})) {
    const k = key as keyof StagePlan;
    stages[k] = { ...(DEFAULT_STAGES[k] as object), ...(value as object) };
  }
  return {
    name: 'default',
    description: 'a run shaped like the public logs',
    file: null,
    seed: 1,
    estimatedTotalS: 720,
    tracker: DEFAULT_TRACKER_CONFIG,
    stepTimeoutMs: 900_000,
    events: [],
    checks: DEFAULT_CHECKS,
    expect: { outcome: 'completed', violations: [] },
    ...overrides,
    profile,
    writers: overrides.writers ?? PROFILE_WRITERS[profile],
    errorPath: overrides.errorPath ?? PROFILE_ERROR_PATH[profile],
    stages: stages as unknown as StagePlan,
  };
}
