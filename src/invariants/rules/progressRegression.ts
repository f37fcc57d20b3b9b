import { isRunning } from '../ProgressMessage.js';
import { sameWrite, violation, views, type Rule } from '../RuleContext.js';

/** progress-regression: the progress a user sees goes down while the job runs, by more than the tolerance. */
export const progressRegression: Rule = (ctx) => {
  const seen = new Set<string>();
  const out = [];
  for (const view of views(ctx)) {
    let prev = null;
    for (const obs of view) {
      const m = obs.message;
      if (!isRunning(m)) break;
      if (m.progress === null) continue;
      if (prev !== null && prev.progress !== null) {
        const drop = prev.progress - m.progress;
        const id = sameWrite(m);
        if (drop > ctx.options.progressDropMaxPct && !seen.has(id)) {
          seen.add(id);
          out.push(
            violation(
              'progress-regression',
              m,
              obs.view,
              `progress fell from ${prev.progress} % (${prev.writer}) to ${m.progress} % (${m.writer})`,
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
