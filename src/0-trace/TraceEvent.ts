/** Redis operations a trace records. `get` is an observer's read (the web page's poller). */
export type TraceOp = 'setex' | 'publish' | 'set' | 'del' | 'get';

/**
 * One line of a trace (contract: "Recorded traces", jsonl). `t` is epoch
 * seconds (virtual in a simulation); `value` is the raw string written, or
 * read for a `get`. `conn` and `ttl_s` are extensions: the connection the
 * command went through and a SETEX's expiry.
 */
export interface TraceEvent {
  readonly t: number;
  readonly writer: string;
  readonly op: TraceOp;
  readonly key: string;
  readonly value?: string | null;
  readonly conn?: string;
  readonly ttl_s?: number;
}

/** The virtual epoch at which every simulated job starts (2024-12-01T15:13:20Z). */
export const VIRTUAL_EPOCH_MS = 1_733_066_000_000;
