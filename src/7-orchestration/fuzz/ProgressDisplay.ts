import { formatBar, formatProgressLine } from './formatProgress.js';
import { ProgressMeter } from './ProgressMeter.js';

/** Where the display writes and how it reads the time: injected by the command. */
export interface ProgressSink {
  readonly write: (text: string) => void;
  readonly isTty: boolean;
  readonly nowMs: () => number;
}

/** A terminal bar is redrawn at most this often. */
const REDRAW_MS = 250;
/** Plain lines come every this many percent of the cases. */
const LINE_EVERY_PCT = 10;

/**
 * The campaign's progress on stderr: a bar redrawn in place on a terminal,
 * a plain line every 10 % of the cases otherwise (logs stay short and their
 * line count does not depend on speed).
 */
export class ProgressDisplay {
  private readonly meter: ProgressMeter;
  private lastDrawMs = -Infinity;
  private nextLineAt: number;
  private drawn = false;

  constructor(
    private readonly sink: ProgressSink,
    private readonly total: number,
    initialRatePerS: number,
  ) {
    this.meter = new ProgressMeter(total, sink.nowMs(), { initialRatePerS });
    this.nextLineAt = this.lineStep();
  }

  private lineStep(): number {
    return Math.max(1, Math.ceil((this.total * LINE_EVERY_PCT) / 100));
  }

  update(done: number, failing: number): void {
    const nowMs = this.sink.nowMs();
    if (this.sink.isTty) {
      if (nowMs - this.lastDrawMs < REDRAW_MS && done < this.total) return;
      this.lastDrawMs = nowMs;
      this.sink.write(`\r${formatBar(this.meter.observe(done, nowMs), failing)}\x1b[K`);
      this.drawn = true;
      return;
    }
    if (done < this.nextLineAt && done < this.total) return;
    while (this.nextLineAt <= done) this.nextLineAt += this.lineStep();
    this.sink.write(formatProgressLine(this.meter.observe(done, nowMs), failing) + '\n');
  }

  /** Ends the bar's line, so that what follows starts on its own. */
  finish(): void {
    if (this.drawn) this.sink.write('\n');
    this.drawn = false;
  }
}
