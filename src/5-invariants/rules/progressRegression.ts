import { breakingSteps, seenBy, violation, type Rule, type Step } from '../RuleContext.js';

/** progress-regression: the progress a user sees goes down while the job runs, by more than the tolerance. */
export const progressRegression: Rule = (ctx) => {
  const out = [];
  const drops = (s: Step) => s.prev.progress! - s.next.progress! > ctx.options.progressDropMaxPct;
  for (const step of breakingSteps(ctx, 'progress', drops)) {
    const { prev, next, view } = step;
    const text = `progress fell from ${prev.progress} % (${prev.writer}) to ${next.progress} % (${next.writer})${seenBy(step)}`;
    out.push(violation('progress-regression', next, view, text, [prev, next]));
  }
  return out;
};
