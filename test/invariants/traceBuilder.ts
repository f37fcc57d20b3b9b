import type { TraceEvent } from '../../src/0-trace/TraceEvent.js';

/** Builds small hand-written traces of job J: each helper writes the key and publishes, as the service does. */
export class TraceBuilder {
  readonly events: TraceEvent[] = [];
  constructor(readonly jobId = 'J', readonly t0 = 1_733_066_000) {}

  private both(atS: number, writer: string, message: object, publish = true): this {
    const value = JSON.stringify({ job_id: this.jobId, ...message });
    this.events.push({ t: this.t0 + atS, writer, op: 'setex', key: `progress:job:${this.jobId}`, value });
    if (publish) this.events.push({ t: this.t0 + atS, writer, op: 'publish', key: `progress:${this.jobId}`, value });
    return this;
  }

  start(atS = 0, etaS = 720): this {
    this.events.push({ t: this.t0 + atS, writer: 'api', op: 'setex', key: `start_time:job:${this.jobId}`, value: '2024-12-01T15:13:20+00:00' });
    return this.both(atS, 'api', { progress: 0.1, status: 'running', stage: 'Preparing', time_remaining_seconds: etaS });
  }

  tracker(atS: number, progress: number, etaS: number, stage = 'Creating initial schedule'): this {
    return this.both(atS, 'tracker', { progress, progress_percent: progress, status: 'running', stage, time_remaining_seconds: etaS, timestamp: this.t0 + atS });
  }

  legacy(atS: number, writer: string, progress: number, etaS: number, stage = 'cpsat'): this {
    return this.both(atS, writer, { progress, status: 'running', stage, time_remaining_seconds: etaS, items_done: 1, items_total: 2 });
  }

  info(atS: number, message = 'Cluster 1/2: solved'): this {
    this.events.push({ t: this.t0 + atS, writer: 'saga', op: 'publish', key: `progress:${this.jobId}`, value: JSON.stringify({ job_id: this.jobId, stage: 'cpsat', message }) });
    return this;
  }

  complete(atS: number): this {
    return this.both(atS, 'tracker', { progress: 100, status: 'completed', stage: 'Finalizing timetable', time_remaining_seconds: 0 });
  }

  terminal(atS: number, status: 'cancelled' | 'failed', writer = 'api', publish = true): this {
    return this.both(atS, writer, { progress: 0, status, stage: status === 'cancelled' ? 'Cancelled' : 'Failed' }, publish);
  }

  /** A tracker that ticks every 0.5 s from `fromS` to `toS`, progress and ETA linear between the given ends. */
  ticks(fromS: number, toS: number, p0: number, p1: number, eta0: number, eta1: number, stage?: string): this {
    const n = Math.round((toS - fromS) / 0.5);
    for (let i = 0; i <= n; i++) {
      const f = n === 0 ? 0 : i / n;
      this.tracker(fromS + i * 0.5, Math.round(p0 + f * (p1 - p0)), Math.round(eta0 + f * (eta1 - eta0)), stage);
    }
    return this;
  }
}
