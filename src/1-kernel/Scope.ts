import type { TimerKind, VirtualClock } from './VirtualClock.js';
import { Aborted } from './errors.js';

/**
 * A group of virtual-time sleeps that can be aborted together, the way
 * asyncio cancels a step's task when its timeout fires. Aborting clears the
 * pending timers and rejects their sleeps with `Aborted(reason)`.
 */
export class Scope {
  private readonly pending = new Map<number, (error: Aborted) => void>();
  private abortReason: Aborted | null = null;

  constructor(private readonly clock: VirtualClock) {}

  /** Sleeps `ms` of virtual time, unless the scope is aborted first; `kind` as VirtualClock.setTimeout takes it. */
  sleep(ms: number, kind: TimerKind = 'active'): Promise<void> {
    if (this.abortReason) return Promise.reject(this.abortReason);
    return new Promise<void>((resolve, reject) => {
      const id = this.clock.setTimeout(() => {
        this.pending.delete(id);
        resolve();
      }, ms, kind);
      this.pending.set(id, reject);
    });
  }

  /** Throws when the scope was aborted: a task checks this between its awaits. */
  throwIfAborted(): void {
    if (this.abortReason) throw this.abortReason;
  }

  get aborted(): boolean {
    return this.abortReason !== null;
  }

  abort(reason: unknown): void {
    if (this.abortReason) return;
    this.abortReason = new Aborted(reason);
    for (const [id, reject] of this.pending) {
      this.clock.clearTimeout(id);
      reject(this.abortReason);
    }
    this.pending.clear();
  }
}
