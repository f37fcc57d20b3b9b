import { TERMINAL_STATUSES } from '../../2-wire/ProgressMessage.js';
import type { Connection } from '../redis/Connection.js';
import type { Simulation } from '../../1-kernel/Simulation.js';

const TERMINAL_WORDS = [...TERMINAL_STATUSES];

/**
 * The web page's poller: reads the progress key every `pollMs` and stops
 * once it has read a terminal status. Each read is a `get` in the trace.
 */
export class Poller {
  private timer: number | null = null;
  private waiters: Array<() => void> = [];
  private stopped = false;
  reads = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly conn: Connection,
    private readonly key: string,
    private readonly pollMs: number,
  ) {}

  start(): void {
    this.schedule();
  }

  /** Resolves after the next read (at once when the poller has stopped): the page's last look at the key. */
  nextRead(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.sim.clock.clearTimeout(this.timer);
    this.timer = null;
    this.wake();
  }

  /** Passive: the page only reads, so an external tracker may run ahead past a poll. */
  private schedule(): void {
    this.timer = this.sim.clock.setTimeout(() => {
      this.timer = null;
      void this.read();
    }, this.pollMs, 'passive');
  }

  private async read(): Promise<void> {
    let value: string | null = null;
    try {
      value = await this.conn.observe(this.key);
    } catch {
      value = null;
    }
    this.reads++;
    if (value !== null && TERMINAL_STATUSES.has(statusOf(value))) {
      this.stop();
      return;
    }
    this.wake();
    if (!this.stopped) this.schedule();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

function statusOf(value: string): string {
  // A status can only be terminal if its word is in the text (or hidden behind an escape): skip parsing the rest.
  if (!value.includes('\\') && !TERMINAL_WORDS.some((w) => value.includes(w))) return '';
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && 'status' in parsed ? String(parsed.status) : '';
  } catch {
    return '';
  }
}
