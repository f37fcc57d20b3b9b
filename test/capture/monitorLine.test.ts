import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { argCount, monitorArg, parseMonitorLine, type MonitorLine } from '../../src/6-formats/capture/monitorLine.js';
import { formatMonitorLine, formatMonitorTime, reprArg } from '../../src/6-formats/capture/monitorFormat.js';
import type { LineError } from '../../src/6-formats/capture/LineError.js';

function ok(text: string): MonitorLine {
  const line = parseMonitorLine(text);
  if (line === null || line.ok === false) throw new Error(`expected a command line: ${JSON.stringify(line)}`);
  return line;
}

function args(line: MonitorLine): string[] {
  return Array.from({ length: argCount(line) }, (_, i) => monitorArg(line, i));
}

function bad(text: string): LineError {
  const line = parseMonitorLine(text);
  if (line === null || line.ok !== false) throw new Error(`expected an error: ${JSON.stringify(line)}`);
  return line;
}

describe('parseMonitorLine: good lines', () => {
  test.each([
    ['TCP client', '1733066000.123456 [0 127.0.0.1:53422] "SETEX" "progress:job:J" "3600" "{}"', 0, '127.0.0.1:53422', ['SETEX', 'progress:job:J', '3600', '{}']],
    ['IPv6 client', '1733066000.123456 [2 [::1]:6379] "get" "k"', 2, '[::1]:6379', ['get', 'k']],
    ['unix socket', '1733066000.123456 [0 unix:/tmp/redis.sock] "PUBLISH" "progress:J" "x"', 0, 'unix:/tmp/redis.sock', ['PUBLISH', 'progress:J', 'x']],
    ['lua script', '1733066000.123456 [0 lua] "set" "progress:job:J" "v"', 0, 'lua', ['set', 'progress:job:J', 'v']],
    ['db 15', '1733066000.000001 [15 10.0.0.7:1234] "MULTI"', 15, '10.0.0.7:1234', ['MULTI']],
    ['empty argument', '1733066000.000001 [0 lua] "SET" "k" ""', 0, 'lua', ['SET', 'k', '']],
    ['pre-2.6 line without [db address]', '1339518083.107412 "keys" "*"', 0, '', ['keys', '*']],
  ])('%s', (_name, text, db, addr, expected) => {
    const line = ok(text);
    expect(line.db).toBe(db);
    expect(line.addr).toBe(addr);
    expect(args(line)).toEqual(expected);
  });

  test('the timestamp keeps its microseconds', () => {
    expect(ok('1733066000.123456 [0 lua] "PING"').t).toBe(1733066000.123456);
  });

  test.each([
    ['\\"', '"'],
    ['\\\\', '\\'],
    ['\\n', '\n'],
    ['\\r', '\r'],
    ['\\t', '\t'],
    ['\\a', '\x07'],
    ['\\b', '\b'],
    ['\\x00', '\0'],
    ['\\x7f', '\x7f'],
    ['caf\\xc3\\xa9', 'café'],
    ['\\xC3\\xA9', 'é'],
    ['\\xe2\\x86\\x92 \\xf0\\x9f\\x98\\x80', '→ 😀'],
    ['\\\\x41', '\\x41'],
    ['\\\\\\"', '\\"'],
    ['\\xff', '\ufffd'],
  ])('escape %s decodes to %j', (escaped, decoded) => {
    expect(args(ok(`1733066000.000001 [0 lua] "SET" "k" "${escaped}"`))[2]).toBe(decoded);
  });

  test("redis-cli's reply to MONITOR is no command", () => {
    expect(parseMonitorLine('OK')).toBeNull();
  });
});

describe('parseMonitorLine: bad lines', () => {
  test.each([
    ['garbage', 'hello world', 1, false],
    ['no space after the timestamp', '1733066000.1[0 lua] "PING"', 13, false],
    ['no db', '1733066000.1 [lua] "PING"', 15, false],
    ['unquoted argument', '1733066000.1 [0 lua] PING', 21, false],
    ['text after a closing quote', '1733066000.1 [0 lua] "SET" "k"x', 31, false],
    ['two spaces between arguments', '1733066000.1 [0 lua] "SET"  "k"', 27, false],
    ['unknown escape', '1733066000.1 [0 lua] "SET" "k" "a\\qb"', 34, false],
    ['bad hex escape', '1733066000.1 [0 lua] "SET" "k" "\\xZZ"', 33, false],
    ['raw control character', '1733066000.1 [0 lua] "SET" "k" "a\x01b"', 34, false],
    ['NUL byte', '1733066000.1 [0 lua] "SET" "k" "a\0b"', 34, false],
    ['unterminated argument', '1733066000.1 [0 lua] "SET" "k" "{\\"a\\": 1', 32, true],
    ['line cut inside an escape', '1733066000.1 [0 lua] "SET" "k" "ab\\', 35, true],
    ['line cut inside \\xHH', '1733066000.1 [0 lua] "SET" "k" "ab\\xe', 35, true],
    ['line cut inside the header', '1733066000.1 [0 127.0.0', 24, true],
    ['line cut after the timestamp', '1733066000.123', 15, true],
    ['space in the address', '1733066000.1 [0 127.0.0.1 :5] "PING"', 26, false],
  ])('%s', (_name, text, col, truncated) => {
    const error = bad(text);
    expect(error.col).toBe(col);
    expect(error.truncated).toBe(truncated);
    expect(error.message.length).toBeGreaterThan(10);
  });
});

describe('formatMonitorLine is the inverse of parseMonitorLine', () => {
  test('timestamps print as %ld.%06ld', () => {
    expect(formatMonitorTime(1733066000.5)).toBe('1733066000.500000');
    expect(formatMonitorTime(1733066000.123456)).toBe('1733066000.123456');
    expect(formatMonitorTime(1733066000)).toBe('1733066000.000000');
  });

  test('sdscatrepr escapes', () => {
    expect(reprArg('plain text')).toBe('"plain text"');
    expect(reprArg('{"a": "b\\c"}')).toBe('"{\\"a\\": \\"b\\\\c\\"}"');
    expect(reprArg('\n\r\t\x07\b\0\x7f')).toBe('"\\n\\r\\t\\a\\b\\x00\\x7f"');
    expect(reprArg('café')).toBe('"caf\\xc3\\xa9"');
  });

  test('any arguments survive a round trip', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 0, max: 2_000_000_000_000_000 }),
        (list, db, us) => {
          const t = us / 1e6;
          const line = ok(formatMonitorLine(t, db, '127.0.0.1:6379', list));
          expect(args(line)).toEqual(list);
          expect(line.db).toBe(db);
          expect(formatMonitorTime(line.t)).toBe(formatMonitorTime(t));
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});
