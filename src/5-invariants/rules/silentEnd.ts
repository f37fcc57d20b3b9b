import { isTerminal } from '../../2-wire/ProgressMessage.js';
import { violation, type Rule } from '../RuleContext.js';

/**
 * silent-end: the job ended (a terminal status reached the key) but no
 * terminal message was published, so a subscriber never hears the end.
 */
export const silentEnd: Rule = (ctx) => {
  const stored = ctx.job.keyWrites.find(isTerminal);
  if (!stored || ctx.job.published.some(isTerminal)) return [];
  return [
    violation(
      'silent-end',
      stored,
      'key',
      `the job ended '${stored.status}' (${stored.writer} stored it) but nothing terminal was published on the channel`,
      [stored],
    ),
  ];
};
