import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { main } from '../../src/9-cli/main.js';
import { memoryIo } from '../../src/9-cli/Io.js';
import { loadScenarioFile } from '../../src/6-formats/scenario/index.js';
import { runScenario } from '../../src/4-harness/runScenario.js';
import { checkTrace, violatedIds } from '../../src/5-invariants/checkTrace.js';

// Scenarios of each profile run against a real redis-server (.ci/run starts
// one and exports ETASIM_REDIS_URL), captured at once by `redis-cli MONITOR`
// and by `etasim record` (the built CLI, stopped with SIGINT). `etasim
// check` must find in each capture what the run found in the simulation.
const baseUrl = process.env['ETASIM_REDIS_URL'];
const inCi = Boolean(process.env['CI']);
const built = existsSync('dist/9-cli/main.js');

describe.skipIf(!inCi && (!baseUrl || !built))('captures from a real redis-server', () => {
  // db 14: apart from the parity test's db 15, which other test files flush.
  const url = baseUrl ? baseUrl.replace(/\/\d+$/, '') + '/14' : '';
  const { hostname, port } = new URL(url || 'redis://127.0.0.1:6379');
  // Made when the tests run, not when they are collected: a skipped describe runs no afterAll to remove it.
  let dir = '';
  let cliFile = '';
  let recordFile = '';
  const children: ChildProcess[] = [];
  let client: Redis;
  const runs = new Map<string, string[]>();

  /** Issues a GET of a marker key and waits (at most 20 s real) until both captures show it. */
  async function mark(name: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
      await client.get(`etasim:marker:${name}`);
      const seen = [cliFile, recordFile].every((f) => existsSync(f) && readFileSync(f, 'utf8').includes(`etasim:marker:${name}`));
      if (seen) return;
      await sleep(100);
    }
    throw new Error(`captures never showed marker ${name}`);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'etasim-capture-'));
    cliFile = join(dir, 'redis-cli.monitor');
    recordFile = join(dir, 'record.monitor');
    expect(url, 'CI must start redis-server and export ETASIM_REDIS_URL').toBeTruthy();
    expect(built, 'CI builds dist/ in npm ci').toBe(true);
    client = new Redis(url);
    const monitor = spawn('redis-cli', ['-h', hostname, '-p', port, 'monitor'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const { createWriteStream } = await import('node:fs');
    monitor.stdout!.pipe(createWriteStream(cliFile));
    children.push(monitor);
    children.push(spawn(process.execPath, ['bin/etasim.js', 'record', '--redis', url, '--out', recordFile], { stdio: 'inherit' }));
    await mark('start');
    for (const name of ['intended-default', 'shipped-ga-still-writes', 'reported-bug', 'stage-error-silent']) {
      const scenario = await loadScenarioFile(resolve('scenarios', `${name}.yaml`));
      const renamed = { ...scenario, name: `cap-${name}` };
      const run = await runScenario(renamed, { redisUrl: url });
      runs.set(`sim-cap-${name}`, violatedIds(checkTrace(run.trace, { checks: scenario.checks, stages: scenario.tracker.stages }).violations));
    }
    await mark('end');
    const record = children[1]!;
    record.kill('SIGINT');
    await new Promise((done) => record.once('exit', done));
    children[0]!.kill();
  }, 120_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill();
    await client?.quit();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  for (const [label, file] of [
    ['redis-cli MONITOR', () => cliFile],
    ['etasim record', () => recordFile],
  ] as const) {
    test(`${label}: check finds per job what the run found`, async () => {
      const io = memoryIo();
      const code = await main(['check', file(), '--format', 'monitor', '--json'], io);
      const doc = JSON.parse(io.out) as { jobs: Array<{ job_id: string; violations: Array<{ invariant: string }> }> };
      const found = new Map(doc.jobs.map((j) => [j.job_id, [...new Set(j.violations.map((v) => v.invariant))].sort()]));
      for (const [job, ids] of runs) expect(found.get(job), job).toEqual(ids);
      expect(code).toBe(1);
      // The verdicts the profiles must get.
      expect(found.get('sim-cap-intended-default')).toEqual([]);
      expect(found.get('sim-cap-shipped-ga-still-writes')).toEqual(expect.arrayContaining(['single-writer', 'progress-regression']));
      expect(found.get('sim-cap-reported-bug')).toEqual(expect.arrayContaining(['eta-zero-mid-run', 'eta-jump', 'single-writer']));
      expect(found.get('sim-cap-stage-error-silent')).toEqual(['silent-end']);
    });
  }
});
