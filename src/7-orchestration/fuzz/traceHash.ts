import { createHash } from 'node:crypto';
import { formatTraceLine } from '../../0-trace/jsonl.js';
import type { TraceEvent } from '../../0-trace/TraceEvent.js';

/** sha256 (hex) of a trace's jsonl text, `formatTrace(events)`, hashed line by line without building the text. */
export function traceHash(events: readonly TraceEvent[]): string {
  const hash = createHash('sha256');
  for (const event of events) hash.update(formatTraceLine(event) + '\n');
  return hash.digest('hex');
}
