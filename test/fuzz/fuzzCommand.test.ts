import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { memoryIo } from '../../src/9-cli/Io.js';
import { main } from '../../src/9-cli/main.js';
import { checkTrace, violatedIds } from '../../src/5-invariants/checkTrace.js';
import { parseScenarioText } from '../../src/6-formats/scenario/index.js';
import { runScenario } from '../../src/4-harness/runScenario.js';

/*
 * `etasim fuzz` end to end, in-process (--workers 0: vitest loads the
 * TypeScript sources, which a worker thread cannot). The worker-thread
 * path is tested through the built CLI in workers.test.ts.
 */

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etasim-fuzz-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fuzz(args: readonly string[]) {
  const io = memoryIo(dir);
  const code = await main(['fuzz', '--workers', '0', ...args], io);
  return { code, io, json: args.includes('--json') ? JSON.parse(io.out) : null };
}

interface FoundJson {
  invariants: string[];
  violations: string[];
  outcome: string;
  file?: string;
  scenario_yaml?: string;
  replay: string;
  reproduced: boolean;
}

describe('a --writers cpsat_direct campaign', () => {
  let result: Awaited<ReturnType<typeof fuzz>>;
  beforeAll(async () => {
    result = await fuzz(['--writers', 'cpsat_direct', '--seed', '1', '--runs', '30', '--json', '--save', 'saved-cpsat']);
  });

  test('exits 1 and prints the seed first and the reproduce command', () => {
    expect(result.code).toBe(1);
    expect(result.io.err.split('\n')[0]).toMatch(/^etasim fuzz: seed 1, 30 cases, profile intended, in-process$/);
    expect(result.io.err).toContain('reproduce: npx etasim fuzz --seed 1 --runs 30 --writers cpsat_direct');
    expect(result.json.ok).toBe(false);
    expect(result.json.reproduce).toBe('npx etasim fuzz --seed 1 --runs 30 --writers cpsat_direct');
  });

  test('finds eta-zero-mid-run and shrinks it to one cluster, every other stage off', async () => {
    const found = (result.json.found as FoundJson[]).find((f) => f.invariants.includes('eta-zero-mid-run'));
    expect(found).toBeDefined();
    expect(found!.reproduced).toBe(true);
    const text = await readFile(join(dir, found!.file!), 'utf8');
    const s = parseScenarioText(text, found!.file!);
    expect(s.writers).toEqual(['cpsat_direct']);
    expect(s.stages.cpsat.clusters).toBe(1);
    expect([s.stages.ga.generations, s.stages.rl.path, s.events.length]).toEqual([0, 'skip', 0]);
    expect(s.expect).toEqual({ outcome: found!.outcome, violations: [] });
    expect(text).toMatch(/^# Counterexample found by etasim fuzz, case \d+ of the campaign\n/);
    const run = await runScenario(s);
    expect(violatedIds(checkTrace(run.trace, { checks: s.checks, stages: s.tracker.stages }).violations)).toContain('eta-zero-mid-run');
  });

  test('every saved file is a regression scenario: `etasim run` on it exits 1 while the bug exists', async () => {
    const files = await readdir(join(dir, 'saved-cpsat'));
    expect(files.length).toBe((result.json.found as FoundJson[]).length);
    for (const file of files) {
      const io = memoryIo(dir);
      expect(await main(['run', join('saved-cpsat', file), '--out', 'reports'], io)).toBe(1);
      expect(io.err).toContain('found but not expected');
    }
  });
});

describe('a --writers ga_direct campaign', () => {
  test('finds single-writer, shrunk to one generation; the saved file reproduces it', async () => {
    const { code, json } = await fuzz(['--writers', 'ga_direct', '--seed', '1', '--runs', '30', '--json', '--save', 'saved-ga']);
    expect(code).toBe(1);
    const found = (json.found as FoundJson[]).find((f) => f.invariants.includes('single-writer'));
    expect(found).toBeDefined();
    const s = parseScenarioText(await readFile(join(dir, found!.file!), 'utf8'), found!.file!);
    expect(s.writers).toEqual(['ga_direct']);
    expect(s.stages.ga.generations).toBe(1);
    expect(s.stages.cpsat.clusters).toBe(0);
    const run = await runScenario(s);
    expect(violatedIds(checkTrace(run.trace, { checks: s.checks, stages: s.tracker.stages }).violations)).toContain('single-writer');
  });
});

describe('campaign results', () => {
  test('the intended profile: a small campaign finds nothing and exits 0', async () => {
    // 12 cases: checkTraceProperties runs 100 intended cases through the same checks in-process.
    const { code, json, io } = await fuzz(['--seed', '5', '--runs', '12', '--json']);
    expect(code).toBe(0);
    expect(json).toMatchObject({ ok: true, seed: 5, runs: 12, cases: 12, failing_cases: 0, found: [], writers: [], error_path: 'published' });
    expect(io.err).toContain('no counterexample found');
  });

  test('the JSON document is the same bytes for the same options (timing only on stderr)', async () => {
    const args = ['--writers', 'ga_direct', '--seed', '9', '--runs', '12', '--json'];
    const a = await fuzz(args);
    const b = await fuzz(args);
    expect(a.io.out).toBe(b.io.out);
    expect(a.io.out).not.toMatch(/elapsed|_ms"/);
    expect(a.io.err).toMatch(/^time: /m);
  });

  test('shards split a campaign: their cases and failures add up to the whole', async () => {
    const args = ['--writers', 'cpsat_direct', '--seed', '3', '--runs', '20', '--json', '--invariants', 'eta-zero-mid-run'];
    const whole = (await fuzz(args)).json;
    const parts = [(await fuzz([...args, '--shard', '0/2'])).json, (await fuzz([...args, '--shard', '1/2'])).json];
    expect(parts[0].cases + parts[1].cases).toBe(whole.cases);
    expect(parts[0].failing_cases + parts[1].failing_cases).toBe(whole.failing_cases);
    for (const k of ['completed', 'cancelled', 'failed', 'timed_out'] as const) {
      expect(parts[0].outcomes[k] + parts[1].outcomes[k]).toBe(whole.outcomes[k]);
    }
    expect(parts[1].reproduce).toContain('--shard 1/2');
  });

  test('--case replays one case of the campaign and shrinks it the same way', async () => {
    const whole = (await fuzz(['--writers', 'cpsat_direct', '--seed', '1', '--runs', '30', '--json'])).json;
    const first = (whole.found as FoundJson[])[0]!;
    const replay = await fuzz([...first.replay.split(' ').slice(3), '--json']);
    expect(replay.json.cases).toBe(1);
    // The header names the command that found it; the scenario itself is the same.
    const body = (yaml: string | undefined) => yaml!.replace(/^#.*\n/gm, '');
    expect(body((replay.json.found as FoundJson[])[0]!.scenario_yaml)).toBe(body(first.scenario_yaml));
  });

  test('a negative seed replays through the printed command', async () => {
    const { json } = await fuzz(['--seed=-5', '--runs', '3', '--json']);
    expect(json.reproduce).toBe('npx etasim fuzz --seed=-5 --runs 3');
    const again = await fuzz([...(json.reproduce as string).split(' ').slice(3), '--json']);
    expect(again.io.out).toBe(JSON.stringify(json, null, 2) + '\n');
  });

  test('--check-determinism runs each case twice and finds no difference', async () => {
    const { code, json } = await fuzz(['--seed', '2', '--runs', '10', '--check-determinism', '--json']);
    expect(code).toBe(0);
    expect(json.check_determinism).toBe(true);
    expect(json.reproduce).toContain('--check-determinism');
  });

  test('--verbose prints every knob and one line per case', async () => {
    const { io } = await fuzz(['--seed', '4', '--runs', '3', '--verbose']);
    expect(io.err).toMatch(/^knobs:\n {2}seed {9}4: case i is fast-check's first value for seed caseSeed\(4, i\)/m);
    for (const key of ['runs', 'shard', 'profile', 'writers', 'error path', 'invariants', 'determinism', 'workers', 'shrinking', 'generator']) {
      expect(io.err).toMatch(new RegExp(`^  ${key} +`, 'm'));
    }
    expect(io.err.match(/^case \d+ \(fast-check seed -?\d+\): \S+, ok · seed /gm)).toHaveLength(3);
  });

  test('a progress bar redrawn in place on a terminal', async () => {
    const io = Object.assign(memoryIo(dir), { isTty: true });
    expect(await main(['fuzz', '--workers', '0', '--seed', '4', '--runs', '10'], io)).toBe(0);
    expect(io.err).toMatch(/\r\[#{24}\] 10\/10 100% · [\d.]+ cases\/s · done · failing 0\x1b\[K\n/);
  });

  test('etasim --help lists fuzz; etasim fuzz --help prints its usage', async () => {
    const help = memoryIo(dir);
    expect(await main(['--help'], help)).toBe(0);
    expect(help.out).toMatch(/^ {2}fuzz {7}search generated scenarios/m);
    const usage = memoryIo(dir);
    expect(await main(['fuzz', '--help'], usage)).toBe(0);
    expect(usage.out).toContain('usage: etasim fuzz [options]');
    expect(usage.out).toContain('exit: 0 no counterexample; 1 counterexample found; 2 bad input or usage');
  });

  test('plain progress lines when stderr is not a terminal', async () => {
    const { io } = await fuzz(['--seed', '4', '--runs', '10']);
    expect(io.err).toMatch(/^fuzz: 10\/10 cases \(100%\), [\d.]+ cases\/s, done, 0 failing$/m);
    expect(io.err).not.toContain('\r');
  });
});

describe('bad input exits 2 with one line', () => {
  test.each([
    [['--writers', 'cpsat'], /--writers: 'cpsat' is not a known writer id/],
    [['--writers', 'ga_direct,ga_direct'], /'ga_direct' is given twice/],
    [['--profile', 'shipit'], /--profile takes one of intended, shipped, pre-fix/],
    [['--error-path', 'loud'], /--error-path takes published, silent or any/],
    [['--invariants', 'eta-stuck'], /'eta-stuck' is not a known gate invariant/],
    [['--runs', '0'], /--runs takes a whole number from 1/],
    [['--runs', 'ten'], /--runs takes a whole number/],
    [['--seed', '1.5'], /--seed takes a whole number/],
    [['--shard', '2/2'], /--shard takes i\/n with 0 ≤ i < n/],
    [['--shard', 'a/b'], /--shard takes i\/n/],
    [['--case', '30', '--runs', '30'], /--case takes a whole number from 0 to 29/],
    [['--workers', 'many'], /--workers takes a whole number/],
    [['extra'], /unexpected argument 'extra'/],
    [['--frobnicate'], /^etasim fuzz: Unknown option '--frobnicate'/],
  ])('%j', async (args, message) => {
    const io = memoryIo(dir);
    expect(await main(['fuzz', ...args], io)).toBe(2);
    expect(io.err.trim().split('\n')).toHaveLength(1);
    expect(io.err).toMatch(message);
    expect(io.out).toBe('');
  });
});

describe('a --faults campaign on the intended profile', () => {
  test('finds liveness (a job that never ends after a Redis outage), shrunk to one fault; the saved file reproduces it', async () => {
    const { code, json, io } = await fuzz(['--faults', '--seed', '3', '--runs', '60', '--json', '--save', 'saved-faults']);
    expect(code).toBe(1);
    expect(json.reproduce).toBe('npx etasim fuzz --seed 3 --runs 60 --faults');
    const found = (json.found as FoundJson[]).find((f) => f.invariants.includes('liveness'));
    expect(found).toBeDefined();
    const s = parseScenarioText(await readFile(join(dir, found!.file!), 'utf8'), found!.file!);
    expect(s.faults).toHaveLength(1);
    const run = await runScenario(s);
    expect(run.liveness.ok).toBe(false);
    const runIo = memoryIo(dir);
    expect(await main(['run', found!.file!, '--out', 'reports'], runIo)).toBe(1);
    expect(runIo.err).toContain('liveness: the job never reached a terminal message');
    expect(io.err).toContain('failing: liveness in');
  });
});
