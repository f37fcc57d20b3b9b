import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { VirtualClock, type TimerKind } from './VirtualClock.js';
import { Scope } from './Scope.js';
import { SimulationBoundError, SimulationHalted } from './errors.js';

/** Bounds of one run: reaching one is a reported failure, never a hang. */
export interface SimulationLimits {
  readonly virtualMsMax: number;
  readonly stepsMax: number;
  readonly settleRoundsMax: number;
}

/**
 * How the driver waits for work in flight. `microtask`: the work finishes
 * within nextTick and microtask rounds (the embedded mock), so a settle
 * spins those rounds and waits for real I/O only when something in flight
 * stops moving (an external tracker's pipe). `macrotask`: one event-loop
 * turn per settle (a real server: replies are socket I/O).
 */
export type SettleMode = 'microtask' | 'macrotask';

/** In microtask mode, one real event-loop turn every this many settles, so that GC, I/O and real timers still run. */
const SETTLES_PER_MACROTASK = 32;

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
  /** Bumped by every begin and end: with the clock's `changes`, the sign that work moved during a round. */
  private activity = 0;
  private settles = 0;
  readonly startMs: number;

  constructor(
    startMs: number,
    private readonly limits: SimulationLimits = DEFAULT_LIMITS,
    private readonly settleMode: SettleMode = 'macrotask',
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
  sleep(ms: number, kind: TimerKind = 'active'): Promise<void> {
    return new Promise((resolve) => this.clock.setTimeout(resolve, ms, kind));
  }

  /**
   * The first virtual instant (epoch ms) at which the run's own code can
   * run again: its earliest active timer, else the end of its time limit.
   * Until then only passive timers fire, so a participant whose behaviour
   * depends on nothing else (an external tracker's loop) may run ahead to
   * just before it.
   */
  horizonMs(): number {
    return this.clock.nextActiveMs() ?? this.startMs + this.limits.virtualMsMax + 1;
  }

  /** Counts `promise` as work in flight until it settles. */
  track<T>(promise: Promise<T>): Promise<T> {
    this.begin();
    return promise.then(this.endWith as (value: T) => T, this.endThrowing);
  }

  // Bound once: a run tracks thousands of commands.
  private readonly endWith = <T>(value: T): T => {
    this.end();
    return value;
  };

  private readonly endThrowing = (error: unknown): never => {
    this.end();
    throw error;
  };

  /** Something will arrive later (a pub/sub delivery): time must not move until `end()` says it did. */
  begin(): void {
    this.inflight++;
    this.activity++;
  }

  end(): void {
    this.inflight--;
    this.activity++;
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
    if (this.settleMode === 'microtask' && ++this.settles % SETTLES_PER_MACROTASK !== 0) {
      if (await this.settleInTicks()) return;
    }
    await this.settleInTurns();
  }

  /**
   * Spins nextTick rounds. The first round runs once the microtask queue
   * has drained (the work the last timer started), and each round re-queues
   * itself behind every tick queued so far, so a round in which no command
   * began or ended and no timer was set or cleared, with nothing in flight,
   * means the run is idle. True when idle (or halted); false when something
   * in flight stopped moving, which only real I/O can finish: the caller
   * then waits for it for real.
   *
   * Node runs every queued tick before any microtask, so the later rounds
   * see only work done in ticks: the embedded mock's pub/sub deliveries.
   * That holds because their handler (the subscriber's) is synchronous; a
   * delivery handler that started async work would need the settle to wait
   * for it too.
   */
  private settleInTicks(): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      let seen = -1;
      let rounds = 0;
      const round = (): void => {
        const now = this.activity + this.clock.changes;
        if (this.halted) return resolve(true);
        if (now === seen) return resolve(this.inflight === 0);
        if (++rounds > this.limits.settleRoundsMax) {
          return reject(new SimulationBoundError(`work still moving after ${this.limits.settleRoundsMax} settle rounds`));
        }
        seen = now;
        process.nextTick(round);
      };
      process.nextTick(round);
    });
  }

  private async settleInTurns(): Promise<void> {
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
