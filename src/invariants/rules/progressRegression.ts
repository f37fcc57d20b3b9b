import { breakingSteps, violation, type Rule, type Step } from '../RuleContext.js';

/** progress-regression: the progress a user sees goes down while the job runs, by more than the tolerance. */
export const progressRegression: Rule = (ctx) => {
  const out = [];
  const drops = (s: Step) => s.prev.progress! - s.next.progress! > ctx.options.progressDropMaxPct;
  for (const { prev, next, view } of breakingSteps(ctx, 'progress', drops)) {
    out.push(violation('progress-regression', next, view, `progress fell from ${prev.progress} % (${prev.writer}) to ${next.progress} % (${next.writer})`, [prev, next]));
  }
  return out;
};
