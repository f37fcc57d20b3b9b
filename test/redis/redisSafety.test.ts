import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { join, resolve } from 'node:path';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Redis } from 'ioredis';
import { loadScenarioFile } from '../../src/6-formats/scenario/index.js';
import { runScenario } from '../../src/4-harness/runScenario.js';
import { formatTrace } from '../../src/0-trace/jsonl.js';
import { main } from '../../src/9-cli/main.js';
import { memoryIo } from '../../src/9-cli/Io.js';
import { haveRedisServer, startRedis, type PrivateRedis } from './redisServer.js';

// Each test here has a private redis-server on a free loopback port, so
// that it can hold foreign data, be stopped or killed without touching
// anyone's server. Skipped outside CI when redis-server is not installed.
const inCi = Boolean(process.env['CI']);

describe.skipIf(!haveRedisServer && !inCi)('a real Redis server holding data that is not etasim\'s', () => {
  let server: PrivateRedis;
  let client: Redis;
  beforeAll(async () => {
    server = await startRedis();
    client = new Redis(`${server.url}/3`);
  });
  afterAll(async () => {
    client.disconnect();
    await server.stop();
  });

  test('a run deletes exactly the keys it wrote, never a foreign key, and never flushes', async () => {
    await client.set('customer:42', 'precious');
    await client.set('progress:job:someone-else', '{}');
    const scenario = await loadScenarioFile(resolve('scenarios', 'intended-default.yaml'));
    const mock = await runScenario(scenario);
    const real = await runScenario(scenario, { redisUrl: `${server.url}/3` });
    expect(formatTrace(real.trace)).toBe(formatTrace(mock.trace));
    expect((await client.keys('*')).sort()).toEqual(['customer:42', 'progress:job:someone-else']);
    await client.del('customer:42', 'progress:job:someone-else');
  });

  test('`run --redis` refuses a db with a foreign key beyond the first SCAN page', async () => {
    // 3000 etasim-looking keys first, then one foreign key: a first-page check would miss it.
    const pipeline = client.pipeline();
    for (let i = 0; i < 3000; i++) pipeline.set(`progress:job:sim-old-${i}`, '{}');
    pipeline.set('zzz-user-data', '1');
    await pipeline.exec();
    const io = memoryIo();
    const code = await main(['run', 'scenarios/intended-default.yaml', '--redis', `${server.url}/3`, '--out', '/tmp/etasim-never-written', '--no-html'], io);
    expect(code).toBe(2);
    expect(io.err).toMatch(/not etasim's \(e\.g\. 'zzz-user-data'\)/);
    expect(io.err.trim().split('\n')).toHaveLength(1);
    expect(await client.get('zzz-user-data')).toBe('1');
    expect(await client.dbsize()).toBe(3001);
    // Refused before any work: --out was not even made.
    expect(existsSync('/tmp/etasim-never-written')).toBe(false);
    await client.flushdb();
  });

  test.each(['99999', '-1', 'abc'])('a bad db index /%s is bad input, never db 0', async (db) => {
    await client.select(0);
    expect(await client.dbsize()).toBe(0);
    const io = memoryIo();
    const code = await main(['run', 'scenarios/intended-default.yaml', '--redis', `${server.url}/${db}`, '--out', '/tmp/etasim-never-written'], io);
    expect(code).toBe(2);
    expect(io.err.trim().split('\n')).toHaveLength(1);
    expect(io.err).toMatch(/^etasim run: --redis .*(db index|select db)/);
    // Nothing was written to db 0 instead.
    expect(await client.dbsize()).toBe(0);
    await client.select(3);
  });

  test('a SELECT the server refuses fails the run, it does not fall back to db 0', async () => {
    const scenario = await loadScenarioFile(resolve('scenarios', 'intended-default.yaml'));
    await expect(runScenario(scenario, { redisUrl: `${server.url}/99999` })).rejects.toThrow(/out of range|cannot be used/);
    await client.select(0);
    expect(await client.dbsize()).toBe(0);
    await client.select(3);
  });

  test('two runs on one db at once: one runs, the other is refused; the trace equals the mock\'s', async () => {
    const scenario = await loadScenarioFile(resolve('scenarios', 'reported-bug.yaml'));
    const mock = await runScenario(scenario);
    const results = await Promise.allSettled([
      runScenario(scenario, { redisUrl: `${server.url}/4` }),
      runScenario(scenario, { redisUrl: `${server.url}/4` }),
    ]);
    const done = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(done).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(String((refused[0] as PromiseRejectedResult).reason)).toMatch(/in use by another etasim run/);
    expect(formatTrace((done[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof runScenario>>>).value.trace)).toBe(formatTrace(mock.trace));
    // The lock is released after the run: the db is empty again.
    const db4 = new Redis(`${server.url}/4`);
    expect(await db4.dbsize()).toBe(0);
    db4.disconnect();
  });

  test('a lock held by someone else is never deleted', async () => {
    const db5 = new Redis(`${server.url}/5`);
    await db5.set('etasim:lock:5', 'their-token', 'PX', 60_000);
    const scenario = await loadScenarioFile(resolve('scenarios', 'intended-default.yaml'));
    await expect(runScenario(scenario, { redisUrl: `${server.url}/5` })).rejects.toThrow(/in use by another etasim run/);
    expect(await db5.get('etasim:lock:5')).toBe('their-token');
    await db5.del('etasim:lock:5');
    db5.disconnect();
  });
});

describe.skipIf(!haveRedisServer && !inCi)('a real Redis server that stalls or dies mid-run', () => {
  const timeouts = { commandTimeoutMs: 300, connectTimeoutMs: 300 };

  test.each(['SIGSTOP', 'SIGKILL'] as const)('%s mid-run: the scenario fails with a clear error, never a hang', async (signal) => {
    const server = await startRedis();
    try {
      const scenario = await loadScenarioFile(resolve('scenarios', 'intended-default.yaml'));
      const watcher = new Redis(server.url);
      // Stop the server once the run has written its first progress message.
      const sub = watcher.duplicate();
      await sub.subscribe('progress:sim-intended-default');
      sub.once('message', () => server.process.kill(signal));
      const run = runScenario(scenario, { redisUrl: `${server.url}/1`, redisTimeouts: timeouts });
      await expect(run).rejects.toThrow(/the Redis server at redis:\/\/127\.0\.0\.1:\d+\/1 failed during the run/);
      sub.disconnect();
      watcher.disconnect();
    } finally {
      await server.stop();
    }
  });

  test('a suite on a server that stalls: every scenario is reported, the ones after the failure not run', async () => {
    const server = await startRedis();
    try {
      const sub = new Redis(server.url);
      await sub.subscribe('progress:sim-intended-default');
      sub.once('message', () => server.process.kill('SIGSTOP'));
      const { runSuite } = await import('../../src/7-orchestration/suite/runSuite.js');
      const { loadScenarioPaths } = await import('../../src/6-formats/scenario/load.js');
      const loaded = await loadScenarioPaths(['scenarios/intended-default.yaml', 'scenarios/reported-bug.yaml', 'scenarios/cancel-during-ga.yaml'], { cwd: process.cwd() });
      const results = await runSuite(loaded.scenarios, { saveTrace: null, redisUrl: `${server.url}/1`, redisTimeouts: timeouts, cwd: process.cwd() });
      expect(results.map((r) => r.ok)).toEqual([false, false, false]);
      expect(results[0]!.error).toMatch(/failed during the run/);
      expect(results[1]!.error).toMatch(/^not run: intended-default found the Redis server failing/);
      expect(results[2]!.error).toMatch(/^not run/);
      sub.disconnect();
    } finally {
      await server.stop();
    }
  });
});

describe.skipIf(!haveRedisServer && !inCi)('a --redis URL with a password', () => {
  let server: PrivateRedis;
  const dirs: string[] = [];
  beforeAll(async () => {
    server = await startRedis(['--requirepass', 'p@ss/w0rd:SECRET'], 'p@ss/w0rd:SECRET');
  });
  afterAll(async () => {
    await server.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const secretUrl = (): string => `redis://:${encodeURIComponent('p@ss/w0rd:SECRET')}@127.0.0.1:${server.port}/2`;

  function allText(dir: string): string {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
      .join('\n');
  }

  test('is never printed or written: --json, report.html, JUnit, Markdown, replay commands', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'etasim-redact-'));
    dirs.push(dir);
    const io = memoryIo();
    // A failing expectation, so that the replay command is printed too.
    const code = await main(['run', 'scenarios/intended-default.yaml', '--seed', '3', '--redis', secretUrl(), '--json', '--out', join(dir, 'out'), '--junit', join(dir, 'junit.xml'), '--markdown', join(dir, 'summary.md')], io);
    expect([0, 1]).toContain(code);
    const everything = io.out + io.err + allText(dir);
    expect(everything).toContain(`redis://:***@127.0.0.1:${server.port}/2`);
    expect(everything).not.toMatch(/SECRET/);
  });

  test('is not in the error line of a refused login', async () => {
    const io = memoryIo();
    const wrong = `redis://:wrong-SECRET@127.0.0.1:${server.port}/2`;
    const code = await main(['run', 'scenarios/intended-default.yaml', '--redis', wrong, '--out', '/tmp/etasim-never-written'], io);
    expect(code).toBe(2);
    expect(io.err).not.toMatch(/SECRET/);
    expect(io.err).toMatch(/redis:\/\/:\*\*\*@127\.0\.0\.1/);
  });
});
