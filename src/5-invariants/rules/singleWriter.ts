import { TRACKER_WRITER } from '../JobTrace.js';
import { carriesProgress, isTerminal, type ProgressMessage } from '../../2-wire/ProgressMessage.js';
import { sameWrite, violation, type Rule } from '../RuleContext.js';

/** Witnesses kept per offending writer: its first writes are enough to see it. */
const WITNESSES_MAX = 3;

/**
 * single-writer: between the tracker's start and the job's terminal
 * message, anything but the tracker writes progress or ETA to the key or
 * publishes it on the channel. One violation per offending writer, at its
 * first write, counting the rest. Without a tracker write the window opens
 * after the first progress write (the allowed initial write).
 */
export const singleWriter: Rule = (ctx) => {
  const { job } = ctx;
  const opensAt = job.trackerStart ?? initialWriteEnd(job.writes);
  const closesAt = job.firstTerminal?.index ?? Infinity;
  const byWriter = new Map<string, ProgressMessage[]>();
  for (const m of job.writes) {
    if (m.index <= opensAt || m.index >= closesAt) continue;
    if (m.writer === TRACKER_WRITER || !carriesProgress(m) || isTerminal(m)) continue;
    const list = byWriter.get(m.writer) ?? [];
    list.push(m);
    byWriter.set(m.writer, list);
  }
  const trackerFirst = job.writes.find((m) => m.index === job.trackerStart);
  const out = [];
  for (const [writer, list] of byWriter) {
    const first = list[0]!;
    const witnesses = [...(trackerFirst ? [trackerFirst] : []), ...list.slice(0, WITNESSES_MAX)];
    out.push(
      violation(
        'single-writer',
        first,
        first.event.op === 'publish' ? 'channel' : 'key',
        `${writer} wrote progress/ETA ${list.length} time${list.length === 1 ? '' : 's'} while the tracker owned the key (first: progress ${first.progress ?? '?'}, ETA ${first.etaS ?? '?'} s)`,
        witnesses,
      ),
    );
  }
  return out;
};

/** Without a tracker write: the last event of the first progress write (its SETEX and its PUBLISH are one write). */
function initialWriteEnd(writes: readonly ProgressMessage[]): number {
  const first = writes.find(carriesProgress);
  if (!first) return Infinity;
  const id = sameWrite(first);
  let end = first.index;
  for (const m of writes) if (sameWrite(m) === id) end = m.index;
  return end;
}
