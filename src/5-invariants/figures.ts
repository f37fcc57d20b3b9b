import { isRunning, isTerminal, round3, type ProgressMessage } from '../2-wire/ProgressMessage.js';
import type { Observation } from './JobTrace.js';
import { views, type RuleContext } from './RuleContext.js';
import type { View } from './Violation.js';

/**
 * Where a figure happened: the observation it starts from and the one where
 * it reached its value (a stretch's first and last look, a step's two sides).
 */
export interface FigureSpan {
  readonly from: ProgressMessage;
  readonly to: ProgressMessage;
  /** Seconds since start at which the view saw `from` and `to` (a poller's read times, not the write times). */
  readonly fromS: number;
  readonly toS: number;
  readonly view: View;
  /** The poller's phase (0 for the channel and the poller in step with the job's start). */
  readonly phaseS: number;
}

/** One figure of the ETA's quality, with where it happened (null when nothing happened: a 0, or no data). */
export interface Figure {
  readonly value: number;
  readonly where: FigureSpan | null;
}

/**
 * The ETA quality figures of one job, each computed once and shared by the
 * metrics (`etaMetrics`) and the opt-in gates (`eta-stuck`, `progress-leap`,
 * `eta-error`). Units last in the names: `_s` seconds, `_pct` progress points.
 */
export interface EtaFigures {
  /** Longest time the poller saw one ETA value while the job ran. */
  readonly eta_stuck_max_s: Figure;
  /** Longest time the poller saw one progress value while the job ran. */
  readonly progress_stuck_max_s: Figure;
  /** Largest rise of the ETA between two consecutive running observations of one view (the channel and every poller). */
  readonly eta_rise_max_s: Figure;
  /** Largest rise of progress between two consecutive observations of the channel or the poller. */
  readonly progress_leap_max_pct: Figure;
  /** Mean absolute error of the polled ETA against the true remaining time; null unless the job completed. `where`: first poll to the end. */
  readonly eta_mae_s: Figure | null;
  /** Largest absolute error of the polled ETA; null unless the job completed. `where`: the poll where it happened. */
  readonly eta_error_max_s: Figure | null;
}

const cache = new WeakMap<RuleContext, EtaFigures>();

/** The figures of a job, computed on first use and kept with its context (rules and metrics ask for the same object). */
export function etaFigures(ctx: RuleContext): EtaFigures {
  let figures = cache.get(ctx);
  if (figures === undefined) {
    figures = computeFigures(ctx);
    cache.set(ctx, figures);
  }
  return figures;
}

function computeFigures(ctx: RuleContext): EtaFigures {
  const end = ctx.job.firstTerminal;
  const endS = end !== null && end.status === 'completed' ? end.atS : null;
  const etaPolls = ctx.poller.filter((o) => isRunning(o.message) && o.message.etaS !== null);
  const progressPolls = ctx.poller.filter((o) => isRunning(o.message) && o.message.progress !== null);
  const leap = larger(riseMax(ctx.channel, 'progress', true), riseMax(ctx.poller, 'progress', true));
  const rise = views(ctx).map((v) => riseMax(v, 'etaS', false)).reduce(larger);
  return {
    eta_stuck_max_s: stillMax(etaPolls, 'etaS'),
    progress_stuck_max_s: stillMax(progressPolls, 'progress'),
    eta_rise_max_s: rise,
    progress_leap_max_pct: leap,
    ...errors(etaPolls, end, endS),
  };
}

/** The first of two figures unless the second is strictly larger (ties keep the earlier view). */
function larger(a: Figure, b: Figure): Figure {
  return b.value > a.value ? b : a;
}

function span(from: Observation, to: Observation): FigureSpan {
  return { from: from.message, to: to.message, fromS: from.atS, toS: to.atS, view: to.view, phaseS: to.phaseS ?? 0 };
}

/** Longest stretch of one value of `field` among `running` observations (one view, in order). */
function stillMax(running: readonly Observation[], field: 'etaS' | 'progress'): Figure {
  let best: Figure = { value: 0, where: null };
  let since: Observation | null = null;
  for (const o of running) {
    if (since === null || o.message[field] !== since.message[field]) since = o;
    const still = round3(o.atS - since.atS);
    if (still > best.value) best = { value: still, where: span(since, o) };
  }
  return best;
}

/**
 * Largest rise of `field` between consecutive observations of one view that
 * carry it. Progress (`untilTerminal`) is followed up to the first terminal
 * message; the ETA only while the job runs.
 */
function riseMax(view: readonly Observation[], field: 'etaS' | 'progress', untilTerminal: boolean): Figure {
  let best: Figure = { value: 0, where: null };
  let prev: Observation | null = null;
  for (const o of view) {
    if (untilTerminal ? isTerminal(o.message) : !isRunning(o.message)) break;
    const value = o.message[field];
    if (value === null) continue;
    if (prev !== null) {
      const rise = round3(value - prev.message[field]!);
      if (rise > best.value) best = { value: rise, where: span(prev, o) };
    }
    prev = o;
  }
  return best;
}

function errors(
  running: readonly Observation[],
  end: ProgressMessage | null,
  endS: number | null,
): Pick<EtaFigures, 'eta_mae_s' | 'eta_error_max_s'> {
  if (end === null || endS === null || running.length === 0) return { eta_mae_s: null, eta_error_max_s: null };
  let sum = 0;
  let max = -1;
  let worst = running[0]!;
  for (const o of running) {
    const error = Math.abs(o.message.etaS! - (endS - o.atS));
    sum += error;
    if (error > max) {
      max = error;
      worst = o;
    }
  }
  const first = running[0]!;
  const whole: FigureSpan = { from: first.message, to: end, fromS: first.atS, toS: endS, view: 'poller', phaseS: 0 };
  return {
    eta_mae_s: { value: round3(sum / running.length), where: whole },
    eta_error_max_s: { value: round3(max), where: span(worst, worst) },
  };
}
