import { isRunning, type ProgressMessage } from '../../2-wire/ProgressMessage.js';
import { sameWrite, violation, type Rule } from '../RuleContext.js';

/** eta-zero-mid-run: a running message below 100 % whose ETA is ≤ 0, null or missing. */
export const etaZeroMidRun: Rule = (ctx) => {
  const seen = new Set<string>();
  const out = [];
  for (const m of ctx.job.writes) {
    if (!isRunning(m) || (m.progress !== null && m.progress >= 100)) continue;
    if (m.etaS !== null && m.etaS > 0) continue;
    const id = sameWrite(m);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(
      violation(
        'eta-zero-mid-run',
        m,
        m.event.op === 'publish' ? 'channel' : 'key',
        `${m.writer} ${describe(m)} at ${m.progress ?? '?'} % while the job is running`,
        [m],
      ),
    );
  }
  return out;
};

function describe(m: ProgressMessage): string {
  if (!m.hasEtaField) return 'wrote no time_remaining_seconds';
  return m.etaS === null ? 'wrote time_remaining_seconds null' : `wrote time_remaining_seconds ${m.etaS}`;
}
