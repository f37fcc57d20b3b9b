import { isRunning, isTerminal, round3 } from '../2-wire/ProgressMessage.js';
import type { Observation } from './JobTrace.js';
import type { RuleContext } from './RuleContext.js';

/** Measures of the ETA's quality, gated only where a scenario sets a threshold. */
export interface EtaMetrics {
  /** Progress writes and publishes of the job. */
  readonly messages: number;
  /** Longest time the poller saw one ETA value while the job ran. */
  readonly eta_stuck_max_s: number;
  /** Largest rise of progress between two consecutive observations of one view. */
  readonly progress_leap_max_pct: number;
  /** Mean absolute error of the polled ETA against the true remaining time; null unless the job completed. */
  readonly eta_mae_s: number | null;
  /** Largest absolute error of the polled ETA; null unless the job completed. */
  readonly eta_error_max_s: number | null;
  /** When the job ended (its first terminal message), seconds since start; null when it never did. */
  readonly end_s: number | null;
}

export function etaMetrics(ctx: RuleContext): EtaMetrics {
  const end = ctx.job.firstTerminal;
  const running = ctx.poller.filter((o) => isRunning(o.message) && o.message.etaS !== null);
  return {
    messages: ctx.job.writes.length,
    eta_stuck_max_s: stuckMax(running),
    progress_leap_max_pct: Math.max(leapMax(ctx.channel), leapMax(ctx.poller)),
    ...errors(running, end !== null && end.status === 'completed' ? end.atS : null),
    end_s: end?.atS ?? null,
  };
}

function stuckMax(running: readonly Observation[]): number {
  let best = 0;
  let since: Observation | null = null;
  for (const o of running) {
    if (since === null || o.message.etaS !== since.message.etaS) since = o;
    best = Math.max(best, o.atS - since.atS);
  }
  return round3(best);
}

function leapMax(view: readonly Observation[]): number {
  let best = 0;
  let prev: number | null = null;
  for (const o of view) {
    if (isTerminal(o.message)) break;
    const p = o.message.progress;
    if (p === null) continue;
    if (prev !== null) best = Math.max(best, p - prev);
    prev = p;
  }
  return round3(best);
}

function errors(running: readonly Observation[], endS: number | null): { eta_mae_s: number | null; eta_error_max_s: number | null } {
  if (endS === null || running.length === 0) return { eta_mae_s: null, eta_error_max_s: null };
  let sum = 0;
  let max = 0;
  for (const o of running) {
    const error = Math.abs(o.message.etaS! - (endS - o.atS));
    sum += error;
    max = Math.max(max, error);
  }
  return { eta_mae_s: round3(sum / running.length), eta_error_max_s: round3(max) };
}
