import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
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
    // Traffic from the start: a command in the same socket read as MONITOR's +OK is a capture line like any other.
    const timer = setInterval(() => void client.get('etasim:marker:x'), 50);
    const io = memoryIo();
    const code = await main(['record', '--redis', server.url, '--out', file, '--duration', '1s'], io);
    clearInterval(timer);
    client.disconnect();
    expect(io.err).not.toMatch(/etasim record:/);
    expect(code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^OK\n.*"get" "etasim:marker:x"/is);
  });

  test('commands sent in a tight loop from before MONITOR starts: none is lost after the first one captured', async () => {
    const file = join(dir, 'tight.monitor');
    const client = new Redis(server.url);
    // Batches of pipelined GETs on one connection, so the server runs them back to back and in order: MONITOR's
    // +OK shares its socket read with commands. Bounded: at most 10,000 batches.
    let sent = 0;
    let recording = true;
    const traffic = (async () => {
      for (let batch = 0; batch < 10_000 && recording; batch++) {
        const pipeline = client.pipeline();
        for (let k = 0; k < 50; k++) pipeline.get(`etasim:tight:${sent++}`);
        await pipeline.exec();
      }
    })();
    while (sent < 500) await sleep(5);
    const io = memoryIo();
    const code = await main(['record', '--redis', server.url, '--out', file, '--duration', '1s'], io);
    recording = false;
    await traffic;
    client.disconnect();
    expect(io.err).not.toMatch(/etasim record:/);
    expect(code).toBe(0);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).toBe('OK');
    expect(lines.at(-1)).toBe('');
    const seen = lines.slice(1, -1).map((line) => Number(/"get" "etasim:tight:(\d+)"$/i.exec(line)?.[1] ?? NaN));
    // Only the loop's commands, in the order it sent them, each exactly once from the first captured on.
    expect(seen.length).toBeGreaterThan(100);
    const first = seen[0]!;
    expect(first).toBeGreaterThanOrEqual(500);
    expect(seen).toEqual(seen.map((_, i) => first + i));
    expect(io.err).toMatch(new RegExp(`: ${seen.length} lines recorded to `));
  });
});

describe.skipIf(!haveRedisServer && !inCi)('record refused or cut off: one line, exit 2, the password never shown', () => {
  let server: PrivateRedis;
  beforeAll(async () => {
    server = await startRedis(['--requirepass', 'rec0rd-secret'], 'rec0rd-secret');
  });
  afterAll(async () => {
    await server.stop();
  });
  const withPassword = (password: string, path = ''): string => server.url.replace('redis://', `redis://:${password}@`) + path;

  test('a wrong password', async () => {
    const file = join(dir, 'wrongpass.monitor');
    const io = memoryIo();
    const code = await main(['record', '--redis', withPassword('not-the-password'), '--out', file, '--duration', '1s'], io);
    expect(code).toBe(2);
    expect(io.err).toMatch(/^etasim record: redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: the server refused AUTH: WRONGPASS [^\n]*\n$/);
    expect(io.err).not.toContain('not-the-password');
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('no password where one is needed', async () => {
    const io = memoryIo();
    const code = await main(['record', '--redis', server.url, '--out', join(dir, 'noauth.monitor'), '--duration', '1s'], io);
    expect(code).toBe(2);
    expect(io.err).toMatch(/^etasim record: redis:\/\/127\.0\.0\.1:\d+\/?: the server refused MONITOR: NOAUTH [^\n]*\n$/);
  });

  test('a db the server does not have', async () => {
    const io = memoryIo();
    const code = await main(['record', '--redis', withPassword('rec0rd-secret', '/4000'), '--out', join(dir, 'nodb.monitor'), '--duration', '1s'], io);
    expect(code).toBe(2);
    expect(io.err).toMatch(/^etasim record: redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/4000: the server refused SELECT: ERR DB index is out of range\n$/);
    expect(io.err).not.toContain('rec0rd-secret');
  });

  test('a db that is not a number is bad input before connecting', async () => {
    const io = memoryIo();
    const code = await main(['record', '--redis', withPassword('rec0rd-secret', '/x'), '--out', join(dir, 'xdb.monitor')], io);
    expect(code).toBe(2);
    expect(io.err).toMatch(/^etasim record: --redis redis:\/\/:\*\*\*@[^ ]+: has db 'x'; expected a db index[^\n]*\n$/);
  });

  test('the right password and db: recorded', async () => {
    const file = join(dir, 'authed.monitor');
    const client = new Redis(withPassword('rec0rd-secret', '/3'));
    const timer = setInterval(() => void client.get('etasim:marker:authed'), 20);
    const io = memoryIo();
    const code = await main(['record', '--redis', withPassword('rec0rd-secret', '/3'), '--out', file, '--duration', '500ms'], io);
    clearInterval(timer);
    client.disconnect();
    expect(code).toBe(0);
    expect(io.err).not.toContain('rec0rd-secret');
    // The lines carry each command's db (MONITOR shows every db; the URL's is only checked).
    expect(readFileSync(file, 'utf8')).toMatch(/^OK\n(.*\n)*\d+\.\d{6} \[3 127\.0\.0\.1:\d+\] "get" "etasim:marker:authed"\n/);
  });

  // Last: it kills this describe's server.
  test('a server that goes away: one line, exit 2, what arrived is kept', async () => {
    const file = join(dir, 'cut.monitor');
    writeFileSync(file, 'an earlier capture\n');
    const client = new Redis(withPassword('rec0rd-secret'), { retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on('error', () => undefined);
    await client.ping();
    const timer = setInterval(() => void client.get('etasim:marker:cut').catch(() => undefined), 20);
    setTimeout(() => server.process.kill('SIGKILL'), 400);
    const io = memoryIo();
    const code = await main(['record', '--redis', withPassword('rec0rd-secret'), '--out', file, '--duration', '20s'], io);
    clearInterval(timer);
    client.disconnect();
    expect(code).toBe(2);
    const lines = io.err.split('\n').filter((l) => l.startsWith('etasim record:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^etasim record: redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: the server closed the connection; the capture ends there \(\d+ lines recorded to .*cut\.monitor\)$/);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^OK\n(\d+\.\d{6} \[0 127\.0\.0\.1:\d+\] "get" "etasim:marker:cut"\n)+$/);
  });
});
