import { isRunning, type ProgressMessage } from '../../2-wire/ProgressMessage.js';
import { violation, type Rule } from '../RuleContext.js';

/** write-after-terminal: a running message follows a terminal one. One violation per writer. */
export const writeAfterTerminal: Rule = (ctx) => {
  const terminal = ctx.job.firstTerminal;
  if (terminal === null) return [];
  const byWriter = new Map<string, ProgressMessage[]>();
  for (const m of ctx.job.writes) {
    if (m.index <= terminal.index || !isRunning(m)) continue;
    // Grown in place: copying the list for each message was quadratic (100k messages after a cancel took minutes).
    const list = byWriter.get(m.writer);
    if (list === undefined) byWriter.set(m.writer, [m]);
    else list.push(m);
  }
  return [...byWriter].map(([writer, list]) =>
    violation(
      'write-after-terminal',
      list[0]!,
      list[0]!.event.op === 'publish' ? 'channel' : 'key',
      `${writer} wrote ${list.length} running message${list.length === 1 ? '' : 's'} after the terminal '${terminal.status}' at ${terminal.atS} s`,
      [terminal, list[0]!],
    ),
  );
};
