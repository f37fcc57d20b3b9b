import type { TraceEvent } from './TraceEvent.js';

/** Collects trace events in the order commands were issued. */
export class Recorder {
  readonly events: TraceEvent[] = [];

  record(event: TraceEvent): void {
    this.events.push(event);
  }
}
