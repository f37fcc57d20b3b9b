import { jobIdOfKey } from '../../5-invariants/JobTrace.js';
import type { CapturedEvent } from './CapturedEvent.js';
import { UNATTRIBUTED } from './CapturedEvent.js';
import { lineError, type LineError } from './LineError.js';
import { argCount, monitorArg, type MonitorLine } from './monitorLine.js';

/**
 * The commands a check reads, by upper-case name: how many arguments each
 * needs (the command included) at least. Everything else (MULTI, EXEC,
 * EVAL, the pipeline's GETs of other keys, other applications) is skipped.
 */
const KEPT: ReadonlyMap<string, number> = new Map([
  ['SETEX', 4],
  ['PSETEX', 4],
  ['SET', 3],
  ['PUBLISH', 3],
  ['DEL', 2],
  ['UNLINK', 2],
  ['GET', 2],
]);

/**
 * The trace events of one MONITOR line: writes, publishes, deletes and
 * reads of a job's keys (`progress:job:J`, `progress:J`, `start_time:job:J`,
 * `cancel:job:J`). `intern` shares the strings that repeat (keys,
 * addresses) between events.
 */
export function monitorEvents(
  line: MonitorLine,
  lineNo: number,
  intern: (s: string) => string,
): CapturedEvent[] | LineError {
  const command = monitorArg(line, 0).toUpperCase();
  const needed = KEPT.get(command);
  if (needed === undefined) return [];
  const n = argCount(line);
  if (command === 'DEL' || command === 'UNLINK') {
    const out: CapturedEvent[] = [];
    for (let k = 1; k < n; k++) {
      const key = monitorArg(line, k);
      if (jobIdOfKey(key) !== null) out.push(event(line, lineNo, intern, 'del', key));
    }
    return out;
  }
  const key = n > 1 ? monitorArg(line, 1) : '';
  if (jobIdOfKey(key) === null) return [];
  if (n < needed) {
    return lineError(line.ends[n - 1]! + 2, `${command} of ${key} needs ${needed - 1} arguments, found ${n - 1}`);
  }
  switch (command) {
    case 'SETEX':
    case 'PSETEX': {
      const ttl = Number(monitorArg(line, 2));
      if (!Number.isFinite(ttl)) {
        return lineError(line.starts[2]!, `${command} expects a number of ${command === 'SETEX' ? 'seconds' : 'milliseconds'}, found '${monitorArg(line, 2)}'`);
      }
      return [event(line, lineNo, intern, 'setex', key, monitorArg(line, 3), command === 'SETEX' ? ttl : ttl / 1000)];
    }
    case 'SET':
      return [event(line, lineNo, intern, 'set', key, monitorArg(line, 2), setTtlS(line))];
    case 'PUBLISH':
      return [event(line, lineNo, intern, 'publish', key, monitorArg(line, 2))];
    default:
      return [event(line, lineNo, intern, 'get', key)];
  }
}

function event(
  line: MonitorLine,
  lineNo: number,
  intern: (s: string) => string,
  op: CapturedEvent['op'],
  key: string,
  value?: string,
  ttlS?: number,
): CapturedEvent {
  return {
    t: line.t,
    writer: UNATTRIBUTED,
    op,
    key: intern(key),
    ...(value === undefined ? {} : { value }),
    conn: intern(line.addr),
    ...(ttlS === undefined ? {} : { ttl_s: ttlS }),
    db: line.db,
    line: lineNo,
  };
}

/** `SET key value EX s | PX ms …`: the expiry in seconds, when given. */
function setTtlS(line: MonitorLine): number | undefined {
  for (let k = 3; k + 1 < argCount(line); k++) {
    const option = monitorArg(line, k).toUpperCase();
    const amount = Number(monitorArg(line, k + 1));
    if (option === 'EX' && Number.isFinite(amount)) return amount;
    if (option === 'PX' && Number.isFinite(amount)) return amount / 1000;
  }
  return undefined;
}
