import type { Connection } from '../redis/Connection.js';
import type { Simulation } from '../../1-kernel/Simulation.js';
import { Scope } from '../../1-kernel/Scope.js';
import { Aborted } from '../../1-kernel/errors.js';
import { failMessage, KEY_TTL_S, trackerMessage, type JobKeys } from '../../2-wire/messages.js';
import { TrackerModel, type TrackerReading } from './TrackerModel.js';
import type { TrackerConfig } from './TrackerConfig.js';

/**
 * EnterpriseProgressTracker and its background task, writing through the
 * tracker's own connection. The arithmetic is TrackerModel's; this adds the
 * Redis writes and the 0.5 s loop that stops silently on the cancel flag.
 */
export class Tracker {
  readonly model: TrackerModel;
  private loop: Scope | null = null;
  /** Updates skipped because Redis failed (the real tracker logs and carries on). */
  failedUpdates = 0;
  /** Every reading published, for tests and reports. */
  readonly readings: Array<TrackerReading & { atMs: number }> = [];

  constructor(
    private readonly sim: Simulation,
    private readonly conn: Connection,
    private readonly jobId: string,
    private readonly keys: JobKeys,
    config: TrackerConfig,
    estimatedTotalS: number,
  ) {
    this.model = new TrackerModel(config, estimatedTotalS, sim.clock.nowMs);
  }

  /** `update(force_progress?)`: SETEX then PUBLISH of the tracker's message. */
  async update(forceProgress?: number): Promise<void> {
    const nowMs = this.sim.clock.nowMs;
    const reading = this.model.update(nowMs, forceProgress);
    this.readings.push({ ...reading, atMs: nowMs - this.sim.startMs });
    const message = trackerMessage(this.jobId, reading, nowMs);
    try {
      await this.conn.setex(this.keys.progress, KEY_TTL_S, message);
      await this.conn.publish(this.keys.channel, message);
    } catch {
      this.failedUpdates++;
    }
  }

  /** `complete()`: update(force_progress = 100). */
  complete(): Promise<void> {
    return this.update(100);
  }

  /** `fail(msg)`: SETEX only. A subscriber never hears it. */
  async fail(message: string): Promise<void> {
    try {
      await this.conn.setex(this.keys.progress, KEY_TTL_S, failMessage(this.jobId, message, this.sim.clock.nowMs));
    } catch {
      this.failedUpdates++;
    }
  }

  /** Starts the background loop: every tick, read the cancel flag, then update(). */
  startLoop(): void {
    if (this.loop) return;
    const scope = new Scope(this.sim.clock);
    this.loop = scope;
    this.runLoop(scope).catch((error: unknown) => {
      if (!(error instanceof Aborted)) throw error;
    });
  }

  /** Stops the loop (the saga's steps finished, or the job is ending). */
  stopLoop(): void {
    this.loop?.abort('stopped');
  }

  get looping(): boolean {
    return this.loop !== null && !this.loop.aborted;
  }

  /**
   * ProgressUpdateTask._update_loop: check the cancel flag, update, then
   * sleep one tick. The real loop updates before its first sleep, so its
   * first tick lands right after start (t = 0), not one period later.
   */
  private async runLoop(scope: Scope): Promise<void> {
    const ticksMax = Math.ceil(24 * 3600 * 1000 / this.model.config.tickMs);
    for (let tick = 0; tick < ticksMax; tick++) {
      let cancelled: string | null;
      try {
        cancelled = await this.conn.get(this.keys.cancel);
      } catch {
        cancelled = null;
      }
      scope.throwIfAborted();
      if (cancelled) {
        scope.abort('cancel flag');
        return;
      }
      await this.update();
      await scope.sleep(this.model.config.tickMs);
    }
  }
}
