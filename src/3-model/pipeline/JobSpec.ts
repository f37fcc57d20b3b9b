import type { TrackerConfig } from '../tracker/TrackerConfig.js';
import type { LegacyWriter } from '../../2-wire/writers.js';
import type { RedisFault } from '../redis/RedisFault.js';

export * from '../../2-wire/writers.js';
export * from '../redis/RedisFault.js';

/** Versions of the real service (system.md, "Profiles"). */
export const PROFILES = ['intended', 'shipped', 'pre-fix'] as const;
export type Profile = (typeof PROFILES)[number];

/** How a stage error or a step timeout ends: a published terminal message, or only the tracker's unpublished fail(). */
export type ErrorPath = 'published' | 'silent';

/** How a job ends. */
export const OUTCOMES = ['completed', 'cancelled', 'failed', 'timed_out'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Durations of a stage's items, resolved: `fixed` (every item alike), `list`
 * (replayed in order) or a seeded distribution. All in milliseconds.
 */
export type ItemDurations =
  | { readonly kind: 'fixed'; readonly ms: number }
  | { readonly kind: 'list'; readonly ms: readonly number[] }
  | { readonly kind: 'uniform'; readonly minMs: number; readonly maxMs: number }
  | { readonly kind: 'normal'; readonly meanMs: number; readonly sdMs: number }
  | { readonly kind: 'lognormal'; readonly medianMs: number; readonly p95Ms: number }
  | { readonly kind: 'exponential'; readonly meanMs: number };

/** What really happens in each stage. A stage left out of the file takes 0 s. */
export interface StagePlan {
  readonly loadData: { readonly durationMs: number };
  readonly clustering: { readonly durationMs: number };
  readonly cpsat: { readonly clusters: number; readonly parallel: number; readonly clusterMs: ItemDurations };
  readonly ga: { readonly generations: number; readonly generationMs: ItemDurations };
  readonly rl: {
    readonly path: 'global' | 'fallback' | 'skip';
    /** Conflicts after GA, capped at 1000; fewer than 10 skips RL. */
    readonly conflicts: number;
    /** Global path: problem clusters repaired (at most 10). */
    readonly problemClusters: number;
    readonly clusterMs: ItemDurations;
    /** Fallback path: episodes (default min(200, conflicts × 3)), reported per batch. */
    readonly episodes: number;
    readonly batch: number;
    readonly episodeMs: ItemDurations;
  };
  readonly finalize: { readonly durationMs: number };
}

/** Something that happens at a virtual time, from outside the pipeline (Redis faults are listed apart, in `faults`). */
export type ScenarioEvent =
  | { readonly atMs: number; readonly kind: 'cancel' }
  | { readonly atMs: number; readonly kind: 'error'; readonly message: string };

/**
 * What the model runs: a scenario's job, every default applied, times in
 * integer milliseconds. The scenario format adds its checks and expectation
 * on top (formats/scenario/Scenario.ts).
 */
export interface JobSpec {
  readonly name: string;
  readonly description: string;
  /** The file it came from, when it came from one. */
  readonly file: string | null;
  readonly seed: number;
  readonly estimatedTotalS: number;
  readonly tracker: TrackerConfig;
  readonly profile: Profile;
  readonly writers: readonly LegacyWriter[];
  readonly errorPath: ErrorPath;
  readonly stepTimeoutMs: number;
  readonly stages: StagePlan;
  readonly events: readonly ScenarioEvent[];
  /** Redis faults (written under `events:` in a file); absent: none. */
  readonly faults?: readonly RedisFault[];
}
