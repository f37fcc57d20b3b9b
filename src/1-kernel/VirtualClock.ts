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
 * Virtual time for one run: a private @sinonjs/fake-timers clock, injected
 * rather than installed, so no global (Date, setTimeout, nextTick) is ever
 * patched and the test runner, fast-check and ioredis-mock keep real ones.
 * Time is integer milliseconds since the Unix epoch.
 */
export class VirtualClock {
  private readonly clock: ReturnType<typeof timers.createClock>;
  /** Bumped by every timer set or cleared: the driver's sign that work moved. */
  changes = 0;

  constructor(startMs: number) {
    this.clock = timers.createClock(startMs, 1_000_000);
  }

  get nowMs(): number {
    return this.clock.now;
  }

  setTimeout(fn: () => void, ms: number): number {
    this.changes++;
    return this.clock.setTimeout(fn, ms) as unknown as number;
  }

  clearTimeout(id: number): void {
    this.changes++;
    this.clock.clearTimeout(id as never);
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
    this.clock.reset();
    this.clock.setSystemTime(nowMs);
  }
}
