import type { InvariantId } from './InvariantId.js';
import type { TraceEvent } from '../0-trace/TraceEvent.js';

/** Which of the web page's two views saw something: the channel's messages, or a 2 s poller's reads of the key. */
export type View = 'channel' | 'poller' | 'key';

/** One broken invariant, with the events that witness it. */
export interface Violation {
  readonly invariant: InvariantId;
  /** Seconds since the job started (virtual in a simulation). */
  readonly at_s: number;
  /** Who wrote the offending message. */
  readonly writer: string;
  readonly view: View;
  /** One sentence a person reads: what happened and why it breaks the invariant. */
  readonly message: string;
  /** The smallest set of trace events that shows it (e.g. the two messages of a jump). */
  readonly witnesses: readonly TraceEvent[];
}
