import type { ProgressMessage } from '../../2-wire/ProgressMessage.js';
import { violation, type Rule } from '../RuleContext.js';

/** Characters of the offending value quoted in the message. */
const SHOWN_CHARS = 60;

/**
 * malformed-progress: a write of `progress:job:J` or a publish on
 * `progress:J` whose value the page cannot parse as a JSON object (not
 * JSON, `null`, a number, a list, or a value cut off mid-write). The page
 * shows nothing sensible for it, yet every other rule skips such a message,
 * so without this rule a foreign client's garbage passed as "no violations".
 * One violation per writer and view (key or channel), at its first such write.
 */
export const malformedProgress: Rule = (ctx) => {
  const found = new Map<string, ProgressMessage[]>();
  for (const m of ctx.job.writes) {
    if (!m.malformed) continue;
    const where = `${m.writer}\u0000${m.event.op === 'publish' ? 'channel' : 'key'}`;
    const list = found.get(where);
    if (list) list.push(m);
    else found.set(where, [m]);
  }
  const out = [];
  for (const list of found.values()) {
    const first = list[0]!;
    const onChannel = first.event.op === 'publish';
    const value = first.event.value ?? null;
    const shown = value === null ? 'no value' : JSON.stringify(value.length > SHOWN_CHARS ? `${value.slice(0, SHOWN_CHARS)}…` : value);
    const n = list.length;
    out.push(
      violation(
        'malformed-progress',
        first,
        onChannel ? 'channel' : 'key',
        `${first.writer} ${onChannel ? 'published' : 'wrote'} ${n} progress value${n === 1 ? '' : 's'} the page cannot parse as a JSON object (first at ${first.atS} s: ${shown})`,
        [first],
      ),
    );
  }
  return out;
};
