import type { TraceEvent } from '../../src/0-trace/TraceEvent.js';

/**
 * Edits of recorded traces for the checker properties: where the tracker's
 * window opens and closes, and inserting events at a position with the
 * time of their neighbour (a trace's times never go backwards).
 */

function parse(value: string | null | undefined): Record<string, unknown> | null {
  if (typeof value !== 'string') return null;
  try {
    const v: unknown = JSON.parse(value);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function isProgressWrite(e: TraceEvent, jobId: string): boolean {
  return (e.key === `progress:job:${jobId}` && (e.op === 'setex' || e.op === 'set')) || (e.key === `progress:${jobId}` && e.op === 'publish');
}

/** Index of the tracker's first write and of the first terminal message of job `jobId`, in the whole trace. */
export function trackerWindow(trace: readonly TraceEvent[], jobId: string): { readonly opens: number; readonly closes: number } | null {
  const opens = trace.findIndex((e) => e.writer === 'tracker' && isProgressWrite(e, jobId));
  const closes = trace.findIndex((e) => isProgressWrite(e, jobId) && ['completed', 'failed', 'cancelled'].includes(String(parse(e.value)?.['status'])));
  return opens >= 0 && closes > opens ? { opens, closes } : null;
}

/** `trace` with `event` inserted before position `at` (0 ≤ at ≤ length), stamped with the time of the event before it. */
export function insertAt(trace: readonly TraceEvent[], at: number, event: Omit<TraceEvent, 't'>): TraceEvent[] {
  const t = trace[Math.max(0, at - 1)]?.t ?? 0;
  return [...trace.slice(0, at), { ...event, t }, ...trace.slice(at)];
}

/** `trace` with each `[position, event]` inserted (positions refer to the original trace; ties keep list order). */
export function insertAll(trace: readonly TraceEvent[], inserts: ReadonlyArray<readonly [number, Omit<TraceEvent, 't'>]>): TraceEvent[] {
  const sorted = [...inserts].map((x, i) => [x[0], i, x[1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: TraceEvent[] = [];
  let k = 0;
  for (let i = 0; i <= trace.length; i++) {
    while (k < sorted.length && sorted[k]![0] === i) {
      out.push({ ...sorted[k]![2], t: (trace[i - 1] ?? trace[0])?.t ?? 0 });
      k++;
    }
    if (i < trace.length) out.push(trace[i]!);
  }
  return out;
}
