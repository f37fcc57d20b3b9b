import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatMonitorLine } from '../../src/6-formats/capture/monitorFormat.js';
import { memoryIo } from '../../src/9-cli/Io.js';
import { main } from '../../src/9-cli/main.js';

/**
 * A stand-in Redis server speaking just enough RESP for ioredis's monitor
 * mode: +OK to every command, and after MONITOR the given lines as status
 * replies, as a real server sends them.
 */
async function fakeRedis(lines: readonly string[]): Promise<{ port: number; server: Server; commands: string[] }> {
  const commands: string[] = [];
  const server = createServer((socket) => {
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        const parsed = readCommand(buffer);
        if (parsed === null) break;
        buffer = buffer.slice(parsed.used);
        const name = parsed.args[0]!.toUpperCase();
        commands.push(name);
        socket.write('+OK\r\n');
        if (name === 'MONITOR') setTimeout(() => socket.write(lines.map((l) => `+${l}\r\n`).join('')), 20);
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server, commands };
}

/** One RESP array of bulk strings from the front of `text`, or null when incomplete. */
function readCommand(text: string): { args: string[]; used: number } | null {
  if (!text.startsWith('*')) return null;
  let at = text.indexOf('\r\n');
  if (at < 0) return null;
  const n = Number(text.slice(1, at));
  at += 2;
  const args: string[] = [];
  for (let k = 0; k < n; k++) {
    const end = text.indexOf('\r\n', at);
    if (end < 0) return null;
    const len = Number(text.slice(at + 1, end));
    if (text.length < end + 2 + len + 2) return null;
    args.push(text.slice(end + 2, end + 2 + len));
    at = end + 2 + len + 2;
  }
  return { args, used: at };
}

const LINES = [
  formatMonitorLine(1733066000.5, 0, '127.0.0.1:53422', ['SETEX', 'progress:job:r1', '3600', JSON.stringify({ job_id: 'r1', progress: 0.1, progress_percent: 0.1, status: 'running', stage: 'Preparing', message: 'Préparation…\n', time_remaining_seconds: 720, eta_seconds: 720, timestamp: '2024-12-01T15:13:20+00:00' })]),
  formatMonitorLine(1733066000.5, 0, '127.0.0.1:53422', ['PUBLISH', 'progress:r1', JSON.stringify({ job_id: 'r1', progress: 0.1, progress_percent: 0.1, status: 'running', stage: 'Preparing', message: 'Préparation…\n', time_remaining_seconds: 720, eta_seconds: 720, timestamp: '2024-12-01T15:13:20+00:00' })]),
  formatMonitorLine(1733066000.75, 0, '127.0.0.1:53422', ['setex', 'progress:job:r1', '3600', JSON.stringify({ job_id: 'r1', progress: 0, progress_percent: 0, status: 'running', stage: 'Loading courses and students', message: 'Loading courses and students', time_remaining_seconds: 715, eta_seconds: 715, eta: '2024-12-01T15:25:15+00:00', timestamp: 1733066000.75 })]),
  formatMonitorLine(1733066001, 3, '[::1]:6379', ['set', 'other', 'back\\slash "quoted" tab\t']),
  formatMonitorLine(1733066001.25, 0, 'lua', ['publish', 'progress:r1', JSON.stringify({ job_id: 'r1', stage: 'clustering', message: 'x', timestamp: '2024-12-01T15:13:21+00:00' })]),
  formatMonitorLine(1733066002, 0, 'unix:/tmp/redis.sock', ['GET', 'cancel:job:r1']),
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etasim-record-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('etasim record', () => {
  test('writes exactly what redis-cli MONITOR prints, which check then reads', async () => {
    const { port, server, commands } = await fakeRedis(LINES);
    try {
      const io = memoryIo(dir);
      const code = await main(['record', '--redis', `redis://127.0.0.1:${port}`, '--out', 'cap.monitor', '--duration', '0.4'], io);
      expect(io.err).toMatch(/stopped \(duration reached\): 6 lines recorded to cap\.monitor\n$/);
      expect(code).toBe(0);
      expect(commands).toContain('MONITOR');
      expect(await readFile(join(dir, 'cap.monitor'), 'utf8')).toBe(['OK', ...LINES].join('\n') + '\n');

      const checked = memoryIo(dir);
      expect(await main(['check', 'cap.monitor', '--json'], checked)).toBe(0);
      const doc = JSON.parse(checked.out);
      expect(doc.writers).toEqual({ api: 2, tracker: 1, saga: 1 });
    } finally {
      server.close();
    }
  });

  test('an unreachable server: exit 2, one line, no file', async () => {
    const { port, server } = await fakeRedis([]);
    await new Promise((resolve) => server.close(resolve));
    const io = memoryIo(dir);
    const code = await main(['record', '--redis', `redis://user:secret@127.0.0.1:${port}`, '--out', 'none.monitor', '--duration', '1'], io);
    expect(code).toBe(2);
    expect(io.err).toBe(`etasim record: cannot reach redis://user:***@127.0.0.1:${port}: connection refused\n`);
    await expect(stat(join(dir, 'none.monitor'))).rejects.toThrow();
  });

  test.each([
    [['--out', 'x'], 'etasim record: --redis URL is required (redis://host:6379)'],
    [['--redis', 'localhost:6379', '--out', 'x'], "etasim record: --redis takes a redis:// or rediss:// URL, got 'localhost:6379'"],
    [['--redis', 'redis://h'], 'etasim record: --out FILE is required'],
    [['--redis', 'redis://h', '--out', 'x', '--duration', 'soon'], "etasim record: --duration takes seconds (or 250ms, 90s, 5m, 1h), more than 0, got 'soon'"],
  ])('%j is bad usage', async (argv, message) => {
    const io = memoryIo(dir);
    expect(await main(['record', ...argv], io)).toBe(2);
    expect(io.err).toBe(message + '\n');
  });
});
