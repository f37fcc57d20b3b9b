/** Redis keys and channel of job `jobId` (system.md, "Redis keys and channels"). */
export interface JobKeys {
  readonly progress: string;
  readonly channel: string;
  readonly startTime: string;
  readonly cancel: string;
}

export function jobKeys(jobId: string): JobKeys {
  return {
    progress: `progress:job:${jobId}`,
    channel: `progress:${jobId}`,
    startTime: `start_time:job:${jobId}`,
    cancel: `cancel:job:${jobId}`,
  };
}

/** Expiry of every key the service writes. */
export const KEY_TTL_S = 3600;

/** The job a key (or channel) belongs to, or null for an unrelated key. */
export function jobIdOfKey(key: string): string | null {
  const m = /^(?:progress:job:|start_time:job:|cancel:job:|progress:)(.+)$/.exec(key);
  if (!m) return null;
  const id = m[1]!;
  return key.startsWith('progress:') && !key.startsWith('progress:job:') && id.startsWith('job:') ? null : id;
}

/** Every key and channel of job `jobId`. */
export function jobKeySet(jobId: string): ReadonlySet<string> {
  const k = jobKeys(jobId);
  return new Set([k.progress, k.channel, k.startTime, k.cancel]);
}

/** Job ids of etasim's own runs start with this, so that its keys are told from anyone else's. */
export const SIM_JOB_PREFIX = 'sim-';

/** Whether `key` is one etasim writes: a key or channel of one of its jobs, or its own `etasim:` keys (the run lock). */
export function isEtasimKey(key: string): boolean {
  return key.startsWith('etasim:') || (jobIdOfKey(key)?.startsWith(SIM_JOB_PREFIX) ?? false);
}
