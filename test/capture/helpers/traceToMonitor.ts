import type { TraceEvent } from '../../../src/0-trace/TraceEvent.js';
import { formatMonitorLine } from '../../../src/6-formats/capture/monitorFormat.js';

/** How a simulated trace becomes MONITOR text. */
export interface ToMonitorOptions {
  /** Put api, saga and tracker on one client address, as the real service does. */
  readonly shared?: boolean;
  readonly db?: number;
  /** Send commands in lower case (ioredis) instead of upper case (redis-py). */
  readonly lowerCase?: boolean;
  /** Interleave a line of unrelated keys before every job line. */
  readonly noise?: boolean;
}

/**
 * A trace as `redis-cli MONITOR` would have printed it: one line per
 * command, a fake client address per connection (`conn`), the leading "OK".
 */
export function traceToMonitor(events: readonly TraceEvent[], options: ToMonitorOptions = {}): string {
  const addresses = new Map<string, string>();
  const addressOf = (conn: string): string => {
    const name = options.shared && (conn === 'api' || conn === 'saga' || conn === 'tracker') ? 'shared' : conn;
    let addr = addresses.get(name);
    if (addr === undefined) {
      addr = `127.0.0.1:${50000 + addresses.size}`;
      addresses.set(name, addr);
    }
    return addr;
  };
  const db = options.db ?? 0;
  let out = 'OK\n';
  for (const e of events) {
    const name = (c: string): string => (options.lowerCase ? c.toLowerCase() : c);
    const args =
      e.op === 'setex'
        ? [name('SETEX'), e.key, String(e.ttl_s ?? 3600), e.value ?? '']
        : e.op === 'set'
          ? [name('SET'), e.key, e.value ?? '']
          : e.op === 'publish'
            ? [name('PUBLISH'), e.key, e.value ?? '']
            : e.op === 'del'
              ? [name('DEL'), e.key]
              : [name('GET'), e.key];
    if (options.noise) out += formatMonitorLine(e.t, db, '127.0.0.1:40000', ['SET', 'session:other', '{"user":"x"}']) + '\n';
    out += formatMonitorLine(e.t, db, addressOf(e.conn ?? e.writer), args) + '\n';
  }
  return out;
}
