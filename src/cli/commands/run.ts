import { resolve } from 'node:path';
import type { Command } from '../Command.js';
import { InputError } from '../InputError.js';
import { intOption, parseOptions } from '../parseOptions.js';
import { loadScenarioPaths } from '../../scenario/load.js';
import { runSuite } from '../../suite/runSuite.js';
import { formatResultLine, formatSummary, resultsJson } from '../../suite/formatResults.js';

const USAGE = `usage: etasim run [PATH…] [options]

Runs scenario files or folders (default scenarios/), checks each against its
expect, writes reports/<name>/trace.jsonl.

options:
  --json            one JSON document on stdout (human text goes to stderr)
  --out DIR         where reports go (default reports/)
  --seed N          overrides every scenario's seed
  --filter TEXT     only scenarios whose name contains TEXT
  --redis URL       a real Redis server instead of the embedded mock (its db is flushed per run)

exit: 0 every scenario met its expectation; 1 some did not; 2 bad input or usage
`;

/** `etasim run`: the CI gate. */
export const runCommand: Command = {
  name: 'run',
  summary: 'run scenarios and check each against its expectation',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseOptions('run', argv, {
      json: { type: 'boolean' },
      out: { type: 'string' },
      seed: { type: 'string' },
      filter: { type: 'string' },
      redis: { type: 'string' },
    });
    const seed = values.seed === undefined ? null : intOption('run', 'seed', values.seed, 0);
    const paths = positionals.length ? positionals : ['scenarios'];
    const loaded = await loadScenarioPaths(paths.map((p) => resolve(io.cwd, p)));
    const scenarios = loaded.scenarios.filter((s) => values.filter === undefined || s.name.includes(values.filter));
    if (loaded.errors.length === 0 && scenarios.length === 0) {
      throw new InputError(`etasim run: no scenario matched in ${paths.join(', ')}`);
    }
    for (const line of loaded.errors) io.stderr(line + '\n');
    const results = await runSuite(scenarios, {
      outDir: resolve(io.cwd, values.out ?? 'reports'),
      redisUrl: values.redis ?? null,
      seed,
      cwd: io.cwd,
      onResult: (r) => io.stderr(formatResultLine(r)),
    });
    io.stderr(formatSummary(results));
    if (values.json) io.stdout(JSON.stringify(resultsJson(results), null, 2) + '\n');
    if (loaded.errors.length) return 2;
    return results.every((r) => r.ok) ? 0 : 1;
  },
};
