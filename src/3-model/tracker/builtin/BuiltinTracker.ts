import { Scope } from '../../../1-kernel/Scope.js';
import { Aborted } from '../../../1-kernel/errors.js';
import { failMessage, KEY_TTL_S, trackerMessage } from '../../../2-wire/messages.js';
import { TrackerModel, type TrackerReading } from '../TrackerModel.js';
import type { StageName } from '../../../2-wire/stages.js';
import type { TrackerContext, TrackerFactory, TrackerPort, WorkReport } from '../TrackerPort.js';

/**
 * The built-in tracker: etasim's model of EnterpriseProgressTracker and its
 * background task as shipped with the fix, writing through the tracker's own
 * connection. The arithmetic is TrackerModel's; this adds the Redis writes
 * and the 0.5 s loop that stops silently on the cancel flag.
 */
export class BuiltinTracker implements TrackerPort {
  readonly model: TrackerModel;
  private loop: Scope | null = null;
  /** Updates skipped because Redis failed (the real tracker logs and carries on). */
  failedUpdates = 0;
  /** Every reading published, for tests and reports. */
  readonly readings: Array<TrackerReading & { atMs: number }> = [];

  private readonly sim: TrackerContext['sim'];
  private readonly conn: TrackerContext['conn'];
  private readonly jobId: string;
  private readonly keys: TrackerContext['keys'];
  private readonly messageNotes: TrackerContext['messageNotes'];

  constructor(context: TrackerContext) {
    this.sim = context.sim;
    this.conn = context.conn;
    this.jobId = context.jobId;
    this.keys = context.keys;
    this.messageNotes = context.messageNotes;
    this.model = new TrackerModel(context.config, context.estimatedTotalS, context.sim.clock.nowMs);
  }

  setStage(name: StageName, totalItems = 0): void {
    this.model.setStage(name, totalItems, this.sim.clock.nowMs);
  }

  updateWorkProgress(itemsDone: number): void {
    this.model.updateWorkProgress(itemsDone);
  }

  /** Its calls cost nothing to make one by one: it takes no schedule. */
  expectWorkProgress(_reports: readonly WorkReport[], _endMs: number, _writes: readonly string[]): boolean {
    return false;
  }

  markStageComplete(): void {
    this.model.markStageComplete();
  }

  setItemsTotal(total: number): void {
    this.model.stageItemsTotal = total;
  }

  setLastProgress(pct: number): void {
    this.model.lastProgress = pct;
  }

  /** `update(force_progress?)`: SETEX then PUBLISH of the tracker's message. */
  async update(forceProgress?: number): Promise<void> {
    const nowMs = this.sim.clock.nowMs;
    const reading = this.model.update(nowMs, forceProgress);
    // Spelled out rather than spread: one reading a tick.
    this.readings.push({ progress: reading.progress, progressExact: reading.progressExact, etaS: reading.etaS, rawEtaS: reading.rawEtaS, stage: reading.stage, atMs: nowMs - this.sim.startMs });
    const message = trackerMessage(this.jobId, reading, nowMs, this.messageNotes);
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
  async startLoop(): Promise<void> {
    if (this.loop) return;
    const scope = new Scope(this.sim.clock);
    this.loop = scope;
    this.runLoop(scope).catch((error: unknown) => {
      if (!(error instanceof Aborted)) throw error;
    });
  }

  /** Stops the loop (the saga's steps finished, or the job is ending). */
  async stopLoop(): Promise<void> {
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

/** The default tracker factory: the built-in model. */
export const builtinTracker: TrackerFactory = async (context) => new BuiltinTracker(context);
