import type { TraceEvent } from '../0-trace/TraceEvent.js';

/** Statuses after which a job is over. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['completed', 'failed', 'cancelled']);

/**
 * A write of the progress key or a publish on the channel, read the way the
 * web page reads it. Fields the message lacks are null.
 */
export interface ProgressMessage {
  readonly event: TraceEvent;
  /** Index of the event in the job's trace: ties at one instant keep issue order. */
  readonly index: number;
  readonly atS: number;
  readonly writer: string;
  readonly status: string | null;
  readonly progress: number | null;
  /** `time_remaining_seconds`, null when absent or not a number. */
  readonly etaS: number | null;
  readonly hasEtaField: boolean;
  readonly stage: string | null;
  /** The JSON did not parse to an object. */
  readonly malformed: boolean;
}

/** Carries progress or an ETA (as opposed to a PUBLISH-only informational message). */
export function carriesProgress(m: ProgressMessage): boolean {
  return m.progress !== null || m.hasEtaField;
}

export function isTerminal(m: ProgressMessage): boolean {
  return m.status !== null && TERMINAL_STATUSES.has(m.status);
}

export function isRunning(m: ProgressMessage): boolean {
  return m.status === 'running';
}

/** Reads one event's value as a progress message. */
export function readMessage(event: TraceEvent, index: number, startS: number): ProgressMessage {
  let parsed: unknown = null;
  try {
    parsed = event.value == null ? null : JSON.parse(event.value);
  } catch {
    parsed = null;
  }
  const atS = round3(event.t - startS);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { event, index, atS, writer: event.writer, status: null, progress: null, etaS: null, hasEtaField: false, stage: null, malformed: true };
  }
  const o = parsed as Record<string, unknown>;
  const status = o['status'];
  const progress = o['progress'];
  const eta = o['time_remaining_seconds'];
  const stage = o['stage'];
  return {
    event,
    index,
    atS,
    writer: event.writer,
    status: typeof status === 'string' ? status : null,
    progress: typeof progress === 'number' ? progress : null,
    etaS: typeof eta === 'number' ? eta : null,
    hasEtaField: eta !== undefined,
    stage: typeof stage === 'string' ? stage : null,
    malformed: false,
  };
}

/** Seconds with millisecond resolution, so reports do not show float noise. */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
