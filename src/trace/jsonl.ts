import type { TraceEvent } from './TraceEvent.js';

/** One trace event as a jsonl line, keys in the contract's order, extensions after. */
export function formatTraceLine(event: TraceEvent): string {
  const ordered: Record<string, unknown> = { t: event.t, writer: event.writer, op: event.op, key: event.key };
  if (event.value !== undefined) ordered['value'] = event.value;
  if (event.conn !== undefined) ordered['conn'] = event.conn;
  if (event.ttl_s !== undefined) ordered['ttl_s'] = event.ttl_s;
  return JSON.stringify(ordered);
}

/** A whole trace as jsonl text (one line per event, newline-terminated). */
export function formatTrace(events: readonly TraceEvent[]): string {
  let out = '';
  for (const e of events) out += formatTraceLine(e) + '\n';
  return out;
}
