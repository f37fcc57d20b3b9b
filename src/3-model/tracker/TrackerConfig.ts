import { DEFAULT_STAGE_TABLE, type StageSpec } from './stageTable.js';

/**
 * Every constant of the tracker, so that a scenario can override any of them.
 * Names carry their unit last (`tickMs`, `etaMaxS`).
 */
export interface TrackerConfig {
  /** The stage table in pipeline order. */
  readonly stages: readonly StageSpec[];
  /** Period of the background loop. */
  readonly tickMs: number;
  /** Fastest climb towards the target: 0.3 points per 0.5 s. */
  readonly stepPctPerS: number;
  /** Creep when the target is not above the current progress: 0.03 points per 0.5 s. */
  readonly creepPctPerS: number;
  /** Progress never passes this until complete() forces 100. */
  readonly progressCapPct: number;
  /** Once overtime starts, the time-based ratio approaches 1 - this, halving per expected duration. */
  readonly overtimeGapRatio: number;
  /** Above this progress the ETA is also bounded by elapsed × (100 − p) / p. */
  readonly nearEndPct: number;
  /** The smoothed ETA is recomputed only after this many seconds (or when it equals the raw value). */
  readonly etaGateS: number;
  /** Smoothing weight of the raw ETA when the last smoothing was less than `alphaSwitchS` ago. */
  readonly alphaFast: number;
  /** Smoothing weight after a longer gap. */
  readonly alphaSlow: number;
  readonly alphaSwitchS: number;
  /** Clamp of the shown ETA. */
  readonly etaMinS: number;
  readonly etaMaxS: number;
  /** A shown ETA more than this above the last one is refused (the last is shown again). */
  readonly etaRiseMaxS: number;
}

/** The tracker as shipped with the fix. */
export const DEFAULT_TRACKER_CONFIG: TrackerConfig = {
  stages: DEFAULT_STAGE_TABLE,
  tickMs: 500,
  stepPctPerS: 0.6,
  creepPctPerS: 0.06,
  progressCapPct: 98,
  overtimeGapRatio: 0.01,
  nearEndPct: 95,
  etaGateS: 1.5,
  alphaFast: 0.3,
  alphaSlow: 0.2,
  alphaSwitchS: 10,
  etaMinS: 1,
  etaMaxS: 900,
  etaRiseMaxS: 5,
};

/** The tracker's initial ETA when the service knows no hardware profile. */
export const NO_PROFILE_ESTIMATE_S = 35;
