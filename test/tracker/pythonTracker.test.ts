import { describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatTrace } from '../../src/0-trace/jsonl.js';
import { runScenario } from '../../src/4-harness/runScenario.js';
import { violatedIds } from '../../src/5-invariants/checkTrace.js';
import { loadScenarioPaths } from '../../src/6-formats/scenario/load.js';
import { runOne, runSuite } from '../../src/7-orchestration/suite/runSuite.js';
import { memoryIo } from '../../src/9-cli/Io.js';
import { main } from '../../src/9-cli/main.js';
import { parseTrackerSpec, resolveTracker } from '../../src/9-cli/trackerSpec.js';
import { hasPython, PYTHON } from './python.js';

/**
 * `--tracker python:FILE`: the service's own tracker run by the adapter
 * under the simulation's clock, with fixtures of our own under
 * test/trackers/ (a faithful port of the built-in model, one fixture per
 * version difference in system.md, hostile ones for each error).
 */
const skip = !hasPython && !process.env['CI'];
const fixture = (name: string) => `test/trackers/${name}`;
const tracker = (name: string) => resolveTracker('--tracker', `python:${fixture(name)}`, { cwd: process.cwd(), python: PYTHON });

async function library() {
  return (await loadScenarioPaths(['scenarios'], { cwd: process.cwd() })).scenarios;
}

async function scenario(name: string) {
  return (await library()).find((s) => s.name === name)!;
}

async function verdict(file: string, name: string) {
  const result = await runOne(await scenario(name), { saveTrace: null, cwd: process.cwd(), tracker: await tracker(file) });
  return { ids: violatedIds(result.violations), result };
}

describe('tracker specs', () => {
  test.each([
    ['builtin', { kind: 'builtin' }],
    ['python:t.py', { kind: 'python', path: 't.py', rev: null, trackerClass: 'EnterpriseProgressTracker', loopClass: 'ProgressUpdateTask' }],
    ['python:a/t.py:T:L', { kind: 'python', path: 'a/t.py', rev: null, trackerClass: 'T', loopClass: 'L' }],
    ['python:t.py@origin/main', { kind: 'python', path: 't.py', rev: 'origin/main', trackerClass: 'EnterpriseProgressTracker', loopClass: 'ProgressUpdateTask' }],
  ])('%s', (spec, parsed) => {
    expect(parseTrackerSpec('--tracker', spec)).toEqual(parsed);
  });

  test.each(['python:', 'ruby:t.rb', 'python:t.py@', 'python:t.py@-x'])('%s is bad input', (spec) => {
    expect(() => parseTrackerSpec('--tracker', spec)).toThrow(/--tracker/);
  });
});

describe.skipIf(skip)('the Python port of the built-in model', () => {
  test('gives byte-identical traces over the scenario library', { timeout: 120_000 }, async () => {
    const port = await tracker('port.py');
    const compared: string[] = [];
    for (const s of await library()) {
      // Its tracker: overrides are the built-in model's constants (skipped under an external tracker); under a
      // latency fault an external tracker blocks its event loop on each command, as the real one does, and the model does not.
      if (s.name === 'finding-eta-rise-between-polls' || s.name === 'fault-latency') continue;
      const builtin = await runScenario(s);
      const python = await runScenario(s, { tracker: port.factory });
      expect(formatTrace(python.trace), s.name).toBe(formatTrace(builtin.trace));
      expect(python.outcome).toBe(builtin.outcome);
      compared.push(s.name);
    }
    expect(compared.length).toBe(38);
  });

  test('the same file, scenario and seed give the same bytes in a fresh adapter process', { timeout: 60_000 }, async () => {
    const s = await scenario('reported-bug');
    const first = await runScenario(s, { tracker: (await tracker('port.py')).factory });
    const again = await runScenario(s, { tracker: (await tracker('port.py')).factory });
    expect(formatTrace(again.trace)).toBe(formatTrace(first.trace));
  });

  test('a scenario overriding the built-in constants is skipped, with the reason', async () => {
    const results = await runSuite([await scenario('finding-eta-rise-between-polls')], { saveTrace: null, cwd: process.cwd(), tracker: await tracker('port.py') });
    expect(results[0]!.skipped).toMatch(/tracker: overrides/);
    expect(results[0]!.run).toBeNull();
  });
});

describe.skipIf(skip)('one fixture per version difference', { timeout: 60_000 }, () => {
  test('an ETA that can rise (the post-fix regression) is caught by eta-jump; the port is not', async () => {
    expect((await verdict('v_eta_rises.py', 'intended-default')).ids).toContain('eta-jump');
    expect((await verdict('port.py', 'intended-default')).ids).toEqual([]);
  });

  test('a loop without a cancel check keeps publishing after the cancel, until the saga stops it', async () => {
    const cancelled = await scenario('cancel-during-cpsat');
    const cancelS = cancelled.events.find((e) => e.kind === 'cancel')!.atMs / 1000;
    const writesAfter = async (file: string) => {
      const { result } = await verdict(file, 'cancel-during-cpsat');
      const start = result.run!.trace[0]!.t;
      return result.run!.trace.filter((e) => e.writer === 'tracker' && e.t - start > cancelS).length;
    };
    expect(await writesAfter('port.py')).toBeLessThanOrEqual(2);
    expect(await writesAfter('v_no_cancel_check.py')).toBeGreaterThan(2);
  });

  test('a 0.1 s loop writes about five times as often as a 0.5 s one', async () => {
    const count = async (file: string) => (await verdict(file, 'real-fast-run')).result.run!.trace.filter((e) => e.writer === 'tracker').length;
    const ratio = (await count('v_loop_100ms.py')) / (await count('port.py'));
    expect(ratio).toBeGreaterThan(4);
    expect(ratio).toBeLessThan(6);
  });

  test("a constructor that publishes writes progress 0 before the saga's update(force 0), and breaks no invariant", async () => {
    const { ids, result } = await verdict('v_ctor_publishes.py', 'intended-default');
    const tracker = result.run!.trace.filter((e) => e.writer === 'tracker');
    expect(tracker.length).toBeGreaterThan(2);
    expect(JSON.parse(tracker[0]!.value!).progress).toBe(0);
    expect(ids).toEqual([]);
  });

  test('stage texts of other versions ("Cpsat: 3/294", other display names) still get the CP-SAT → GA rule', async () => {
    // The scenario's ETA rises at the transition: found by the stage spans whatever the tracker calls its stages.
    for (const file of ['v_loop_message_stage.py', 'v_other_names.py']) {
      expect((await verdict(file, 'finding-eta-rise-at-ga-transition')).ids, file).toEqual(['eta-jump']);
      expect((await verdict(file, 'intended-default')).ids, file).toEqual([]);
    }
  });

  test('weight tables, table-sum starts with a float ETA, rate and blended ETAs and accelerating steps run unchanged', async () => {
    const mae = async (file: string) => (await verdict(file, 'intended-default')).result.metrics.eta_mae_s!;
    const port = await mae('port.py');
    // Each runs to completion and publishes its own ETA: the figures differ from the port's.
    expect(await mae('v_weight_table.py')).toBeGreaterThan(port + 100);
    expect(await mae('v_rate_eta.py')).toBeLessThan(port - 50);
    expect((await verdict('v_blend_eta.py', 'intended-default')).ids).toEqual(['eta-jump']);
    expect((await verdict('v_table_sum_start.py', 'intended-default')).ids).toEqual([]);
    expect((await verdict('v_accelerating.py', 'intended-default')).ids).toEqual([]);
  });
});

describe.skipIf(skip)('errors', { timeout: 60_000 }, () => {
  const out = () => mkdtempSync(join(tmpdir(), 'etasim-py-'));

  async function cli(spec: string, ...rest: string[]) {
    return cliWith(process.env, spec, ...rest);
  }

  async function cliWith(env: NodeJS.ProcessEnv, spec: string, ...rest: string[]) {
    const dir = out();
    try {
      const io = Object.assign(memoryIo(), { env });
      const code = await main(['run', 'scenarios/intended-default.yaml', '--out', dir, '--tracker', spec, '--json', ...rest], io);
      return { code, io };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  test.each([
    ['python:test/trackers/hostile/syntax_error.py', /^test\/trackers\/hostile\/syntax_error\.py:\d+:\d+: /],
    ['python:test/trackers/hostile/no_tracker_class.py', /no_tracker_class\.py:1:1: .*EnterpriseProgressTracker/],
    ['python:test/trackers/missing.py', /missing\.py:1:1: .*no such file/],
    ['python:test/trackers/port.py:Nope:ProgressUpdateTask', /port\.py:1:1: .*Nope/],
  ])('%s is bad input: one line, exit 2', async (spec, line) => {
    const { code, io } = await cli(spec);
    expect(code).toBe(2);
    expect(io.err.trim().split('\n')).toHaveLength(1);
    expect(io.err).toMatch(line);
    expect(io.err).not.toMatch(/\n\s+at /);
  });

  test('a missing interpreter is bad input', async () => {
    const { code, io } = await cli('python:test/trackers/port.py', '--python', 'no-such-python-etasim');
    expect(code).toBe(2);
    expect(io.err).toMatch(/no-such-python-etasim not found/);
  });

  test.each([
    ['raises.py', 'ValueError', 18],
    ['sys_exit.py', 'SystemExit', 17],
    ['threads.py', 'TrackerThreadError', 24],
    ['unsupported_command.py', 'UnsupportedRedisCommand', 18],
    ['busy_loop.py', 'TrackerBusyLoop', null],
  ])('%s: a scenario failure carrying tracker_error %s', async (file, type, line) => {
    const { code, io } = await cli(`python:test/trackers/hostile/${file}`);
    expect(code).toBe(1);
    const json = JSON.parse(io.out);
    expect(json.tracker).toBe(`python:test/trackers/hostile/${file}`);
    const s = json.scenarios[0];
    expect(s.ok).toBe(false);
    expect(s.tracker_error.type).toBe(type);
    expect(s.tracker_error.file).toBe(`test/trackers/hostile/${file}`);
    if (line !== null) expect(s.tracker_error.line).toBe(line);
  });

  test("stray print() output does not corrupt the protocol", async () => {
    const { code, io } = await cli('python:test/trackers/hostile/prints.py');
    expect(code).toBe(0);
    expect(JSON.parse(io.out).scenarios[0].ok).toBe(true);
  });

  test('a tracker that never yields is stopped by the wall-clock watchdog', { timeout: 60_000 }, async () => {
    // A 1 s watchdog instead of 10 s: what never yields is stopped as surely, and sooner.
    const { code, io } = await cliWith({ ...process.env, ETASIM_TRACKER_WATCHDOG_MS: '1000' }, 'python:test/trackers/hostile/never_yields.py');
    expect(code).toBe(1);
    expect(JSON.parse(io.out).scenarios[0].tracker_error).toMatchObject({
      type: 'Timeout',
      message: 'the tracker did not yield for 1 s of wall-clock time',
    });
  });
});

describe.skipIf(skip)('python:PATH@REV', () => {
  test('reads the file as it was at a revision', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'etasim-rev-'));
    try {
      const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'pipe' });
      git('init', '-q');
      execFileSync('cp', [resolve(fixture('port.py')), join(dir, 'tracker.py')]);
      git('add', 'tracker.py');
      git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'port');
      execFileSync('cp', [resolve(fixture('v_eta_rises.py')), join(dir, 'tracker.py')]);
      const s = await scenario('intended-default');
      const atHead = await resolveTracker('--tracker', `python:${join(dir, 'tracker.py')}@HEAD`, { cwd: process.cwd(), python: PYTHON });
      const worktree = await resolveTracker('--tracker', `python:${join(dir, 'tracker.py')}`, { cwd: process.cwd(), python: PYTHON });
      const head = await runOne(s, { saveTrace: null, cwd: process.cwd(), tracker: atHead });
      const now = await runOne(s, { saveTrace: null, cwd: process.cwd(), tracker: worktree });
      expect(violatedIds(head.violations)).toEqual([]);
      expect(violatedIds(now.violations)).toContain('eta-jump');
      await expect(resolveTracker('--tracker', `python:${join(dir, 'tracker.py')}@no-such-rev`, { cwd: process.cwd(), python: PYTHON })).rejects.toThrow(/git show/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(skip)('bounds', () => {
  test('a loop nobody can stop ends at the simulation limits with a reported failure', { timeout: 60_000 }, async () => {
    const loop = await resolveTracker('--tracker', 'python:test/trackers/hostile/unstoppable_loop.py', { cwd: process.cwd(), python: PYTHON });
    const s = await scenario('real-fast-run');
    const limits = { virtualMsMax: 30 * 60 * 1000, stepsMax: 2_000_000, settleRoundsMax: 100_000 };
    await expect(runScenario(s, { tracker: loop.factory, limits })).rejects.toThrow(/virtual time passed 1800 s/);
    // The adapter process is still usable for the next run.
    const port = await tracker('port.py');
    expect((await runScenario(s, { tracker: port.factory })).outcome).toBe('completed');
  });
});
