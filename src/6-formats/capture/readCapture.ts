import { jobKeys } from '../../2-wire/keys.js';
import { stat } from 'node:fs/promises';
import { InputError, located } from '../InputError.js';
import { jobIdOfKey } from '../../5-invariants/JobTrace.js';
import type { CapturedEvent } from './CapturedEvent.js';
import type { LineError } from './LineError.js';
import { parseJsonlLine } from './jsonlLine.js';
import { monitorEvents } from './monitorEvents.js';
import { MONITOR_OK, parseMonitorLine } from './monitorLine.js';
import { LINE_BYTES_MAX, readLines } from './readLines.js';

/** The formats `etasim check` reads. */
export type CaptureFormat = 'monitor' | 'jsonl';

/** One job of a capture: its events in capture order. A job is a db and an id. */
export interface CapturedJob {
  readonly jobId: string;
  readonly db: number | null;
  readonly events: CapturedEvent[];
}

/** A capture read into jobs. */
export interface Capture {
  /** The file as the user named it (for messages). */
  readonly file: string;
  readonly format: CaptureFormat;
  /** Jobs with at least one progress write, in order of first appearance. */
  readonly jobs: readonly CapturedJob[];
  /** Every job id whose keys appear, whatever the job filter (for "no such job" messages). */
  readonly jobIdsSeen: readonly string[];
  readonly warnings: readonly string[];
  readonly lines: number;
  /** Events kept (commands on job keys). */
  readonly events: number;
}

export interface ReadCaptureOptions {
  readonly format: CaptureFormat | 'auto';
  /** How messages name the file. */
  readonly label: string;
  /** Keep only this job's events. */
  readonly jobId?: string | null;
  /** Errors reported before the read stops. */
  readonly errorsMax?: number;
}

/** Bad lines reported before giving up: enough to see a pattern, not a flood. */
export const ERRORS_MAX = 5;
/** Warnings listed one by one; the rest are counted. */
const WARNINGS_MAX = 10;
/** Dbs named in the warning about a job seen in several. */
const DBS_SHOWN = 10;

const SNIFF_HELP =
  'expected a redis-cli MONITOR line (1733066000.123456 [0 127.0.0.1:53422] "SETEX" …) or a JSON object per line; pass --format monitor|jsonl';

/**
 * Reads a capture as a stream, one line at a time, keeping only the events
 * of job keys. Bad lines throw an InputError of `FILE:LINE:COL: …` lines
 * (at most `errorsMax`); a last line cut off by a killed capture is skipped
 * with a warning.
 */
export async function readCapture(path: string, options: ReadCaptureOptions): Promise<Capture> {
  const file = options.label;
  const errorsMax = options.errorsMax ?? ERRORS_MAX;
  await assertReadable(path, file);
  let format: CaptureFormat | null = options.format === 'auto' ? null : options.format;
  const errors: string[] = [];
  const warnings: string[] = [];
  let pending: { lineNo: number; error: LineError } | null = null;
  const jobs = new Map<string, CapturedJob>();
  const interned = new Map<string, string>();
  const intern = (s: string): string => {
    const known = interned.get(s);
    if (known !== undefined) return known;
    interned.set(s, s);
    return s;
  };
  let kept = 0;
  const seen = new Set<string>();

  const keep = (e: CapturedEvent): void => {
    const jobId = jobIdOfKey(e.key)!;
    seen.add(jobId);
    if (options.jobId != null && jobId !== options.jobId) return;
    const id = `${e.db ?? ''}\u0000${jobId}`;
    let job = jobs.get(id);
    if (!job) {
      job = { jobId, db: e.db, events: [] };
      jobs.set(id, job);
    }
    job.events.push(e);
    kept++;
  };
  const fail = (lineNo: number, col: number, message: string): boolean => {
    errors.push(located(file, lineNo, col, message));
    return errors.length < errorsMax;
  };

  const read = await readLines(path, {
    tooLong: (lineNo) => fail(lineNo, 1, `line longer than ${LINE_BYTES_MAX / (1024 * 1024)} MiB: binary data, not a capture`),
    line(raw, lineNo, invalidUtf8) {
      const text = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (text.trim() === '') return true;
      if (pending !== null) {
        const { lineNo: at, error } = pending;
        pending = null;
        if (!fail(at, error.col, error.message)) return false;
      }
      if (invalidUtf8) {
        const nul = text.indexOf('\0');
        const bad = text.indexOf('\ufffd');
        if (nul >= 0 && nul < bad) return fail(lineNo, nul + 1, 'NUL byte: binary data, not a capture');
        return fail(lineNo, bad + 1, 'invalid UTF-8: binary data, not a capture');
      }
      if (format === null) {
        if (text === MONITOR_OK) return true; // redis-cli's reply to MONITOR: wait for a command line.
        format = sniff(text);
        if (format === null) return fail(lineNo, 1, `cannot tell the format: ${SNIFF_HELP}`);
      }
      if (format === 'jsonl') {
        const parsed = parseJsonlLine(text, lineNo, intern);
        if (isLineError(parsed)) {
          pending = { lineNo, error: parsed };
          return true;
        }
        if (jobIdOfKey(parsed.key) !== null) keep(parsed);
        return true;
      }
      const parsed = parseMonitorLine(text);
      if (parsed === null) return true;
      if (parsed.ok === false) {
        pending = { lineNo, error: parsed };
        return true;
      }
      const events = monitorEvents(parsed, lineNo, intern);
      if (isLineError(events)) {
        pending = { lineNo, error: events };
        return true;
      }
      for (const e of events) keep(e);
      return true;
    },
  }).catch((error: unknown) => {
    throw new InputError(`${file}:1:1: cannot read: ${error instanceof Error ? error.message : String(error)}`);
  });

  const last = pending as { lineNo: number; error: LineError } | null;
  if (last !== null) {
    // A cut-off last line is what a killed capture leaves; in a file that is bad anyway, it is one more error.
    if (errors.length === 0 && (last.error.truncated || !read.endsWithNewline)) {
      warnings.push(located(file, last.lineNo, last.error.col, `skipped the last line, cut off (a capture stopped mid-line?): ${last.error.message}`));
    } else if (errors.length < errorsMax) {
      errors.push(located(file, last.lineNo, last.error.col, last.error.message));
    }
  }
  if (errors.length > 0) {
    if (read.stopped) errors.push(`${file}: stopped after ${errors.length} errors`);
    throw new InputError(errors);
  }
  if (format === null) throw new InputError(located(file, 1, 1, `no command in the file: ${SNIFF_HELP}`));

  const all = [...jobs.values()];
  const checked = all.filter(hasProgressWrite);
  const unchecked = all.filter((j) => !hasProgressWrite(j));
  for (const j of unchecked.slice(0, WARNINGS_MAX)) {
    warnings.push(`${file}: job ${label(j)} has no progress write (only ${j.events.length} reads or deletes of its keys): not checked`);
  }
  if (unchecked.length > WARNINGS_MAX) warnings.push(`${file}: … and ${unchecked.length - WARNINGS_MAX} more jobs without a progress write`);
  const dbsById = new Map<string, number[]>();
  // Appended in place: copying the list per db made one job over 50,000 dbs quadratic.
  for (const j of checked) {
    if (j.db === null) continue;
    const dbs = dbsById.get(j.jobId);
    if (dbs) dbs.push(j.db);
    else dbsById.set(j.jobId, [j.db]);
  }
  for (const [id, dbs] of dbsById) {
    if (dbs.length <= 1) continue;
    const shown = dbs.length > DBS_SHOWN ? `${dbs.slice(0, DBS_SHOWN).join(', ')}, … (${dbs.length} dbs)` : dbs.join(', ');
    warnings.push(`${file}: job ${id} appears in dbs ${shown}: each db is checked as its own job`);
  }
  return { file, format, jobs: checked, jobIdsSeen: [...seen], warnings, lines: read.lines, events: kept };
}

/** A job's label in messages: its id, and its db when the capture says. */
export function label(job: Pick<CapturedJob, 'jobId' | 'db'>): string {
  return job.db === null ? job.jobId : `${job.jobId} (db ${job.db})`;
}

/** The format of a capture from its first line with content; null for redis-cli's bare "OK". */
function sniff(text: string): CaptureFormat | null {
  const s = text.trimStart();
  if (s.startsWith('{')) return 'jsonl';
  if (s === MONITOR_OK) return null;
  if (/^\d+(\.\d+)?\s/.test(s)) return 'monitor';
  return null;
}

function isLineError(x: object): x is LineError {
  return (x as Partial<LineError>).ok === false;
}

function hasProgressWrite(job: CapturedJob): boolean {
  const { progress: progressKey, channel } = jobKeys(job.jobId);
  return job.events.some(
    (e) => (e.key === progressKey && (e.op === 'setex' || e.op === 'set')) || (e.key === channel && e.op === 'publish'),
  );
}

async function assertReadable(path: string, file: string): Promise<void> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new InputError(`${file}:1:1: is a folder; expected a capture file (redis-cli MONITOR output or jsonl)`);
    // A FIFO would block the read until a writer came; /dev/zero would never end.
    if (!s.isFile()) throw new InputError(`${file}:1:1: not a regular file (a FIFO, device or socket); expected a capture file`);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${file}:1:1: cannot read: ${code === 'ENOENT' ? 'no such file' : code ?? String(error)}`);
  }
}
