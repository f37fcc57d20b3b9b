import { performance } from 'node:perf_hooks';
import type { Command } from '../Command.js';
import { InputError } from '../InputError.js';
import { intOption, parseOptions } from '../parseOptions.js';
import { runBench } from '../../bench/runBench.js';
import { loadScenarioPaths } from '../../scenario/load.js';

const USAGE = `usage: etasim bench [options]

Measures, in one process: full runs of the default scenario (about 700
virtual seconds through virtual time, embedded Redis, recorder, observers
and invariants), the same tracker arithmetic bare, and the scenario suite.

options:
  --json          one JSON object on stdout
  --runs N        timed full runs (default 100)
  --suite DIR     scenarios whose suite time is measured (default scenarios/; --suite none skips)
`;

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
    });
    if (positionals.length) throw new InputError(`etasim bench: unexpected argument '${positionals[0]}'`);
    const runs = Math.max(1, intOption('bench', 'runs', values.runs, 100));
    const suitePath = values.suite ?? 'scenarios';
    const loaded = suitePath === 'none' ? { scenarios: [], errors: [] } : await loadScenarioPaths([suitePath], { cwd: io.cwd });
    if (loaded.errors.length) throw new InputError(loaded.errors);
    const result = await runBench({
      runs,
      suite: loaded.scenarios,
      nowMs: () => performance.now(),
      rssBytes: () => process.memoryUsage.rss(),
      heapBytes: () => process.memoryUsage().heapUsed,
    });
    const doc = { ...result, node: process.version };
    if (values.json) io.stdout(JSON.stringify(doc, null, 2) + '\n');
    else {
      io.stderr(
        `${result.runs} default runs of ${result.run_simulated_s} virtual s: ${result.ms_per_run} ms each, ` +
          `${result.speedup}× real time, ${result.runs_per_s} runs/s (bare tracker: ${result.bare_runs_per_s} runs/s)\n` +
          (result.suite ? `suite: ${result.suite.scenarios} scenarios in ${result.suite.wall_ms} ms\n` : '') +
          `memory: rss ${result.rss_mb_before} → ${result.rss_mb_after} MB (peak ${result.rss_mb_peak} MB), heap ${result.heap_mb_after} MB\n`,
      );
    }
    return 0;
  },
};
