import type { StageName, StageSpec } from './stageTable.js';
import type { TrackerConfig } from './TrackerConfig.js';
import { pyRound } from './pyRound.js';

/** What one `update()` computed: the values the tracker publishes. */
export interface TrackerReading {
  /** Published progress: `round(p)` (ties to even), or the forced value. */
  readonly progress: number;
  /** The tracker's internal float progress after this call. */
  readonly progressExact: number;
  /** Shown ETA after smoothing, clamping and the no-jump rule. */
  readonly etaS: number;
  /** The raw, unsmoothed stage-based ETA of this call. */
  readonly rawEtaS: number;
  readonly stage: StageSpec;
}

/**
 * The arithmetic of EnterpriseProgressTracker, with time passed in as
 * integer milliseconds. No clock, no Redis: the same calls give the same
 * numbers, which is what the oracle tests and `bench`'s bare runs rely on.
 */
export class TrackerModel {
  lastProgress = 0;
  currentStage: StageSpec;
  stageStartMs: number;
  stageStartProgress = 0;
  stageItemsTotal = 0;
  stageItemsDone = 0;
  smoothedEtaS: number;
  lastEtaValueS: number;
  lastEtaUpdateMs: number;
  lastUpdateMs: number;
  readonly startMs: number;
  private readonly byName: Map<StageName, number>;

  constructor(
    readonly config: TrackerConfig,
    readonly estimatedTotalS: number,
    nowMs: number,
  ) {
    const first = config.stages[0];
    if (first === undefined) throw new Error('tracker stage table is empty');
    this.byName = new Map(config.stages.map((s, i) => [s.name, i]));
    this.currentStage = first;
    this.startMs = nowMs;
    this.stageStartMs = nowMs;
    this.lastUpdateMs = nowMs;
    this.lastEtaUpdateMs = nowMs;
    this.smoothedEtaS = estimatedTotalS;
    this.lastEtaValueS = estimatedTotalS;
  }

  /** `set_stage(name, total_items)`: unknown names are ignored; progress only moves up to the stage's start. */
  setStage(name: StageName, totalItems: number, nowMs: number): void {
    const index = this.byName.get(name);
    if (index === undefined) return;
    const spec = this.config.stages[index]!;
    if (this.lastProgress >= spec.startPct) {
      this.stageStartProgress = this.lastProgress;
    } else {
      this.stageStartProgress = spec.startPct;
      this.lastProgress = spec.startPct;
    }
    this.currentStage = spec;
    this.stageStartMs = nowMs;
    this.stageItemsTotal = totalItems;
    this.stageItemsDone = 0;
  }

  /** `update_work_progress(n)`. */
  updateWorkProgress(itemsDone: number): void {
    this.stageItemsDone = itemsDone;
  }

  /** `mark_stage_complete()`: forgets the item counts; progress does not move. */
  markStageComplete(): void {
    this.stageItemsTotal = 0;
    this.stageItemsDone = 0;
  }

  /** One `update()` call: progress (unless forced), then the ETA. */
  update(nowMs: number, forceProgress?: number): TrackerReading {
    let progress: number;
    if (forceProgress === undefined) {
      progress = pyRound(this.advanceProgress(nowMs));
    } else {
      progress = forceProgress;
      this.lastProgress = forceProgress;
    }
    const rawEtaS = this.rawEta(nowMs);
    const etaS = this.smoothEta(nowMs, rawEtaS);
    return { progress, progressExact: this.lastProgress, etaS, rawEtaS, stage: this.currentStage };
  }

  private advanceProgress(nowMs: number): number {
    const c = this.config;
    const dtS = (nowMs - this.lastUpdateMs) / 1000;
    this.lastUpdateMs = nowMs;
    const start = this.stageStartProgress;
    const end = this.currentStage.endPct;
    let target: number;
    if (this.stageItemsTotal > 0) {
      target = start + Math.min(1, this.stageItemsDone / this.stageItemsTotal) * (end - start);
    } else {
      const e = (nowMs - this.stageStartMs) / 1000;
      const x = this.currentStage.expectedS;
      const ratio = e < x ? e / x : 1 - c.overtimeGapRatio * 0.5 ** ((e - x) / x);
      target = start + ratio * (end - start);
    }
    target = Math.min(end, target);
    const last = this.lastProgress;
    let next: number;
    if (target > last) {
      next = last + Math.min(c.stepPctPerS * dtS, target - last);
    } else {
      next = last + c.creepPctPerS * dtS;
    }
    next = Math.min(end, next, c.progressCapPct);
    this.lastProgress = next;
    return next;
  }

  /** Remaining time by the stage table: what is left of this stage plus every later one. */
  private rawEta(nowMs: number): number {
    const stages = this.config.stages;
    const index = this.byName.get(this.currentStage.name)!;
    const inStageS = (nowMs - this.stageStartMs) / 1000;
    let remaining = Math.max(1, this.currentStage.expectedS - inStageS);
    for (let i = index + 1; i < stages.length; i++) remaining += stages[i]!.expectedS;
    const p = this.lastProgress;
    if (p > this.config.nearEndPct) {
      const elapsedS = (nowMs - this.startMs) / 1000;
      remaining = Math.min(remaining, Math.floor((elapsedS * (100 - p)) / p));
    }
    return remaining;
  }

  private smoothEta(nowMs: number, rawEtaS: number): number {
    const c = this.config;
    const sinceS = (nowMs - this.lastEtaUpdateMs) / 1000;
    if (sinceS >= c.etaGateS || this.smoothedEtaS === rawEtaS) {
      const alpha = sinceS < c.alphaSwitchS ? c.alphaFast : c.alphaSlow;
      this.smoothedEtaS = Math.floor((1 - alpha) * this.smoothedEtaS + alpha * rawEtaS);
      this.lastEtaUpdateMs = nowMs;
    }
    let shown = Math.min(c.etaMaxS, Math.max(c.etaMinS, this.smoothedEtaS));
    if (shown > this.lastEtaValueS + c.etaRiseMaxS) shown = this.lastEtaValueS;
    this.lastEtaValueS = shown;
    return shown;
  }
}
