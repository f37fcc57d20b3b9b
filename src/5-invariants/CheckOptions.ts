import { POLL_MS } from '../2-wire/page.js';

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

/** The contract's tolerances; the opt-in gates off. */
export const DEFAULT_CHECKS: CheckOptions = {
  etaRiseMaxS: 5,
  etaRiseAtGaMaxS: 0,
  progressDropMaxPct: 0.5,
  pollMs: POLL_MS,
  etaStuckMaxS: null,
  progressLeapMaxPct: null,
  etaMaeMaxS: null,
};
