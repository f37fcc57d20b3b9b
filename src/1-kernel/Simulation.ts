import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { VirtualClock } from './VirtualClock.js';
import { Scope } from './Scope.js';
import { SimulationBoundError, SimulationHalted } from './errors.js';

/** Bounds of one run: reaching one is a reported failure, never a hang. */
export interface SimulationLimits {
  readonly virtualMsMax: number;
  readonly stepsMax: number;
  readonly settleRoundsMax: number;
}

export const DEFAULT_LIMITS: SimulationLimits = {
  virtualMsMax: 24 * 3600 * 1000,
  stepsMax: 2_000_000,
  settleRoundsMax: 100_000,
};

/**
 * The discrete-event driver. It alternates two moves: let everything in
 * flight settle (promise chains, Redis replies, pub/sub deliveries, counted
 * by `track` and `expect`), then jump virtual time to the next timer. Time
 * never moves while a command is in flight, so a run is the same on the
 * embedded mock and on a real server.
 */
export class Simulation {
  readonly clock: VirtualClock;
  readonly root: Scope;
  private inflight = 0;
  private halted: SimulationHalted | null = null;
  private idleWaiter: (() => void) | null = null;
  readonly startMs: number;

  constructor(
    startMs: number,
    private readonly limits: SimulationLimits = DEFAULT_LIMITS,
  ) {
    this.clock = new VirtualClock(startMs);
    this.root = new Scope(this.clock);
    this.startMs = startMs;
  }

  /** Milliseconds since the run started. */
  get elapsedMs(): number {
    return this.clock.nowMs - this.startMs;
  }

  /** Sleeps `ms` of virtual time (not abortable: for latency a command must sit out). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.setTimeout(resolve, ms));
  }

  /** Counts `promise` as work in flight until it settles. */
  track<T>(promise: Promise<T>): Promise<T> {
    this.begin();
    return promise.finally(() => this.end());
  }

  /** Something will arrive later (a pub/sub delivery): time must not move until `end()` says it did. */
  begin(): void {
    this.inflight++;
  }

  end(): void {
    this.inflight--;
    if (this.inflight === 0 && this.idleWaiter) {
      const wake = this.idleWaiter;
      this.idleWaiter = null;
      wake();
    }
  }

  /** Stops the run at its next step with `reason` (the first reason wins). */
  halt(reason: SimulationHalted): void {
    this.halted ??= reason;
    if (this.idleWaiter) {
      const wake = this.idleWaiter;
      this.idleWaiter = null;
      wake();
    }
  }

  private async settle(): Promise<void> {
    for (let round = 0; round < this.limits.settleRoundsMax; round++) {
      // One macrotask turn drains every nextTick and microtask queued so far.
      await nextMacrotask();
      if (this.inflight === 0 || this.halted) return;
      await new Promise<void>((resolve) => {
        this.idleWaiter = resolve;
      });
    }
    throw new SimulationBoundError(`work still in flight after ${this.limits.settleRoundsMax} settle rounds`);
  }

  /**
   * Runs `main` to completion under virtual time and returns its result.
   * Throws SimulationBoundError when time or steps run out, or when nothing
   * is scheduled but `main` has not finished (a deadlock in the model).
   */
  async run<T>(main: () => Promise<T>): Promise<T> {
    let finished = false;
    let result: T | undefined;
    let failure: unknown = null;
    main().then(
      (value) => {
        finished = true;
        result = value;
      },
      (error: unknown) => {
        finished = true;
        failure = error ?? new Error('simulation failed');
      },
    );
    for (let step = 0; ; step++) {
      await this.settle();
      if (this.halted) {
        this.root.abort('halted');
        this.clock.reset();
        throw this.halted;
      }
      if (finished) break;
      if (this.clock.timerCount === 0) throw new SimulationBoundError('deadlock: nothing scheduled and the job has not ended');
      if (step >= this.limits.stepsMax) throw new SimulationBoundError(`more than ${this.limits.stepsMax} events`);
      if (this.elapsedMs > this.limits.virtualMsMax) {
        throw new SimulationBoundError(`virtual time passed ${this.limits.virtualMsMax / 1000} s`);
      }
      this.clock.fireNext();
    }
    this.root.abort('run ended');
    this.clock.reset();
    if (failure !== null) throw failure;
    return result as T;
  }
}
