/** What the progress display shows after one observation. */
export interface ProgressReading {
  readonly done: number;
  readonly total: number;
  /** Smoothed cases per second, or null before any was measured and without a guess. */
  readonly ratePerS: number | null;
  /** Seconds left as shown: ≥ 1 while cases remain, 0 when done, null only without any rate. */
  readonly etaS: number | null;
}

/** Tuning of the meter. */
export interface ProgressMeterOptions {
  /** Weight of the newest rate sample (tqdm's default 0.3). */
  readonly smoothing?: number;
  /** Largest rise of the shown ETA between two observations: our own eta-jump tolerance. */
  readonly etaRiseMaxS?: number;
  /** A guess of the rate before anything was measured, like the tracker's initial estimate. */
  readonly initialRatePerS?: number | null;
}

/**
 * The campaign's own progress and ETA, held to the invariants we check the
 * tracker for: the count never goes down, the ETA is never 0 or missing
 * while cases remain (it shows at least 1 s, starting from a guess), and it
 * never rises by more than `etaRiseMaxS` between two observations. The rate
 * is an exponential moving average of per-observation rates, bias-corrected
 * (as tqdm does). Pure: time comes in as an argument.
 */
export class ProgressMeter {
  private readonly smoothing: number;
  private readonly etaRiseMaxS: number;
  private readonly initialRatePerS: number | null;
  private emaRate = 0;
  private samples = 0;
  private lastDone = 0;
  private lastMs: number;
  private lastEtaS: number | null = null;

  constructor(
    readonly total: number,
    startMs: number,
    options: ProgressMeterOptions = {},
  ) {
    this.smoothing = options.smoothing ?? 0.3;
    this.etaRiseMaxS = options.etaRiseMaxS ?? 5;
    this.initialRatePerS = options.initialRatePerS ?? null;
    this.lastMs = startMs;
  }

  /** The rate measured so far, bias-corrected, or the guess before any measurement. */
  get ratePerS(): number | null {
    if (this.samples === 0) return this.initialRatePerS;
    return this.emaRate / (1 - (1 - this.smoothing) ** this.samples);
  }

  /** Records that `done` cases are finished at `nowMs` and returns what to show. */
  observe(done: number, nowMs: number): ProgressReading {
    const shownDone = Math.max(this.lastDone, Math.min(done, this.total));
    const dtS = (nowMs - this.lastMs) / 1000;
    if (dtS > 0 && shownDone > this.lastDone) {
      const sample = (shownDone - this.lastDone) / dtS;
      this.emaRate = this.smoothing * sample + (1 - this.smoothing) * this.emaRate;
      this.samples++;
      this.lastMs = nowMs;
      this.lastDone = shownDone;
    }
    const rate = this.ratePerS;
    let etaS: number | null;
    if (shownDone >= this.total) etaS = 0;
    else if (rate === null || rate <= 0) etaS = this.lastEtaS;
    else {
      // The tolerance keeps float noise (900 / 99.99999999999999) from adding a second.
      etaS = Math.max(1, Math.ceil((this.total - shownDone) / rate - 1e-9));
      if (this.lastEtaS !== null && etaS > this.lastEtaS + this.etaRiseMaxS) etaS = this.lastEtaS + this.etaRiseMaxS;
    }
    this.lastEtaS = etaS;
    return { done: shownDone, total: this.total, ratePerS: rate, etaS };
  }
}
