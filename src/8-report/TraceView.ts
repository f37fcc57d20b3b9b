import { channelView, jobIdsOf, jobTrace, pollerView, type JobTrace, type Observation } from '../5-invariants/JobTrace.js';
import { carriesProgress, isTerminal, type ProgressMessage, type ReadonlyMessageNotes } from '../2-wire/ProgressMessage.js';
import { DEFAULT_CHECKS } from '../6-formats/scenario/defaults.js';
import type { TraceEvent } from '../0-trace/TraceEvent.js';

/** What to read from a trace. */
export interface TraceViewOptions {
  /** The job to draw; the trace's first job when absent. */
  readonly jobId?: string;
  /** The page's poll period (default 2 s). */
  readonly pollMs?: number;
  /**
   * When the job really ended, seconds since its start: the origin of the
   * true remaining time. Absent: when the trace's first terminal message says
   * `completed`; null: unknown (a cancelled or failed job never completed).
   */
  readonly endS?: number | null;
  /** What the run that made the trace said its messages say (RunResult.messageNotes): read instead of parsed. */
  readonly messageNotes?: ReadonlyMessageNotes;
}

/** One job of a trace, read once for every renderer (charts, CSV, legend). */
export interface TraceView {
  readonly job: JobTrace;
  /** Every published message the page's subscriber shows, up to the first terminal one. */
  readonly channel: readonly Observation[];
  /** What a poller reading the key every `pollMs` read. */
  readonly poller: readonly Observation[];
  /** Every message that carries progress, an ETA or a terminal status, a SETEX and its PUBLISH counted once. */
  readonly messages: readonly ProgressMessage[];
  /** Origin of the true remaining time, or null when unknown. */
  readonly endS: number | null;
  /** Seconds since start of the job's last event. */
  readonly lastS: number;
  /** Writers of `messages`, in order of first write. */
  readonly writers: readonly string[];
  /** `messages` per writer. */
  readonly messageCounts: ReadonlyMap<string, number>;
}

/** Reads one job of `events` for the report renderers. */
export function traceView(events: readonly TraceEvent[], options: TraceViewOptions = {}): TraceView {
  const jobId = options.jobId ?? jobIdsOf(events)[0] ?? '';
  const job = jobTrace(events, jobId, options.messageNotes ?? null);
  const pollS = (options.pollMs ?? DEFAULT_CHECKS.pollMs) / 1000;
  const messages = distinctMessages(job.writes);
  // A Map: a capture's writer may be called anything, `__proto__` or `7` too, and keeps its place in order of first write.
  const messageCounts = new Map<string, number>();
  for (const m of messages) messageCounts.set(m.writer, (messageCounts.get(m.writer) ?? 0) + 1);
  const completed = job.firstTerminal?.status === 'completed' ? job.firstTerminal.atS : null;
  return {
    job,
    channel: channelView(job),
    poller: pollerView(job, pollS),
    messages,
    endS: options.endS === undefined ? completed : options.endS,
    lastS: job.lastAtS,
    writers: [...messageCounts.keys()],
    messageCounts,
  };
}

/** True remaining time at `atS`: seconds to the job's end, never below 0; null when the end is unknown. */
export function trueRemainingS(view: TraceView, atS: number): number | null {
  if (view.endS === null) return null;
  return Math.max(0, Math.round((view.endS - atS) * 1000) / 1000);
}

/**
 * Key writes and publishes that carry progress, an ETA or a terminal
 * status, with a writer's SETEX and PUBLISH of the same JSON at the same
 * instant counted once.
 */
function distinctMessages(writes: readonly ProgressMessage[]): ProgressMessage[] {
  // Keyed by the text, then by instant and writer: no key string as long as a message is built per write.
  const seen = new Map<string, Set<string>>();
  const out: ProgressMessage[] = [];
  for (const m of writes) {
    if (!carriesProgress(m) && !isTerminal(m)) continue;
    const text = m.event.value ?? '';
    const at = `${m.atS}\u0000${m.writer}`;
    let ats = seen.get(text);
    if (ats === undefined) seen.set(text, (ats = new Set()));
    if (ats.has(at)) continue;
    ats.add(at);
    out.push(m);
  }
  return out;
}
