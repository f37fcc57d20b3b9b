import { isRunning } from '../ProgressMessage.js';
import { sameWrite, violation, views, type Rule } from '../RuleContext.js';

/**
 * eta-jump: the ETA a user sees rises by more than the tolerance between
 * two consecutive observations of one view; at the CP-SAT → GA transition
 * the tolerance is `etaRiseAtGaMaxS` (0: "same or lower").
 */
export const etaJump: Rule = (ctx) => {
  const seen = new Set<string>();
  const out = [];
  for (const view of views(ctx)) {
    let prev = null;
    for (const obs of view) {
      const m = obs.message;
      if (!isRunning(m)) break;
      if (m.etaS === null) continue;
      if (prev !== null && prev.etaS !== null) {
        const atGa = ctx.stageOf(prev.stage) === 'cpsat' && ctx.stageOf(m.stage) === 'ga';
        const tolerance = atGa ? ctx.options.etaRiseAtGaMaxS : ctx.options.etaRiseMaxS;
        const rise = m.etaS - prev.etaS;
        const id = sameWrite(m);
        if (rise > tolerance && !seen.has(id)) {
          seen.add(id);
          const where = atGa ? ' at the CP-SAT → GA transition' : '';
          out.push(
            violation(
              'eta-jump',
              m,
              obs.view,
              `ETA rose from ${prev.etaS} s (${prev.writer}) to ${m.etaS} s (${m.writer})${where}: +${rise} s, more than the ${tolerance} s allowed`,
              [prev, m],
            ),
          );
        }
      }
      prev = m;
    }
  }
  return out;
};
