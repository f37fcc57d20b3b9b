import { breakingSteps, seenBy, violation, type Rule, type Step } from '../RuleContext.js';

/**
 * eta-jump: the ETA a user sees rises by more than the tolerance between
 * two consecutive observations of one view; at the CP-SAT → GA transition
 * the tolerance is `etaRiseAtGaMaxS` (0: "same or lower").
 */
export const etaJump: Rule = (ctx) => {
  const atGa = ({ prev, next }: Step) => ctx.stageOf(prev) === 'cpsat' && ctx.stageOf(next) === 'ga';
  const tolerance = (step: Step) => (atGa(step) ? ctx.options.etaRiseAtGaMaxS : ctx.options.etaRiseMaxS);
  const out = [];
  for (const step of breakingSteps(ctx, 'etaS', (s) => s.next.etaS! - s.prev.etaS! > tolerance(s))) {
    const { prev, next, view } = step;
    const rise = next.etaS! - prev.etaS!;
    const where = atGa(step) ? ' at the CP-SAT → GA transition' : '';
    out.push(
      violation(
        'eta-jump',
        next,
        view,
        `ETA rose from ${prev.etaS} s (${prev.writer}) to ${next.etaS} s (${next.writer})${where}: +${rise} s, more than the ${tolerance(step)} s allowed${seenBy(step)}`,
        [prev, next],
      ),
    );
  }
  return out;
};
