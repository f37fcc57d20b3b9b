import { resolve } from 'node:path';
import { displayPath } from '../../7-orchestration/suite/displayPath.js';
import { ensureWritableDir } from '../ensureWritableDir.js';
import type { Command } from '../Command.js';
import { InputError } from '../../6-formats/InputError.js';
import { intOption } from '../parseOptions.js';
import { loadScenarioPaths } from '../../6-formats/scenario/load.js';
import { runSuite } from '../../7-orchestration/suite/runSuite.js';
import { confinedPath } from '../atomicWrite.js';
import { checkRedisServerOption, checkRedisUrlOption, resolveOutDir, withOutDir } from '../outSetup.js';
import { reportDrawer, reportWorkerCount, traceWriter } from '../writeReports.js';
import { TRACKER_OPTION_TABLE, trackerOption } from '../trackerSpec.js';
import { optionsHelp, parseTable, type OptionTable } from '../optionTable.js';
import { makeReporters, REPORT_OPTIONS, reportFileTargets, requestReporters } from '../reporters/reporters.js';

/** `etasim run`'s options: they drive both parsing and `--help`. */
export const RUN_OPTIONS = {
  out: { type: 'string', arg: 'DIR', help: 'where reports go (default reports/)' },
  seed: { type: 'string', arg: 'N', help: "overrides every scenario's seed" },
  filter: { type: 'string', arg: 'TEXT', help: 'only scenarios whose name contains TEXT' },
  redis: {
    type: 'string',
    arg: 'URL',
    help: "a real Redis server instead of the embedded mock (a db holding only etasim's keys; locked\nwhile a run lasts, only the run's own keys are deleted)",
  },
  ...REPORT_OPTIONS,
  ...TRACKER_OPTION_TABLE,
} as const satisfies OptionTable;

const USAGE = `usage: etasim run [PATH…] [options]

Runs scenario files or folders (default scenarios/), checks each against its
expect, writes reports/<name>/{trace.jsonl,trace.csv,report.html} and
reports/index.html. Paths in reports are relative to the working directory.

options:
${optionsHelp(RUN_OPTIONS)}

exit: 0 every scenario met its expectation; 1 some did not; 2 bad input or usage
`;

/** `etasim run`: the CI gate. */
export const runCommand: Command = {
  name: 'run',
  summary: 'run scenarios and check each against its expectation',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseTable('run', argv, RUN_OPTIONS);
    const requests = requestReporters('run', values, io.cwd);
    const reporters = makeReporters(requests, io, values.quiet ?? false);
    const html = reporters.some((r) => r.writesOutDir);
    // Any seed a scenario may hold, negative ones too (their replay command is `--seed -5`).
    const seed = values.seed === undefined ? null : intOption('run', 'seed', values.seed, 0, Number.MIN_SAFE_INTEGER);
    checkRedisUrlOption('run', values.redis);
    const paths = positionals.length ? positionals : ['scenarios'];
    const loaded = await loadScenarioPaths(paths, { cwd: io.cwd });
    const scenarios = loaded.scenarios.filter((s) => values.filter === undefined || s.name.includes(values.filter));
    if (loaded.errors.length === 0 && scenarios.length === 0) {
      throw new InputError(`etasim run: no scenario matched in ${paths.join(', ')}`);
    }
    for (const line of loaded.errors) io.stderr(line + '\n');
    // Bad files are reported and the good ones still run (a mixed folder); with none left, nothing runs.
    if (scenarios.length === 0) {
      // The machine formats still say what was wrong (json's errors, github's annotations); the text has said it above.
      const report = { results: [], errors: loaded.errors, tracker: values.tracker ?? 'builtin', reportsPath: null };
      for (const reporter of reporters) if (reporter.name !== 'text') await reporter.onRunEnd?.(report);
      return 2;
    }
    const out = resolveOutDir('run', { cwd: io.cwd, out: values.out, defaultOut: 'reports', targets: reportFileTargets(requests), scenarios });
    const outDir = out.dir;
    // Every refusal comes before anything is written: --out is made only once Redis and the tracker are usable.
    await checkRedisServerOption('run', values.redis);
    const tracker = await trackerOption('run', values, io.cwd, io.env);
    await ensureWritableDir('run', '--out', outDir, out.shown);
    const results = await withOutDir('run', out, async () => {
      // With enough reports to draw, worker threads draw them while the next scenarios run; else they are drawn at the end.
      const drawer = reportDrawer({ outDir, html }, reportWorkerCount(scenarios.length, html));
      const ran = await runSuite(scenarios, {
        tracker,
        saveTrace: traceWriter(outDir),
        saveTraceChunks: traceWriter(outDir),
        redisUrl: values.redis ?? null,
        seed,
        cwd: io.cwd,
        onResult: (r) => {
          for (const reporter of reporters) reporter.onScenario?.(r);
          drawer.submit(r);
        },
      });
      const written = await drawer.finish(ran);
      for (const r of ran) if (r.trace !== null) written.push(confinedPath(outDir, r.name, 'trace.jsonl'));
      return { result: ran, written };
    });
    const report = {
      results,
      errors: loaded.errors,
      tracker: tracker.spec,
      reportsPath: html ? displayPath(io.cwd, resolve(outDir, 'index.html')) : null,
    };
    for (const reporter of reporters) await reporter.onRunEnd?.(report);
    if (loaded.errors.length) return 2;
    return results.every((r) => r.ok) ? 0 : 1;
  },
};
