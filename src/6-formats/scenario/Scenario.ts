import type { TrackerConfig } from '../../3-model/tracker/TrackerConfig.js';

/** Versions of the real service (system.md, "Profiles"). */
export const PROFILES = ['intended', 'shipped', 'pre-fix'] as const;
export type Profile = (typeof PROFILES)[number];

/** Progress writers other than the tracker that the fix removed (or missed). */
export const LEGACY_WRITERS = ['cpsat_direct', 'update_progress', 'rl_fallback', 'rl_global_repair', 'ga_direct'] as const;
export type LegacyWriter = (typeof LEGACY_WRITERS)[number];

/** How a stage error or a step timeout ends: a published terminal message, or only the tracker's unpublished fail(). */
export type ErrorPath = 'published' | 'silent';

/** How a job ends. */
export const OUTCOMES = ['completed', 'cancelled', 'failed', 'timed_out'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The contract's stable invariant ids: every run is gated on these. */
export const GATE_INVARIANT_IDS = [
  'eta-zero-mid-run',
  'eta-jump',
  'single-writer',
  'progress-regression',
  'write-after-terminal',
  'silent-end',
] as const;

/** Measured on every run; they gate only where a scenario sets a threshold under `checks:`. */
export const OPT_IN_INVARIANT_IDS = ['eta-stuck', 'progress-leap', 'eta-error'] as const;

/** Every invariant id: the contract's, then the opt-in gates. */
export const INVARIANT_IDS = [...GATE_INVARIANT_IDS, ...OPT_IN_INVARIANT_IDS] as const;
export type InvariantId = (typeof INVARIANT_IDS)[number];

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

/** Redis faults a scenario can inject for a window of virtual time. */
export const REDIS_FAULTS = ['errors', 'latency', 'disconnect', 'drop_messages'] as const;
export type RedisFaultKind = (typeof REDIS_FAULTS)[number];

/** The components that talk to Redis, each on its own connection(s): what a fault can target. */
export const COMPONENTS = ['api', 'saga', 'tracker', 'cancel_api', 'poller', 'subscriber', ...LEGACY_WRITERS] as const;
export type Component = (typeof COMPONENTS)[number];

/** A Redis fault: from `atMs` for `durationMs`, on `components` (all when empty). */
export interface RedisFault {
  readonly atMs: number;
  readonly kind: 'fault';
  readonly fault: RedisFaultKind;
  readonly durationMs: number;
  /** Added to every command in the window (`latency` only). */
  readonly latencyMs: number;
  readonly components: readonly Component[];
}

/** Something that happens at a virtual time, from outside the pipeline (Redis faults are listed apart, in `faults`). */
export type ScenarioEvent =
  | { readonly atMs: number; readonly kind: 'cancel' }
  | { readonly atMs: number; readonly kind: 'error'; readonly message: string };

/** Tolerances and thresholds of the checkers, per scenario. */
export interface CheckOptions {
  /** eta-jump: largest allowed rise between two observations. */
  readonly etaRiseMaxS: number;
  /** eta-jump at the CP-SAT → GA transition ("same or lower"). */
  readonly etaRiseAtGaMaxS: number;
  /** progress-regression: largest allowed drop, in points. */
  readonly progressDropMaxPct: number;
  /** The web page's poll period. */
  readonly pollMs: number;
  /** eta-stuck gates only when set: longest time the shown ETA may stay the same while the job runs. */
  readonly etaStuckMaxS: number | null;
  /** progress-leap gates only when set: largest rise between two consecutive observations. */
  readonly progressLeapMaxPct: number | null;
  /** eta-error gates only when set: largest mean absolute ETA error against the true remaining time. */
  readonly etaMaeMaxS: number | null;
}

/** What the scenario expects. `ok` means the outcome and the set of violated invariants equal these. */
export interface Expectation {
  readonly outcome: Outcome;
  readonly violations: readonly InvariantId[];
  /** Whether the job reaches a terminal message once faults stop (absent: true). */
  readonly liveness?: boolean;
}

/** A scenario with every default applied, times in integer milliseconds: what the simulator takes. */
export interface Scenario {
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
  readonly checks: CheckOptions;
  readonly expect: Expectation;
}
