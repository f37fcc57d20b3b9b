import type { TraceOp } from '../../0-trace/TraceEvent.js';

/**
 * One recorded command of a capture, as a trace event plus where it came
 * from. `writer` is filled by attribution for MONITOR captures (named in the
 * file for jsonl); `conn` holds the client address MONITOR printed.
 */
export interface CapturedEvent {
  readonly t: number;
  writer: string;
  readonly op: TraceOp;
  readonly key: string;
  readonly value?: string | null;
  readonly conn?: string;
  readonly ttl_s?: number;
  /** The Redis db (MONITOR captures); null when the capture does not say. */
  readonly db: number | null;
  /** 1-based line of the capture file. */
  readonly line: number;
}

/** Writer placeholder of a MONITOR event before attribution. */
export const UNATTRIBUTED = '';
