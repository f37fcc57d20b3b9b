import { resolve } from 'node:path';
import { displayPath } from '../../7-orchestration/suite/displayPath.js';
import { ensureWritableDir } from '../ensureWritableDir.js';
import { checkRedis, RedisUnusable } from '../../3-model/redis/RedisBackend.js';
import { parseRedisUrl, redactRedisUrl, RedisUrlError } from '../../3-model/redis/redisUrl.js';
import type { Command } from '../Command.js';
import { InputError } from '../../6-formats/InputError.js';
import { intOption, parseOptions } from '../parseOptions.js';
import { loadScenarioPaths } from '../../6-formats/scenario/load.js';
import { runSuite } from '../../7-orchestration/suite/runSuite.js';
import { formatResultLine, formatSummary, resultsJson } from '../../7-orchestration/suite/formatResults.js';
import { appendFile } from 'node:fs/promises';
import { confinedPath, writeFileAtomic } from '../atomicWrite.js';
import { lockOutDir } from '../outDirLock.js';
import { prepareOutDir, replaceManifest } from '../reportManifest.js';
import { checkReportTargets } from '../reportTargets.js';
import { traceWriter, writeRunReports } from '../writeReports.js';
import { formatJunit } from '../../8-report/formatJunit.js';
import { formatMarkdown } from '../../8-report/formatMarkdown.js';
import { TRACKER_OPTIONS, TRACKER_USAGE, trackerOption } from '../trackerSpec.js';

const USAGE = `usage: etasim run [PATH…] [options]

Runs scenario files or folders (default scenarios/), checks each against its
expect, writes reports/<name>/{trace.jsonl,trace.csv,report.html} and
reports/index.html.

options:
  --json            one JSON document on stdout (human text goes to stderr)
  --out DIR         where reports go (default reports/)
  --seed N          overrides every scenario's seed
  --filter TEXT     only scenarios whose name contains TEXT
  --redis URL       a real Redis server instead of the embedded mock (a db holding only etasim's keys; locked
                    while a run lasts, only the run's own keys are deleted)
  --junit FILE      also write a JUnit XML report (a testcase per scenario)
  --markdown FILE   also write a Markdown summary (a table a CI job can post);
                    appended, not replaced, when FILE is $GITHUB_STEP_SUMMARY
  --no-html         skip report.html and index.html (trace.jsonl and trace.csv are still written)
${TRACKER_USAGE}

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
      junit: { type: 'string' },
      markdown: { type: 'string' },
      'no-html': { type: 'boolean' },
      ...TRACKER_OPTIONS,
    });
    // Any seed a scenario may hold, negative ones too (their replay command is `--seed -5`).
    const seed = values.seed === undefined ? null : intOption('run', 'seed', values.seed, 0, Number.MIN_SAFE_INTEGER);
    if (values.redis !== undefined) {
      try {
        parseRedisUrl(values.redis);
      } catch (error) {
        if (!(error instanceof RedisUrlError)) throw error;
        throw new InputError(`etasim run: --redis ${redactRedisUrl(values.redis)}: ${error.message}`);
      }
    }
    const paths = positionals.length ? positionals : ['scenarios'];
    const loaded = await loadScenarioPaths(paths, { cwd: io.cwd });
    const scenarios = loaded.scenarios.filter((s) => values.filter === undefined || s.name.includes(values.filter));
    if (loaded.errors.length === 0 && scenarios.length === 0) {
      throw new InputError(`etasim run: no scenario matched in ${paths.join(', ')}`);
    }
    for (const line of loaded.errors) io.stderr(line + '\n');
    // Bad files are reported and the good ones still run (a mixed folder); with none left, nothing runs.
    if (scenarios.length === 0) {
      if (values.json) io.stdout(JSON.stringify({ ok: false, errors: loaded.errors, scenarios: [] }, null, 2) + '\n');
      return 2;
    }
    const outDir = resolve(io.cwd, values.out ?? 'reports');
    const outShown = values.out ?? 'reports';
    const junitPath = values.junit === undefined ? undefined : resolve(io.cwd, values.junit);
    const markdownPath = values.markdown === undefined ? undefined : resolve(io.cwd, values.markdown);
    const names = scenarios.map((s) => s.name);
    checkReportTargets('run', [['--junit', junitPath, values.junit], ['--markdown', markdownPath, values.markdown]], {
      outDir,
      inputs: scenarios.flatMap((s) => (s.file === null ? [] : [resolve(io.cwd, s.file)])),
      names,
    });
    await ensureWritableDir('run', '--out', outDir, outShown);
    if (values.redis !== undefined) {
      try {
        await checkRedis(values.redis);
      } catch (error) {
        if (!(error instanceof RedisUnusable)) throw error;
        throw new InputError(`etasim run: --redis ${redactRedisUrl(values.redis)}: ${error.message}`);
      }
    }
    const tracker = await trackerOption('run', values, io.cwd, io.env);
    const lock = await lockOutDir('run', outDir, outShown);
    let results;
    try {
      await prepareOutDir('run', outDir, outShown, names);
      results = await runSuite(scenarios, {
        tracker,
        saveTrace: traceWriter(outDir),
        saveTraceChunks: traceWriter(outDir),
        redisUrl: values.redis ?? null,
        seed,
        cwd: io.cwd,
        onResult: (r) => io.stderr(formatResultLine(r)),
      });
      io.stderr(formatSummary(results));
      const written = await writeRunReports(results, { outDir, html: !values['no-html'] });
      for (const r of results) if (r.trace !== null) written.push(confinedPath(outDir, r.name, 'trace.jsonl'));
      // The folder now shows exactly this run: files the last run wrote and this one did not are removed.
      await replaceManifest(outDir, written);
    } finally {
      await lock.release();
    }
    if (!values['no-html']) io.stderr(`reports: ${displayPath(io.cwd, resolve(outDir, 'index.html'))}\n`);
    if (junitPath !== undefined) await writeFileAtomic(junitPath, formatJunit(results));
    if (markdownPath !== undefined) {
      const reportsPath = displayPath(io.cwd, resolve(outDir, 'index.html'));
      const markdown = formatMarkdown(results, { reportsPath });
      // GitHub's job summary collects what every step appends: replacing it would drop the earlier steps'.
      const summary = process.env['GITHUB_STEP_SUMMARY'];
      if (summary && resolve(io.cwd, summary) === markdownPath) await appendFile(markdownPath, markdown);
      else await writeFileAtomic(markdownPath, markdown);
    }
    if (values.json) io.stdout(JSON.stringify(resultsJson(results, loaded.errors, tracker.spec), null, 2) + '\n');
    if (loaded.errors.length) return 2;
    return results.every((r) => r.ok) ? 0 : 1;
  },
};
