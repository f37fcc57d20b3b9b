import { lineError, type LineError } from './LineError.js';

/**
 * One line of `redis-cli MONITOR` output, read but not yet decoded:
 * `1733066000.123456 [0 127.0.0.1:53422] "SETEX" "progress:job:J" "3600" "{…}"`.
 * Arguments stay as spans of the line so that lines of unrelated keys cost
 * no string building; `monitorArg` decodes one on demand.
 */
export interface MonitorLine {
  readonly ok: true;
  /** Epoch seconds (the server's clock). */
  readonly t: number;
  readonly db: number;
  /** The client as MONITOR prints it: `127.0.0.1:53422`, `[::1]:6379`, `unix:/tmp/redis.sock`, `lua`; '' for pre-2.6 lines without one. */
  readonly addr: string;
  readonly text: string;
  /** Per argument: the index after its opening quote and the index of its closing quote. */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  /** Per argument: it holds at least one backslash escape. */
  readonly escaped: readonly boolean[];
}

/** A line redis-cli prints that is no command: the reply to MONITOR itself. */
export const MONITOR_OK = 'OK';

const EXPECTED_LINE =
  'expected a MONITOR line: a timestamp (1733066000.123456), "[db address]" and quoted arguments';

/**
 * Reads one MONITOR line, checking redis-cli's quoting (sdscatrepr):
 * inside double quotes only `\"`, `\\`, `\n`, `\r`, `\t`, `\a`, `\b` and
 * `\xHH` occur; every other byte is printable ASCII. Returns null for a line
 * that carries no command (redis-cli's leading "OK").
 */
export function parseMonitorLine(text: string): MonitorLine | LineError | null {
  if (text === MONITOR_OK) return null;
  const n = text.length;
  let i = 0;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (i === 0) return lineError(1, EXPECTED_LINE);
  if (i < n && text.charCodeAt(i) === 46 /* . */) {
    i++;
    const fraction = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (i === fraction && i < n) return lineError(i + 1, 'expected the timestamp\'s microseconds after "."');
  }
  const t = Number(text.slice(0, i));
  if (i >= n) return lineError(i + 1, 'the line ends after its timestamp', true);
  if (text.charCodeAt(i) !== 32) return lineError(i + 1, `expected a space after the timestamp, found ${show(text, i)}`);
  i++;
  let db = 0;
  let addr = '';
  if (i >= n) return lineError(i + 1, 'the line ends after its timestamp', true);
  if (text.charCodeAt(i) === 91 /* [ */) {
    i++;
    const dbFrom = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (i >= n) return lineError(i + 1, 'the line ends inside its "[db address]" header', true);
    if (i === dbFrom) return lineError(i + 1, `expected the db number after "[", found ${show(text, i)}`);
    db = Number(text.slice(dbFrom, i));
    if (text.charCodeAt(i) !== 32) return lineError(i + 1, `expected a space after the db number, found ${show(text, i)}`);
    i++;
    // The address may itself hold brackets (IPv6 prints as [::1]:6379): the header ends at `] "`.
    const close = text.indexOf('] "', i);
    if (close < 0) {
      const bracket = text.lastIndexOf(']');
      if (bracket < i) return lineError(n + 1, 'the line ends inside its "[db address]" header', true);
      if (bracket === n - 1 || (bracket === n - 2 && text.charCodeAt(n - 1) === 32)) {
        return lineError(n + 1, 'the line ends after its header, before the command', true);
      }
      return lineError(bracket + 2, `expected a space and the quoted command after "]", found ${show(text, bracket + 1)}`);
    }
    if (close === i) return lineError(i + 1, 'expected the client address after the db number');
    for (let k = i; k < close; k++) {
      const c = text.charCodeAt(k);
      if (c <= 32 || c === 127 || c === 0xfffd) {
        if (c === 32) return lineError(k + 1, 'expected the client address without spaces ("127.0.0.1:53422", "[::1]:6379", "unix:/path", "lua")');
        return lineError(k + 1, badByte(c));
      }
    }
    addr = text.slice(i, close);
    i = close + 2;
  } else if (text.charCodeAt(i) !== 34 /* " */) {
    return lineError(i + 1, `expected "[db address]" after the timestamp, found ${show(text, i)}`);
  }
  const starts: number[] = [];
  const ends: number[] = [];
  const escaped: boolean[] = [];
  for (;;) {
    if (text.charCodeAt(i) !== 34) return lineError(i + 1, `expected a double-quoted argument, found ${show(text, i)}`);
    const open = i;
    let hasEscape = false;
    let j = i + 1;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === 34) break;
      if (c === 92 /* \ */) {
        hasEscape = true;
        if (j + 1 >= n) return lineError(j + 1, 'the line ends inside an escape', true);
        const e = text.charCodeAt(j + 1);
        if (e === 120 /* x */) {
          if (j + 3 >= n) return lineError(j + 1, 'the line ends inside a \\xHH escape', true);
          if (!isHex(text.charCodeAt(j + 2)) || !isHex(text.charCodeAt(j + 3))) {
            return lineError(j + 1, `expected two hex digits after \\x, found ${show(text, j + 2)}`);
          }
          j += 3;
        } else if (SIMPLE_ESCAPES.has(e)) {
          j += 1;
        } else {
          return lineError(j + 1, `unknown escape \\${text[j + 1]}: MONITOR writes only \\" \\\\ \\n \\r \\t \\a \\b and \\xHH`);
        }
      } else if (c < 32 || c === 127 || c === 0xfffd) {
        return lineError(j + 1, badByte(c));
      }
    }
    if (j >= n) return lineError(open + 1, 'unterminated quoted argument: the line ends before its closing quote', true);
    starts.push(open + 1);
    ends.push(j);
    escaped.push(hasEscape);
    i = j + 1;
    if (i >= n) break;
    if (text.charCodeAt(i) === 32 && i + 1 < n && text.charCodeAt(i + 1) === 34) {
      i++;
      continue;
    }
    if (text.slice(i).trim() === '') break;
    return lineError(i + 1, `expected a space and the next quoted argument, or the end of the line, found ${show(text, i)}`);
  }
  return { ok: true, t, db, addr, text, starts, ends, escaped };
}

/** How many arguments (the command included) a line has. */
export function argCount(line: MonitorLine): number {
  return line.starts.length;
}

/** Argument `index` (0 is the command), unescaped, its bytes read as UTF-8. */
export function monitorArg(line: MonitorLine, index: number): string {
  const start = line.starts[index]!;
  const end = line.ends[index]!;
  if (!line.escaped[index]) return line.text.slice(start, end);
  return unescapeRepr(line.text, start, end);
}

const SIMPLE_ESCAPES: ReadonlyMap<number, string> = new Map([
  [34, '"'],
  [92, '\\'],
  [110, '\n'],
  [114, '\r'],
  [116, '\t'],
  [97, '\x07'],
  [98, '\b'],
]);

/**
 * The inverse of sdscatrepr over `text[start, end)`, which parseMonitorLine
 * has checked. Built with join, not `+=`: a rope of slices would keep the
 * whole line alive behind every value a job keeps.
 */
function unescapeRepr(text: string, start: number, end: number): string {
  const parts: string[] = [];
  let from = start;
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length > 0) {
      parts.push(Buffer.from(bytes).toString('utf8'));
      bytes = [];
    }
  };
  for (let j = text.indexOf('\\', start); j >= 0 && j < end; j = text.indexOf('\\', from)) {
    if (j > from) {
      flush();
      parts.push(text.slice(from, j));
    }
    const e = text.charCodeAt(j + 1);
    if (e === 120) {
      bytes.push(parseInt(text.slice(j + 2, j + 4), 16));
      from = j + 4;
    } else {
      flush();
      parts.push(SIMPLE_ESCAPES.get(e)!);
      from = j + 2;
    }
  }
  flush();
  if (end > from) parts.push(text.slice(from, end));
  return parts.join('');
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function badByte(c: number): string {
  if (c === 0) return 'NUL byte: binary data, not MONITOR text';
  if (c === 0xfffd) return 'invalid UTF-8: binary data, not MONITOR text';
  return `control character 0x${c.toString(16).padStart(2, '0')}: MONITOR escapes these as \\xHH`;
}

/** A character of the line for a message: `'x'`, or "the end of the line". */
function show(text: string, i: number): string {
  if (i >= text.length) return 'the end of the line';
  const c = text.charCodeAt(i);
  if (c === 0) return 'a NUL byte';
  if (c < 32 || c === 127) return `control character 0x${c.toString(16).padStart(2, '0')}`;
  return `'${text[i]}'`;
}
