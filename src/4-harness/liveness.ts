import { jobKeys } from '../2-wire/keys.js';
import { TERMINAL_STATUSES } from '../2-wire/ProgressMessage.js';
import type { TraceEvent } from '../0-trace/TraceEvent.js';

/** Whether a job reached its end: the liveness half of "safety and liveness apart". */
export interface Liveness {
  /** The progress key ends holding a terminal status, so a poller eventually reads the end. */
  readonly ok: boolean;
  /** The status the key ends with (null when it was never written or is not JSON). */
  readonly finalStatus: string | null;
  /** The channel's subscriber received a terminal message. */
  readonly subscriberHeardEnd: boolean;
  /** One sentence for people. */
  readonly summary: string;
}

/** Reads liveness off a run: the last write of `progress:job:J` and what the subscriber received. */
export function livenessOf(trace: readonly TraceEvent[], jobId: string, received: readonly string[]): Liveness {
  const key = jobKeys(jobId).progress;
  let last: TraceEvent | undefined;
  for (const e of trace) if (e.key === key && (e.op === 'setex' || e.op === 'set')) last = e;
  const finalStatus = last?.value == null ? null : statusOf(last.value);
  const ok = finalStatus !== null && TERMINAL_STATUSES.has(finalStatus);
  // Only a message naming a terminal status can be one: skip parsing the rest.
  // The end, when heard, is almost always the last message: look from the end.
  let subscriberHeardEnd = false;
  for (let i = received.length - 1; i >= 0 && !subscriberHeardEnd; i--) {
    const m = received[i]!;
    subscriberHeardEnd = mayBeTerminal(m) && TERMINAL_STATUSES.has(statusOf(m) ?? '');
  }
  const summary = ok
    ? `the job ended '${finalStatus}'${subscriberHeardEnd ? '' : ' (the subscriber never heard it)'}`
    : `the job never reached a terminal message: the key ends ${finalStatus === null ? 'unwritten' : `'${finalStatus}'`}`;
  return { ok, finalStatus, subscriberHeardEnd, summary };
}

function mayBeTerminal(message: string): boolean {
  if (message.includes('\\')) return true;
  for (const status of TERMINAL_STATUSES) if (message.includes(status)) return true;
  return false;
}

function statusOf(value: string): string | null {
  try {
    const o: unknown = JSON.parse(value);
    return typeof o === 'object' && o !== null && 'status' in o && typeof o.status === 'string' ? o.status : null;
  } catch {
    return null;
  }
}
