import FakeTimers from '@sinonjs/fake-timers';

// fake-timers returns a timer object (with five closures) when the host's
// setTimeout does, as Node's does; a run sets thousands of timers and needs
// only their ids. This view of the global differs only there: its
// setTimeout returns a number, so the clock returns plain numeric ids.
const numericTimerGlobal = Object.create(globalThis, {
  setTimeout: { value: () => 0 },
  clearTimeout: { value: () => undefined },
}) as typeof globalThis;
const timers = FakeTimers.withGlobal(numericTimerGlobal);

/**
 * `active`: the callback runs the run's own code, which may call the tracker
 * or change what it reads (a stage's sleep, a scheduled cancel).
 * `passive`: the callback only observes, or only serves the tracker itself
 * (the page's poller, the wake of an external tracker's loop).
 * `declared`: a stage's sleep whose callback only makes a tracker call the
 * tracker was told of beforehand, with its instant (TrackerPort.expectWorkProgress).
 * An external tracker may run ahead past passive and declared timers, never
 * past an active one.
 */
export type TimerKind = 'active' | 'passive' | 'declared';

/** fake-timers' own record of a timer: its due instant. */
interface ScheduledTimer {
  readonly callAt: number;
}

/**
 * Virtual time for one run: a private @sinonjs/fake-timers clock, injected
 * rather than installed, so no global (Date, setTimeout, nextTick) is ever
 * patched and the test runner, fast-check and ioredis-mock keep real ones.
 * Time is integer milliseconds since the Unix epoch.
 */
export class VirtualClock {
  private readonly clock: ReturnType<typeof timers.createClock>;
  /** Bumped by every timer set or cleared: the driver's sign that work moved. */
  changes = 0;
  /** The earliest instant an active timer set since markActiveSets() is due at (Infinity: none set). */
  private earliestActiveSet = Infinity;
  /**
   * Ids of the passive and declared timers set and not cleared: the few a
   * run has at a time (the poller's, the tracker's wake, a stage's batch of
   * sleeps), so that the run's other timers cost nothing extra. Fired ones
   * are pruned when the horizon is asked for.
   */
  private readonly unbounding = new Set<number>();

  constructor(startMs: number) {
    this.clock = timers.createClock(startMs, 1_000_000);
  }

  get nowMs(): number {
    return this.clock.now;
  }

  setTimeout(fn: () => void, ms: number, kind: TimerKind = 'active'): number {
    this.changes++;
    const id = this.clock.setTimeout(fn, ms) as unknown as number;
    if (kind !== 'active') this.unbounding.add(id);
    else this.earliestActiveSet = Math.min(this.earliestActiveSet, this.clock.now + Math.max(0, ms));
    return id;
  }

  /** Starts watching the active timers set from now on (earliestActiveSetMs). */
  markActiveSets(): void {
    this.earliestActiveSet = Infinity;
  }

  /** The earliest instant an active timer set since markActiveSets() is due at, or Infinity. */
  get earliestActiveSetMs(): number {
    return this.earliestActiveSet;
  }

  clearTimeout(id: number): void {
    this.changes++;
    this.unbounding.delete(id);
    this.clock.clearTimeout(id as never);
  }

  /** The due instant (epoch ms) of the earliest active timer (neither passive nor declared), or null when none waits. */
  nextActiveMs(): number | null {
    const scheduled = (this.clock as unknown as { timers?: Map<number, ScheduledTimer> }).timers;
    if (scheduled === undefined) return null;
    let earliest: number | null = null;
    for (const [id, timer] of scheduled) {
      if (!this.unbounding.has(id) && (earliest === null || timer.callAt < earliest)) earliest = timer.callAt;
    }
    for (const id of this.unbounding) if (!scheduled.has(id)) this.unbounding.delete(id);
    return earliest;
  }

  /** Number of timers waiting. */
  get timerCount(): number {
    return this.clock.countTimers();
  }

  /** Jumps to the earliest timer and runs it (and only it). */
  fireNext(): void {
    this.clock.next();
  }

  /**
   * Clears every pending timer: used when a run ends. Time stays where it
   * is: fake-timers' own reset() also rewinds `now` to the start, which made
   * every run report 0 simulated ms.
   */
  reset(): void {
    const nowMs = this.clock.now;
    this.unbounding.clear();
    this.clock.reset();
    this.clock.setSystemTime(nowMs);
  }
}
