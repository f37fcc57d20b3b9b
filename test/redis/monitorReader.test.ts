import { describe, expect, test } from 'vitest';
import { MonitorReader, type MonitorRead } from '../../src/9-cli/monitor/MonitorReader.js';
import { handshake, monitorTarget, respCommand } from '../../src/9-cli/monitor/connectMonitor.js';
import { formatMonitorLine } from '../../src/6-formats/capture/monitorFormat.js';

const LINES = [
  formatMonitorLine(1733066000.5, 0, '127.0.0.1:53422', ['SETEX', 'progress:job:r1', '3600', '{"progress": 0.1, "message": "Préparation…\\n"}']),
  formatMonitorLine(1733066000.75, 15, '[::1]:6379', ['set', 'other', 'back\\slash "quoted" tab\t']),
  formatMonitorLine(1733066001, 0, 'lua', ['publish', 'progress:r1', '{}']),
];

/** What the server sends: the handshake's replies, then each command as a status reply. */
function stream(replies: readonly string[], lines: readonly string[]): Buffer {
  return Buffer.from([...replies, ...lines.map((l) => `+${l}`)].map((r) => `${r}\r\n`).join(''), 'utf8');
}

/** Reads `bytes` in pieces cut at `cuts`, joining what each read gave. */
function readAll(reader: MonitorReader, bytes: Buffer, cuts: readonly number[]): { replies: string[]; capture: string; lines: number; fault: string | null } {
  const reads: MonitorRead[] = [];
  let from = 0;
  for (const to of [...cuts, bytes.length]) {
    reads.push(reader.read(bytes.subarray(from, to)));
    from = to;
  }
  return {
    replies: reads.flatMap((r) => r.replies.map((x) => `${x.ok ? '+' : '-'}${x.text}`)),
    capture: Buffer.concat(reads.flatMap((r) => (r.capture === null ? [] : [r.capture]))).toString('utf8'),
    lines: reads.reduce((n, r) => n + r.lines, 0),
    fault: reads.at(-1)!.fault,
  };
}

describe('MonitorReader', () => {
  const bytes = stream(['+OK', '+OK', '+OK'], LINES);
  const expected = { replies: ['+OK', '+OK', '+OK'], capture: LINES.map((l) => l + '\n').join(''), lines: 3, fault: null };

  test('in one read, commands after MONITOR\'s +OK are capture lines (the read ioredis failed on)', () => {
    expect(readAll(new MonitorReader(3), bytes, [])).toEqual(expected);
  });

  test('the same bytes cut at any one place, or byte by byte, give the same capture', () => {
    for (let cut = 0; cut <= bytes.length; cut++) expect(readAll(new MonitorReader(3), bytes, [cut])).toEqual(expected);
    const everyByte = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
    expect(readAll(new MonitorReader(3), bytes, everyByte)).toEqual(expected);
  });

  test('a refused command is a reply, not a capture line; a refused MONITOR stops the reader', () => {
    const refused = readAll(new MonitorReader(2), stream(['-WRONGPASS invalid username-password pair', '-NOAUTH Authentication required.'], []), []);
    expect(refused.replies).toEqual(['-WRONGPASS invalid username-password pair', '-NOAUTH Authentication required.']);
    expect(refused.capture).toBe('');
    expect(refused.fault).toBe('MONITOR was refused');
  });

  test('an error or another reply type after MONITOR is a fault; the lines before it are kept', () => {
    const reader = new MonitorReader(1);
    const read = reader.read(Buffer.from(`+OK\r\n+${LINES[0]}\r\n-ERR gone\r\n+${LINES[1]}\r\n`));
    expect(read.capture?.toString()).toBe(LINES[0] + '\n');
    expect(read.fault).toBe('the server sent an error: ERR gone');
    expect(reader.read(Buffer.from(`+${LINES[2]}\r\n`))).toEqual({ replies: [], capture: null, lines: 0, fault: 'the server sent an error: ERR gone' });
    expect(new MonitorReader(1).read(Buffer.from('+OK\r\n:1\r\n')).fault).toBe("the server sent a reply MONITOR does not send: '1'");
    expect(new MonitorReader(1).read(Buffer.from('HTTP/1.1 400 Bad Request\r\n')).fault).toMatch(/^the server's reply is not Redis's protocol/);
  });

  test('a line longer than the bound is a fault, not unbounded memory', () => {
    const reader = new MonitorReader(1, 64);
    expect(reader.read(Buffer.from('+OK\r\n+' + 'x'.repeat(40))).fault).toBeNull();
    expect(reader.read(Buffer.from('x'.repeat(40))).fault).toBe('a reply line longer than 64 bytes');
  });
});

describe('the handshake a URL asks for', () => {
  test.each([
    ['redis://127.0.0.1:6390', [['MONITOR']]],
    ['redis://127.0.0.1:6390/', [['MONITOR']]],
    ['redis://127.0.0.1/0', [['SELECT', '0'], ['MONITOR']]],
    ['redis://:p%40ss@host:1/15', [['AUTH', 'p@ss'], ['SELECT', '15'], ['MONITOR']]],
    ['rediss://user:pw@host/2', [['AUTH', 'user', 'pw'], ['SELECT', '2'], ['MONITOR']]],
    ['redis://user@host', [['MONITOR']]],
  ])('%s', (url, commands) => {
    expect(handshake(monitorTarget(url))).toEqual(commands);
  });

  test('host, port and TLS', () => {
    expect(monitorTarget('rediss://[::1]:7000/1')).toMatchObject({ host: '::1', port: 7000, tls: true, db: 1 });
    expect(monitorTarget('redis://example.com')).toMatchObject({ host: 'example.com', port: 6379, tls: false, db: null });
  });

  test('RESP arrays of bulk strings, lengths in bytes', () => {
    expect(respCommand(['AUTH', 'pä']).toString('utf8')).toBe('*2\r\n$4\r\nAUTH\r\n$3\r\npä\r\n');
  });
});
