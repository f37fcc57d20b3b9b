import type { TraceEvent } from '../0-trace/TraceEvent.js';
import { carriesProgress, isTerminal, readMessage, round3, type MessageCache, type ProgressMessage, type ReadonlyMessageNotes } from '../2-wire/ProgressMessage.js';
import { jobIdOfKey, jobKeys, jobKeySet } from '../2-wire/keys.js';

/** The writer name of the background tracker: the one allowed writer while the job runs. */
export const TRACKER_WRITER = 'tracker';

/** One job's part of a trace, read into messages once for every checker. */
export interface JobTrace {
  readonly jobId: string;
  /** Epoch seconds of the job's first event: `at_s` counts from here. */
  readonly startS: number;
  readonly events: readonly TraceEvent[];
  /** SETEX / SET of `progress:job:J`, in order. */
  readonly keyWrites: readonly ProgressMessage[];
  /** PUBLISH on `progress:J`, in order. */
  readonly published: readonly ProgressMessage[];
  /** Key writes and publishes together, in trace order. */
  readonly writes: readonly ProgressMessage[];
  /** Index (into `events`) of the tracker's first write, or null when the tracker never wrote. */
  readonly trackerStart: number | null;
  /** The first terminal message on either the key or the channel. */
  readonly firstTerminal: ProgressMessage | null;
  /** Seconds since start of the job's last event. */
  readonly lastAtS: number;
}

/** The job ids a trace mentions, in order of first appearance (from `progress:job:J`, `progress:J`, `start_time:job:J`, `cancel:job:J`). */
export function jobIdsOf(events: Iterable<TraceEvent>): string[] {
  const seen = new Set<string>();
  for (const e of events) {
    const id = jobIdOfKey(e.key);
    if (id !== null) seen.add(id);
  }
  return [...seen];
}

/** The first job id a trace mentions (jobIdsOf(events)[0], without reading the rest), or null. */
export function firstJobIdOf(events: Iterable<TraceEvent>): string | null {
  for (const e of events) {
    const id = jobIdOfKey(e.key);
    if (id !== null) return id;
  }
  return null;
}

export { jobIdOfKey } from '../2-wire/keys.js';

/** Reads job `jobId`'s events of a trace; `notes`: what the run that wrote it said its messages say (those are not parsed). */
export function jobTrace(all: readonly TraceEvent[], jobId: string, notes: ReadonlyMessageNotes | null = null): JobTrace {
  const keys = jobKeySet(jobId);
  const events = all.filter((e) => keys.has(e.key));
  const startS = events[0]?.t ?? 0;
  const { progress: progressKey, channel } = jobKeys(jobId);
  const keyWrites: ProgressMessage[] = [];
  const published: ProgressMessage[] = [];
  const writes: ProgressMessage[] = [];
  let trackerStart: number | null = null;
  let firstTerminal: ProgressMessage | null = null;
  const cache: MessageCache = new Map();
  for (let index = 0; index < events.length; index++) {
    const e = events[index]!;
    const isKeyWrite = e.key === progressKey && (e.op === 'setex' || e.op === 'set');
    const isPublish = !isKeyWrite && e.key === channel && e.op === 'publish';
    if (!isKeyWrite && !isPublish) continue;
    const m = readMessage(e, index, startS, cache, notes);
    (isKeyWrite ? keyWrites : published).push(m);
    writes.push(m);
    if (trackerStart === null && e.writer === TRACKER_WRITER) trackerStart = index;
    if (firstTerminal === null && isTerminal(m)) firstTerminal = m;
  }
  const last = events[events.length - 1];
  return {
    jobId,
    startS,
    events,
    keyWrites,
    published,
    writes,
    trackerStart,
    firstTerminal,
    lastAtS: last ? round3(last.t - startS) : 0,
  };
}

/** One thing the page showed: a message, in one view, at a time. */
export interface Observation {
  readonly atS: number;
  readonly view: 'channel' | 'poller';
  readonly message: ProgressMessage;
  /** A poller's offset from the job's start (its reads are at k × period + phase). */
  readonly phaseS?: number;
}

/**
 * Where other pages' pollers read, as fractions of the poll period: a real
 * page opens at any moment, so besides the poller in step with the job's
 * start (phase 0) the checkers follow pollers that read between the
 * tracker's 0.5 s writes.
 */
export const POLL_PHASES = [0.125, 0.375, 0.625, 0.875] as const;

/** The channel view: every published message that carries progress or an ETA, up to and including the first terminal one. */
export function channelView(job: JobTrace): Observation[] {
  const out: Observation[] = [];
  for (const m of job.published) {
    if (!carriesProgress(m) && !isTerminal(m)) continue;
    out.push({ atS: m.atS, view: 'channel', message: m });
    if (isTerminal(m)) break;
  }
  return out;
}

/** The most polls one view derives: a week of 2 s polls is far below it. */
const POLLS_MAX = 5_000_000;

/**
 * The poller view: what a page reading the key every `pollS` from the job's
 * start would have read, until it reads a terminal status or the trace
 * ends. A read sees the writes strictly before it: a write at the very
 * instant of a read (the tracker ticks on the same grid) lands after it, as
 * it does for the simulated page, whose reads this reproduces exactly.
 * `seesSameInstant` orders such a tie the other way (a read a hair later).
 */
export function pollerView(job: JobTrace, pollS: number, phaseS = 0, seesSameInstant = false): Observation[] {
  const out: Observation[] = [];
  const writes = job.keyWrites;
  if (writes.length === 0 || pollS <= 0) return out;
  const endAtS = job.lastAtS + pollS;
  let next = 0;
  let current: ProgressMessage | null = null;
  for (let k = 1; k <= POLLS_MAX; k++) {
    const atS = round3(k * pollS + phaseS);
    if (atS > endAtS) break;
    while (next < writes.length && (writes[next]!.atS < atS || (seesSameInstant && writes[next]!.atS === atS))) current = writes[next++]!;
    if (current === null) continue;
    out.push({ atS, view: 'poller', message: current, phaseS });
    if (isTerminal(current)) break;
  }
  return out;
}
