import { performance } from 'node:perf_hooks';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from '../Command.js';
import { InputError } from '../../6-formats/InputError.js';
import { intOption, parseOptions } from '../parseOptions.js';
import { runBench, type BenchResult, type Spread } from '../../7-orchestration/bench/runBench.js';
import { runSoak } from '../../7-orchestration/bench/runSoak.js';
import { runScaling } from '../../7-orchestration/bench/runScaling.js';
import { loadScenarioPaths } from '../../6-formats/scenario/load.js';
import { TRACKER_OPTIONS, TRACKER_USAGE, trackerOption } from '../trackerSpec.js';

const USAGE = `usage: etasim bench [options]

Measures, in one process: full runs of the default scenario (about 700
virtual seconds through virtual time, embedded Redis, recorder, observers
and invariants), the same tracker arithmetic bare, and the scenario suite.

options:
  --json          one JSON object on stdout
  --runs N        timed full runs (default 100)
  --rounds N      rounds the runs are split into (default 5): each figure is min / median / max over them,
                  and a warning says when their spread shows a busy machine
  --suite DIR     scenarios whose suite time is measured (default scenarios/; --suite none skips)
  --scaling       instead: cost per run as run length, tick rate and cluster count grow
  --soak N        instead: N runs in one process, memory and open handles before and after
                  (run node with --expose-gc for exact heap figures)
${TRACKER_USAGE}
                  (bench: also measures that tracker against the built-in model, runs interleaved)
`;

/** The most timed runs one benchmark takes (a bound, not a target). */
const BENCH_RUNS_MAX = 100_000;
/** The most rounds (a bound, not a target). */
const BENCH_ROUNDS_MAX = 1000;

const spread = (s: Spread): string => `${s.min} / ${s.median} / ${s.max}`;

/** The human summary: every figure as min / median / max over the rounds, then any warning. */
function formatBench(result: BenchResult): string {
  const r = result.rounds;
  return (
    `${result.runs} default runs of ${result.run_simulated_s} virtual s in ${r.count} rounds (min / median / max):\n` +
    `  full stack    ${spread(r.ms_per_run)} ms per run, ${spread(r.runs_per_s)} runs/s; ${result.speedup}× real time overall\n` +
    `  bare tracker  ${spread(r.bare_runs_per_s)} runs/s\n` +
    `  ratio         a full run costs ${spread(r.ratio_to_bare)} bare runs\n` +
    (result.suite && r.suite_wall_ms ? `suite: ${result.suite.scenarios} scenarios in ${spread(r.suite_wall_ms)} ms\n` : '') +
    `memory: rss ${result.rss_mb_before} → ${result.rss_mb_after} MB (peak ${result.rss_mb_peak} MB), heap ${result.heap_mb_after} MB\n` +
    (result.tracker
      ? `tracker ${result.tracker.spec}: ${result.tracker.ms_per_run} ms per run, ${result.tracker.runs_per_s} runs/s, ` +
        `${result.tracker.ratio_to_builtin}× the built-in model's time` +
        (result.tracker.suite ? `; suite (${result.tracker.suite.scenarios} scenarios) ${result.tracker.suite.wall_ms} ms, ${result.tracker.suite.ratio_to_builtin}× the built-in's\n` : '\n')
      : '') +
    result.warnings.map((w) => `warning: ${w}\n`).join('')
  );
}

/** `etasim bench`: the performance benchmark. */
export const benchCommand: Command = {
  name: 'bench',
  summary: 'measure simulation speed (runs/s, speed-up over real time, memory)',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseOptions('bench', argv, {
      json: { type: 'boolean' },
      runs: { type: 'string' },
      rounds: { type: 'string' },
      suite: { type: 'string' },
      soak: { type: 'string' },
      scaling: { type: 'boolean' },
      ...TRACKER_OPTIONS,
    });
    if (values.scaling) {
      const points = await runScaling(boundedRuns('runs', values.runs, 10), () => performance.now());
      if (values.json) io.stdout(JSON.stringify(points, null, 2) + '\n');
      else {
        io.stderr('| axis | variant | simulated s | trace events | ms per run |\n|---|---|---|---|---|\n');
        for (const p of points) io.stderr(`| ${p.axis} | ${p.variant} | ${p.simulated_s} | ${p.trace_events} | ${p.ms_per_run} |\n`);
      }
      return 0;
    }
    if (values.soak !== undefined) {
      const soak = await runSoak(boundedRuns('soak', values.soak, 1000), {
        heapBytes: () => process.memoryUsage().heapUsed,
        rssBytes: () => process.memoryUsage.rss(),
        handles: () => process.getActiveResourcesInfo(),
        collect: () => (globalThis as { gc?: () => void }).gc?.(),
      });
      if (values.json) io.stdout(JSON.stringify(soak, null, 2) + '\n');
      else io.stderr(`soak: ${soak.runs} runs; heap ${soak.heap_mb_before} → ${soak.heap_mb_after} MB, rss ${soak.rss_mb_before} → ${soak.rss_mb_after} MB; handles ${JSON.stringify(soak.handles_before)} → ${JSON.stringify(soak.handles_after)}; keyspaces ${soak.keyspaces}\n`);
      return 0;
    }
    if (positionals.length) throw new InputError(`etasim bench: unexpected argument '${positionals[0]}'`);
    const runs = boundedRuns('runs', values.runs, 100);
    const rounds = intOption('bench', 'rounds', values.rounds, 5, 1);
    if (rounds > BENCH_ROUNDS_MAX) throw new InputError(`etasim bench: --rounds takes at most ${BENCH_ROUNDS_MAX}, got ${values.rounds}`);
    const tracker = await trackerOption('bench', values, io.cwd, io.env);
    // Outside the repository the default suite is absent: measure without it rather than fail.
    const suitePath = values.suite ?? (existsSync(resolve(io.cwd, 'scenarios')) ? 'scenarios' : 'none');
    const loaded = suitePath === 'none' ? { scenarios: [], errors: [] } : await loadScenarioPaths([suitePath], { cwd: io.cwd });
    if (loaded.errors.length) throw new InputError(loaded.errors);
    const result = await runBench({
      runs,
      rounds,
      suite: loaded.scenarios,
      nowMs: () => performance.now(),
      rssBytes: () => process.memoryUsage.rss(),
      heapBytes: () => process.memoryUsage().heapUsed,
      tracker,
    });
    const doc = { ...result, node: process.version };
    if (values.json) io.stdout(JSON.stringify(doc, null, 2) + '\n');
    else io.stderr(formatBench(result));
    return 0;
  },
};

/** A run count of at least 1 and at most BENCH_RUNS_MAX (`--runs`, `--soak`). */
function boundedRuns(name: string, text: string | undefined, fallback: number): number {
  const runs = intOption('bench', name, text, fallback, 1);
  if (runs > BENCH_RUNS_MAX) throw new InputError(`etasim bench: --${name} takes at most ${BENCH_RUNS_MAX}, got ${text}`);
  return runs;
}
