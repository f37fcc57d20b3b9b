import { etaFigures } from '../figures.js';
import { violation, type Rule } from '../RuleContext.js';

/**
 * The opt-in gates: each reads one figure (`figures.ts`, the same value the
 * metrics report) and fails where the figure happened when it exceeds the
 * scenario's threshold, so a gate and its metric can never disagree.
 */

/** eta-stuck (opt-in): the polled ETA stays one value for longer than `etaStuckMaxS` while the job runs. */
export const etaStuck: Rule = (ctx) => {
  const limit = ctx.options.etaStuckMaxS;
  if (limit === null) return [];
  const { value, where } = etaFigures(ctx).eta_stuck_max_s;
  if (value <= limit || where === null) return [];
  return [
    violation(
      'eta-stuck',
      where.to,
      'poller',
      `the ETA stayed at ${where.to.etaS} s for ${value} s (polls from ${where.fromS} s to ${where.toS} s), more than the ${limit} s allowed`,
      [where.from, where.to],
    ),
  ];
};

/** progress-leap (opt-in): progress rises by more than `progressLeapMaxPct` between two observations. */
export const progressLeap: Rule = (ctx) => {
  const limit = ctx.options.progressLeapMaxPct;
  if (limit === null) return [];
  const { value, where } = etaFigures(ctx).progress_leap_max_pct;
  if (value <= limit || where === null) return [];
  return [
    violation(
      'progress-leap',
      where.to,
      where.view,
      `progress leapt from ${where.from.progress} % to ${where.to.progress} % (+${value} points, limit ${limit})`,
      [where.from, where.to],
    ),
  ];
};

/** eta-error (opt-in): the polled ETA's mean absolute error against the true remaining time exceeds `etaMaeMaxS`. */
export const etaError: Rule = (ctx) => {
  const limit = ctx.options.etaMaeMaxS;
  if (limit === null) return [];
  const mae = etaFigures(ctx).eta_mae_s;
  if (mae === null || mae.value <= limit || mae.where === null) return [];
  return [
    violation('eta-error', mae.where.to, 'poller', `the polled ETA was off by ${mae.value} s on average (limit ${limit} s)`, [
      mae.where.from,
      mae.where.to,
    ]),
  ];
};
