import type { Observation } from '../5-invariants/JobTrace.js';
import { trueRemainingS, type TraceView } from './TraceView.js';

/** The columns of trace.csv, in order. */
export const TRACE_CSV_COLUMNS = ['at_s', 'view', 'writer', 'stage', 'progress', 'eta_s', 'true_remaining_s', 'status'] as const;

/**
 * trace.csv: one row per observation of the page, the channel's messages and
 * the poller's reads merged in time order (the channel first at one
 * instant). `true_remaining_s` counts from the job's end and is empty unless
 * that is known; a field the message lacks is empty.
 */
export function formatTraceCsv(view: TraceView): string {
  let out = '';
  for (const chunk of traceCsvChunks(view)) out += chunk;
  return out;
}

/** Characters per chunk of {@link traceCsvChunks}. */
const CHUNK_CHARS = 1 << 20;

/**
 * The text of {@link formatTraceCsv} in chunks of about a megabyte, for a
 * run whose CSV is longer than the longest string V8 can hold.
 */
export function* traceCsvChunks(view: TraceView): Generator<string, void, undefined> {
  const rows = mergeByTime(view.channel, view.poller);
  let out = TRACE_CSV_COLUMNS.join(',') + '\n';
  for (const o of rows) {
    const m = o.message;
    const cells = [
      String(o.atS),
      o.view,
      textCell(m.writer),
      textCell(m.stage ?? ''),
      m.progress === null ? '' : String(m.progress),
      m.etaS === null ? '' : String(m.etaS),
      String(trueRemainingS(view, o.atS) ?? ''),
      textCell(m.status ?? ''),
    ];
    out += cells.join(',') + '\n';
    if (out.length >= CHUNK_CHARS) {
      yield out;
      out = '';
    }
  }
  if (out !== '') yield out;
}

function mergeByTime(a: readonly Observation[], b: readonly Observation[]): Observation[] {
  const out: Observation[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.atS <= b[j]!.atS)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

/**
 * A text field, quoted when it holds a comma, quote or line break (RFC 4180).
 * A field that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
 * CR first) gets a leading `'`, so that a capture's writer name cannot.
 */
export function textCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
