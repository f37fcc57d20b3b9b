import { pyIsoUtc } from './isoTime.js';
import { rememberMessage, type MessageNotes } from './ProgressMessage.js';
import { jsonName, jsonNumber } from '../0-trace/jsonText.js';

export { jobKeys, KEY_TTL_S, type JobKeys } from './keys.js';

/** What the tracker publishes from one update(): its progress, its shown ETA and its stage's display name. */
export interface TrackerMessageFields {
  readonly progress: number;
  readonly etaS: number;
  readonly stage: { readonly displayName: string };
}

/** The tracker's message for one update(), noted in `notes` (the run's) when given. */
export function trackerMessage(jobId: string, reading: TrackerMessageFields, nowMs: number, notes: MessageNotes | null = null): string {
  const done = reading.progress >= 100;
  const etaS = done ? 0 : reading.etaS;
  // The same text JSON.stringify gives for this object (a test pins it), built
  // without the object: the tracker writes one every tick. An ISO time needs no escaping.
  const progress = jsonNumber(reading.progress);
  const stage = jsonName(reading.stage.displayName);
  const eta = jsonNumber(etaS);
  const text =
    `{"job_id":${jsonName(jobId)},"progress":${progress},"progress_percent":${progress},` +
    `"status":${done ? '"completed"' : '"running"'},"stage":${stage},"message":${stage},` +
    `"time_remaining_seconds":${eta},"eta_seconds":${eta},"eta":"${pyIsoUtc(nowMs + etaS * 1000)}",` +
    `"timestamp":${jsonNumber(nowMs / 1000)}}`;
  // Checking the run reads this back once or twice: it need not parse it.
  rememberMessage(notes, text, { status: done ? 'completed' : 'running', progress: reading.progress, eta: etaS, stage: reading.stage.displayName });
  return text;
}

/** The tracker's fail(): stored, never published. */
export function failMessage(jobId: string, message: string, nowMs: number): string {
  return JSON.stringify({ job_id: jobId, progress: 0, status: 'failed', stage: 'Failed', message, timestamp: pyIsoUtc(nowMs) });
}

/** The submission's initial write, before the tracker starts. */
export function initialMessage(jobId: string, estimatedTotalS: number, nowMs: number): string {
  return JSON.stringify({
    job_id: jobId,
    progress: 0.1,
    progress_percent: 0.1,
    status: 'running',
    stage: 'Preparing',
    message: 'Preparing your timetable...',
    time_remaining_seconds: estimatedTotalS,
    eta_seconds: estimatedTotalS,
    eta: pyIsoUtc(nowMs + estimatedTotalS * 1000),
    timestamp: pyIsoUtc(nowMs),
  });
}

/** The terminal handlers of main.py: cancel, timeout, error. */
export type TerminalKind = 'cancelled' | 'timeout' | 'error';

export function terminalMessage(jobId: string, kind: TerminalKind, nowMs: number, error = ''): string {
  const body =
    kind === 'cancelled'
      ? { status: 'cancelled', stage: 'Cancelled', message: 'Generation cancelled by user' }
      : kind === 'timeout'
        ? { status: 'failed', stage: 'Timeout', message: 'Generation timed out after 10 minutes' }
        : { status: 'failed', stage: 'Failed', message: `Generation failed: ${error}` };
  return JSON.stringify({ job_id: jobId, progress: 0, ...body, timestamp: pyIsoUtc(nowMs) });
}

/** A PUBLISH-only informational stage message: no progress, no ETA. Noted in `notes` when given. */
export function infoMessage(jobId: string, stage: string, message: string, nowMs: number, notes: MessageNotes | null = null): string {
  // As JSON.stringify writes it (a test pins it): CP-SAT publishes one a cluster.
  const text = `{"job_id":${jsonName(jobId)},"stage":${jsonName(stage)},"message":${JSON.stringify(message)},"timestamp":"${pyIsoUtc(nowMs)}"}`;
  rememberMessage(notes, text, { status: null, progress: null, stage });
  return text;
}

/** A legacy writer's message: technical stage name, item counts, ISO timestamp. Noted in `notes` when given. */
export function legacyMessage(
  jobId: string,
  fields: { progress: number; etaS: number; stage: string; message: string; itemsDone: number; itemsTotal: number },
  nowMs: number,
  notes: MessageNotes | null = null,
): string {
  const text = JSON.stringify({
    job_id: jobId,
    progress: fields.progress,
    progress_percent: fields.progress,
    status: 'running',
    stage: fields.stage,
    message: fields.message,
    time_remaining_seconds: fields.etaS,
    eta: pyIsoUtc(nowMs + fields.etaS * 1000),
    items_done: fields.itemsDone,
    items_total: fields.itemsTotal,
    timestamp: pyIsoUtc(nowMs),
  });
  rememberMessage(notes, text, { status: 'running', progress: fields.progress, eta: fields.etaS, stage: fields.stage });
  return text;
}
