import { etaFigures } from './figures.js';
import type { RuleContext } from './RuleContext.js';

/**
 * Measures of the ETA's quality, gated only where a scenario sets a
 * threshold. Each is the value of one figure (`figures.ts`), the same one
 * the opt-in gates read; definitions in docs/figures.md.
 */
export interface EtaMetrics {
  /** Progress writes and publishes of the job. */
  readonly messages: number;
  /** Longest time the poller saw one ETA value while the job ran. */
  readonly eta_stuck_max_s: number;
  /** Longest time the poller saw one progress value while the job ran (a still progress bar). */
  readonly progress_stuck_max_s: number;
  /** Largest rise of the ETA a user saw between two consecutive observations, on either view of the page. */
  readonly eta_rise_max_s: number;
  /** Largest rise of progress between two consecutive observations of one view. */
  readonly progress_leap_max_pct: number;
  /** Mean absolute error of the polled ETA against the true remaining time; null unless the job completed. */
  readonly eta_mae_s: number | null;
  /** Largest absolute error of the polled ETA; null unless the job completed. */
  readonly eta_error_max_s: number | null;
  /** When the job ended (its first terminal message), seconds since start; null when it never did. */
  readonly end_s: number | null;
}

/** The metrics of a run that produced no trace (it stopped, or was not run). */
export const NO_ETA_METRICS: EtaMetrics = {
  messages: 0,
  eta_stuck_max_s: 0,
  progress_stuck_max_s: 0,
  eta_rise_max_s: 0,
  progress_leap_max_pct: 0,
  eta_mae_s: null,
  eta_error_max_s: null,
  end_s: null,
};

/** The metrics of one job, read from its figures. */
export function etaMetrics(ctx: RuleContext): EtaMetrics {
  const f = etaFigures(ctx);
  return {
    messages: ctx.job.writes.length,
    eta_stuck_max_s: f.eta_stuck_max_s.value,
    progress_stuck_max_s: f.progress_stuck_max_s.value,
    eta_rise_max_s: f.eta_rise_max_s.value,
    progress_leap_max_pct: f.progress_leap_max_pct.value,
    eta_mae_s: f.eta_mae_s?.value ?? null,
    eta_error_max_s: f.eta_error_max_s?.value ?? null,
    end_s: ctx.job.firstTerminal?.atS ?? null,
  };
}
