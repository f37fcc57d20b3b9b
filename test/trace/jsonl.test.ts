import { expect } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { formatTraceLine } from '../../src/0-trace/jsonl.js';
import type { TraceEvent, TraceOp } from '../../src/0-trace/TraceEvent.js';

/** The line as JSON.stringify writes it: formatTraceLine builds the same text by hand, for speed. */
function reference(event: TraceEvent): string {
  const ordered: Record<string, unknown> = { t: event.t, writer: event.writer, op: event.op, key: event.key };
  if (event.value !== undefined) ordered['value'] = event.value;
  else if (event.op === 'del') ordered['value'] = '';
  if (event.conn !== undefined) ordered['conn'] = event.conn;
  if (event.ttl_s !== undefined) ordered['ttl_s'] = event.ttl_s;
  return JSON.stringify(ordered);
}

const text = fc.string({ unit: 'binary', maxLength: 40 });
const number = fc.oneof(fc.double(), fc.constantFrom(0, -0, 1e21, 1733066000.5));
// With the fields a parsed capture's events carry besides (db, line): never written.
const event: fc.Arbitrary<TraceEvent> = fc.record(
  {
    t: number,
    writer: text,
    op: fc.constantFrom<TraceOp>('setex', 'publish', 'set', 'del', 'get'),
    key: fc.oneof(text, fc.string({ minLength: 190, maxLength: 400 })),
    value: fc.option(text, { nil: null }),
    conn: text,
    ttl_s: number,
    db: fc.option(fc.nat(15), { nil: null }),
    line: fc.nat(),
  },
  { requiredKeys: ['t', 'writer', 'op', 'key'] },
);

test.prop([fc.array(event, { maxLength: 12 })], { seed: 14, numRuns: 400 })(
  'formatTraceLine writes exactly what JSON.stringify writes, event after event (a SETEX and its PUBLISH share a value)',
  (events) => {
    // Each event twice in a row, and each value again on another event: what the one-value memo sees in a run.
    for (const e of events) {
      expect(formatTraceLine(e)).toBe(reference(e));
      expect(formatTraceLine({ ...e, op: 'publish' })).toBe(reference({ ...e, op: 'publish' }));
    }
  },
);
