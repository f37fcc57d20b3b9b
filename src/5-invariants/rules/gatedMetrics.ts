import { isRunning, isTerminal, round3 } from '../../2-wire/ProgressMessage.js';
import type { Observation } from '../JobTrace.js';
import { violation, type Rule } from '../RuleContext.js';

/** eta-stuck (opt-in): the polled ETA stays one value for longer than `etaStuckMaxS` while the job runs. */
export const etaStuck: Rule = (ctx) => {
  const limit = ctx.options.etaStuckMaxS;
  if (limit === null) return [];
  let since: Observation | null = null;
  for (const o of ctx.poller) {
    if (!isRunning(o.message) || o.message.etaS === null) break;
    if (since === null || o.message.etaS !== since.message.etaS) since = o;
    const stuck = round3(o.atS - since.atS);
    if (stuck > limit) {
      return [
        violation(
          'eta-stuck',
          o.message,
          'poller',
          `the ETA stayed at ${o.message.etaS} s for more than ${limit} s (from ${since.atS} s)`,
          [since.message, o.message],
        ),
      ];
    }
  }
  return [];
};

/** progress-leap (opt-in): progress rises by more than `progressLeapMaxPct` between two observations. */
export const progressLeap: Rule = (ctx) => {
  const limit = ctx.options.progressLeapMaxPct;
  if (limit === null) return [];
  for (const view of [ctx.channel, ctx.poller]) {
    let prev = null;
    for (const o of view) {
      if (isTerminal(o.message)) break;
      const m = o.message;
      if (m.progress === null) continue;
      if (prev !== null && prev.progress !== null && m.progress - prev.progress > limit) {
        return [
          violation('progress-leap', m, o.view, `progress leapt from ${prev.progress} % to ${m.progress} % (limit ${limit})`, [prev, m]),
        ];
      }
      prev = m;
    }
  }
  return [];
};

/** eta-error (opt-in): the polled ETA's mean absolute error against the true remaining time exceeds `etaMaeMaxS`. */
export const etaError: Rule = (ctx) => {
  const limit = ctx.options.etaMaeMaxS;
  const end = ctx.job.firstTerminal;
  if (limit === null || end === null || end.status !== 'completed') return [];
  const running = ctx.poller.filter((o) => isRunning(o.message) && o.message.etaS !== null);
  if (running.length === 0) return [];
  const mae = running.reduce((sum, o) => sum + Math.abs(o.message.etaS! - (end.atS - o.atS)), 0) / running.length;
  if (mae <= limit) return [];
  return [
    violation('eta-error', end, 'poller', `the polled ETA was off by ${round3(mae)} s on average (limit ${limit} s)`, [
      running[0]!.message,
      end,
    ]),
  ];
};
