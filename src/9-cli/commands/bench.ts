import { performance } from 'node:perf_hooks';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from '../Command.js';
import { InputError } from '../../6-formats/InputError.js';
import { intOption, parseOptions } from '../parseOptions.js';
import { runBench } from '../../7-orchestration/bench/runBench.js';
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
  --suite DIR     scenarios whose suite time is measured (default scenarios/; --suite none skips)
  --scaling       instead: cost per run as run length, tick rate and cluster count grow
  --soak N        instead: N runs in one process, memory and open handles before and after
                  (run node with --expose-gc for exact heap figures)
${TRACKER_USAGE}
                  (bench: also measures that tracker against the built-in model, runs interleaved)
`;

/** The most timed runs one benchmark takes (a bound, not a target). */
const BENCH_RUNS_MAX = 100_000;

/** `etasim bench`: the performance benchmark. */
export const benchCommand: Command = {
  name: 'bench',
  summary: 'measure simulation speed (runs/s, speed-up over real time, memory)',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseOptions('bench', argv, {
      json: { type: 'boolean' },
      runs: { type: 'string' },
      suite: { type: 'string' },
      soak: { type: 'string' },
      scaling: { type: 'boolean' },
      ...TRACKER_OPTIONS,
    });
    if (values.scaling) {
      const points = await runScaling(intOption('bench', 'runs', values.runs, 10, 1), () => performance.now());
      if (values.json) io.stdout(JSON.stringify(points, null, 2) + '\n');
      else {
        io.stderr('| axis | variant | simulated s | trace events | ms per run |\n|---|---|---|---|---|\n');
        for (const p of points) io.stderr(`| ${p.axis} | ${p.variant} | ${p.simulated_s} | ${p.trace_events} | ${p.ms_per_run} |\n`);
      }
      return 0;
    }
    if (values.soak !== undefined) {
      const soak = await runSoak(intOption('bench', 'soak', values.soak, 1000, 1), {
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
    const runs = intOption('bench', 'runs', values.runs, 100, 1);
    if (runs > BENCH_RUNS_MAX) throw new InputError(`etasim bench: --runs takes at most ${BENCH_RUNS_MAX}, got ${values.runs}`);
    const tracker = await trackerOption('bench', values, io.cwd, io.env);
    // Outside the repository the default suite is absent: measure without it rather than fail.
    const suitePath = values.suite ?? (existsSync(resolve(io.cwd, 'scenarios')) ? 'scenarios' : 'none');
    const loaded = suitePath === 'none' ? { scenarios: [], errors: [] } : await loadScenarioPaths([suitePath], { cwd: io.cwd });
    if (loaded.errors.length) throw new InputError(loaded.errors);
    const result = await runBench({
      runs,
      suite: loaded.scenarios,
      nowMs: () => performance.now(),
      rssBytes: () => process.memoryUsage.rss(),
      heapBytes: () => process.memoryUsage().heapUsed,
      tracker,
    });
    const doc = { ...result, node: process.version };
    if (values.json) io.stdout(JSON.stringify(doc, null, 2) + '\n');
    else {
      io.stderr(
        `${result.runs} default runs of ${result.run_simulated_s} virtual s: ${result.ms_per_run} ms each, ` +
          `${result.speedup}× real time, ${result.runs_per_s} runs/s (bare tracker: ${result.bare_runs_per_s} runs/s)\n` +
          (result.suite ? `suite: ${result.suite.scenarios} scenarios in ${result.suite.wall_ms} ms\n` : '') +
          `memory: rss ${result.rss_mb_before} → ${result.rss_mb_after} MB (peak ${result.rss_mb_peak} MB), heap ${result.heap_mb_after} MB\n` +
          (result.tracker
            ? `tracker ${result.tracker.spec}: ${result.tracker.ms_per_run} ms per run, ${result.tracker.runs_per_s} runs/s, ` +
              `${result.tracker.ratio_to_builtin}× the built-in model's time` +
              (result.tracker.suite ? `; suite (${result.tracker.suite.scenarios} scenarios) ${result.tracker.suite.wall_ms} ms, ${result.tracker.suite.ratio_to_builtin}× the built-in's\n` : '\n')
            : ''),
      );
    }
    return 0;
  },
};
