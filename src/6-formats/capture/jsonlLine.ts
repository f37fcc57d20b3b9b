import type { TraceOp } from '../../0-trace/TraceEvent.js';
import type { CapturedEvent } from './CapturedEvent.js';
import { lineError, type LineError } from './LineError.js';

const OPS: ReadonlySet<string> = new Set<TraceOp>(['setex', 'publish', 'set', 'del', 'get']);

/**
 * One line of a jsonl trace (contract: "Recorded traces for check"):
 * `{ "t": <epoch s>, "writer": "…", "op": "setex" | "publish" | "set" | "del", "key": "…", "value": "<json string>" }`.
 * Extra fields are allowed; `conn` and `ttl_s` are kept; `get` (an
 * observer's read) is accepted as `etasim run` writes it.
 */
export function parseJsonlLine(text: string, lineNo: number, intern: (s: string) => string): CapturedEvent | LineError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return jsonError(text, error instanceof Error ? error.message : String(error));
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return lineError(1, `expected a JSON object per line ({"t", "writer", "op", "key", "value"}), found ${Array.isArray(parsed) ? 'an array' : typeof parsed}`);
  }
  const o = parsed as Record<string, unknown>;
  const at = (field: string): number => {
    const k = text.indexOf(`"${field}"`);
    return k < 0 ? 1 : k + 1;
  };
  const t = o['t'];
  if (typeof t !== 'number' || !Number.isFinite(t)) return lineError(at('t'), `"t" must be epoch seconds (a number), found ${describe(t)}`);
  const writer = o['writer'];
  if (typeof writer !== 'string' || writer === '') return lineError(at('writer'), `"writer" must be a non-empty string, found ${describe(writer)}`);
  const op = o['op'];
  if (typeof op !== 'string' || !OPS.has(op)) return lineError(at('op'), `"op" must be one of setex, publish, set, del, get, found ${describe(op)}`);
  const key = o['key'];
  if (typeof key !== 'string' || key === '') return lineError(at('key'), `"key" must be a non-empty string, found ${describe(key)}`);
  let value = o['value'];
  if (typeof value === 'object' && value !== null) value = JSON.stringify(value);
  if (value !== undefined && value !== null && typeof value !== 'string') {
    return lineError(at('value'), `"value" must be the string written (JSON text), found ${describe(value)}`);
  }
  if ((op === 'setex' || op === 'set' || op === 'publish') && typeof value !== 'string') {
    return lineError(at('value') === 1 ? text.length : at('value'), `a ${op} needs "value", the string written`);
  }
  const conn = o['conn'];
  if (conn !== undefined && typeof conn !== 'string') return lineError(at('conn'), `"conn" must be a string, found ${describe(conn)}`);
  const ttl = o['ttl_s'];
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isFinite(ttl))) {
    return lineError(at('ttl_s'), `"ttl_s" must be a number of seconds, found ${describe(ttl)}`);
  }
  return {
    t,
    writer: intern(writer),
    op: op as TraceOp,
    key: intern(key),
    ...(value === undefined ? {} : { value: value as string | null }),
    ...(conn === undefined ? {} : { conn: intern(conn) }),
    ...(ttl === undefined ? {} : { ttl_s: ttl as number }),
    db: null,
    line: lineNo,
  };
}

/** JSON.parse's complaint, located: Node names the position for some errors, not for others. */
function jsonError(text: string, message: string): LineError {
  const short = message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
  const position = /at position (\d+)/.exec(message);
  if (position) {
    const pos = Number(position[1]);
    return lineError(pos + 1, `not valid JSON: ${short}`, pos >= text.trimEnd().length);
  }
  if (/Unexpected end of JSON input/.test(message)) return lineError(text.length + 1, 'not valid JSON: the line ends before the object does', true);
  const token = /Unexpected token '(.)'/.exec(message);
  const col = token ? text.indexOf(token[1]!) + 1 : 1;
  return lineError(col > 0 ? col : 1, `not valid JSON: ${short}`);
}

function describe(x: unknown): string {
  if (x === undefined) return 'nothing';
  if (x === null) return 'null';
  if (typeof x === 'string') return `"${x.length > 40 ? x.slice(0, 40) + '…' : x}"`;
  if (typeof x === 'object') return Array.isArray(x) ? 'an array' : 'an object';
  return String(x);
}
