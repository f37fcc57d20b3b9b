import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { main } from '../../src/9-cli/main.js';
import { memoryIo } from '../../src/9-cli/Io.js';
import { haveRedisServer, startRedis, type PrivateRedis } from './redisServer.js';

const inCi = Boolean(process.env['CI']);
const dir = mkdtempSync(join(tmpdir(), 'etasim-record-safety-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('record --duration 600h is refused (a timer that long would fire at once)', async () => {
  const io = memoryIo();
  const code = await main(['record', '--redis', 'redis://127.0.0.1:1', '--out', join(dir, 'x.monitor'), '--duration', '600h'], io);
  expect(code).toBe(2);
  expect(io.err).toMatch(/--duration is at most 24h/);
});

describe.skipIf(!haveRedisServer && !inCi)('record on a private redis-server', () => {
  let server: PrivateRedis;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await server.stop();
  });

  test('an existing capture is left as it was when no command arrives', async () => {
    const file = join(dir, 'earlier.monitor');
    writeFileSync(file, 'an earlier capture\n');
    const io = memoryIo();
    const code = await main(['record', '--redis', server.url, '--out', file, '--duration', '300ms'], io);
    expect(code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('an earlier capture\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('the capture replaces the file once a command arrives', async () => {
    const file = join(dir, 'replaced.monitor');
    writeFileSync(file, 'an earlier capture\n');
    const client = new Redis(server.url);
    // Commands start once MONITOR is surely on: one landing in the same read as MONITOR's +OK hits an
    // ioredis race (the first lines can be read before ioredis counts the connection as monitoring).
    let timer: ReturnType<typeof setInterval> | undefined;
    const starting = setTimeout(() => {
      timer = setInterval(() => void client.get('etasim:marker:x'), 50);
    }, 300);
    const io = memoryIo();
    const code = await main(['record', '--redis', server.url, '--out', file, '--duration', '1s'], io);
    clearTimeout(starting);
    clearInterval(timer);
    client.disconnect();
    expect(io.err).not.toMatch(/etasim record:/);
    expect(code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^OK\n.*"get" "etasim:marker:x"/is);
  });
});
