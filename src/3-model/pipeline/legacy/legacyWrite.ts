import type { Connection } from '../../redis/Connection.js';
import { parseIsoMs } from '../../../2-wire/isoTime.js';
import { KEY_TTL_S, legacyMessage } from '../../../2-wire/messages.js';
import type { Job } from '../Job.js';

/** What a legacy writer computed before it writes. */
export interface LegacyFields {
  readonly progress: number;
  readonly stage: string;
  readonly message: string;
  readonly itemsDone: number;
  readonly itemsTotal: number;
  /** ETA from the elapsed time since the start_time key; null elapsed when the key is missing. */
  readonly eta: (elapsedS: number | null) => number;
  /** Whether the writer also overwrites the tracker's last_progress. */
  readonly overwritesTracker: boolean;
}

/**
 * The shape every removed (or missed) writer shares: read `start_time:job:J`
 * for the elapsed time, compute an ETA of its own, SETEX the progress key and
 * PUBLISH the channel, and usually overwrite the tracker's last_progress.
 * Errors are swallowed, as the real writers' bare `except` did.
 */
export async function legacyWrite(job: Job, conn: Connection, fields: LegacyFields): Promise<void> {
  try {
    const started = await conn.get(job.keys.startTime);
    const startedMs = started === null ? NaN : parseIsoMs(started);
    const elapsedS = Number.isNaN(startedMs) ? null : (job.nowMs - startedMs) / 1000;
    const etaS = fields.eta(elapsedS);
    const message = legacyMessage(job.jobId, { ...fields, etaS }, job.nowMs, job.messageNotes);
    if (fields.overwritesTracker && job.tracker) job.tracker.setLastProgress(fields.progress);
    await conn.setex(job.keys.progress, KEY_TTL_S, message);
    await conn.publish(job.keys.channel, message);
  } catch {
    // The real writers log and go on.
  }
}
