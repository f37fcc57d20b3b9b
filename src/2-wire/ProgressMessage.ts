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

/** What a message's JSON says, apart from where and when it was written. */
type MessageFields = Pick<ProgressMessage, 'status' | 'progress' | 'etaS' | 'hasEtaField' | 'stage' | 'malformed'>;

const MALFORMED: MessageFields = { status: null, progress: null, etaS: null, hasEtaField: false, stage: null, malformed: true };

/**
 * Parses of message texts already read, for one trace: a SETEX and its
 * PUBLISH carry the same JSON, so each text is parsed once.
 */
export type MessageCache = Map<string, MessageFields>;

/** What the texts a run's own code built say (rememberMessage): read back instead of parsed. */
export type MessageNotes = Map<string, MessageFields>;
export type ReadonlyMessageNotes = ReadonlyMap<string, MessageFields>;

/** The most distinct texts one cache or one run's notes keep (a capture's are bounded by its size; this bounds the memory). */
const CACHED_TEXTS_MAX = 100_000;

/** A number as JSON carries it: a non-finite one prints as null, and -0 as 0. */
function asParsed(x: number): number | null {
  return Number.isFinite(x) ? x + 0 : null;
}

/** What a built message's JSON holds: null, the field is null or absent; `eta` absent (undefined), no `time_remaining_seconds` key. */
export interface BuiltFields {
  readonly status: string | null;
  readonly progress: number | null;
  readonly eta?: number | null;
  readonly stage: string | null;
}

/**
 * Notes in `notes` what `text` says, so that reading it back does not parse
 * it (a run's message builders do: checking the run reads its thousands of
 * messages back). `text` must be the JSON of an object whose `status`,
 * `progress`, `time_remaining_seconds` and `stage` are `fields`, as
 * JSON.stringify writes them. Nothing is noted without notes.
 */
export function rememberMessage(notes: MessageNotes | null, text: string, fields: BuiltFields): void {
  if (notes === null || notes.size >= CACHED_TEXTS_MAX) return;
  const { status, progress, eta, stage } = fields;
  notes.set(text, {
    status,
    progress: progress === null ? null : asParsed(progress),
    etaS: eta == null ? null : asParsed(eta),
    hasEtaField: eta !== undefined,
    stage,
    malformed: false,
  });
}

function fieldsOf(value: string | null | undefined): MessageFields {
  let parsed: unknown = null;
  try {
    parsed = value == null ? null : JSON.parse(value);
  } catch {
    parsed = null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return MALFORMED;
  const o = parsed as Record<string, unknown>;
  const status = o['status'];
  const progress = o['progress'];
  const eta = o['time_remaining_seconds'];
  const stage = o['stage'];
  return {
    status: typeof status === 'string' ? status : null,
    progress: typeof progress === 'number' ? progress : null,
    etaS: typeof eta === 'number' ? eta : null,
    hasEtaField: eta !== undefined,
    stage: typeof stage === 'string' ? stage : null,
    malformed: false,
  };
}

/**
 * Reads one event's value as a progress message: from `notes` when they
 * hold its text, else through `cache` when given (each distinct text parsed
 * once), else parsed.
 */
export function readMessage(event: TraceEvent, index: number, startS: number, cache: MessageCache | null = null, notes: ReadonlyMessageNotes | null = null): ProgressMessage {
  const f = fieldsFor(event.value, cache, notes);
  return {
    event,
    index,
    atS: round3(event.t - startS),
    writer: event.writer,
    status: f.status,
    progress: f.progress,
    etaS: f.etaS,
    hasEtaField: f.hasEtaField,
    stage: f.stage,
    malformed: f.malformed,
  };
}

function fieldsFor(value: string | null | undefined, cache: MessageCache | null, notes: ReadonlyMessageNotes | null): MessageFields {
  if (value == null) return fieldsOf(value);
  const noted = notes?.get(value);
  if (noted !== undefined) return noted;
  if (cache === null) return fieldsOf(value);
  let f = cache.get(value);
  if (f === undefined) {
    f = fieldsOf(value);
    if (cache.size < CACHED_TEXTS_MAX) cache.set(value, f);
  }
  return f;
}

/** Seconds with millisecond resolution, so reports do not show float noise. */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
