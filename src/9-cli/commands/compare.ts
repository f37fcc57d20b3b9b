import { resolve } from 'node:path';
import { InputError } from '../../6-formats/InputError.js';
import { loadScenarioPaths } from '../../6-formats/scenario/load.js';
import { compareResults, DEFAULT_TOLERANCE_S, type Comparison } from '../../7-orchestration/compare/compareResults.js';
import { displayPath } from '../../7-orchestration/suite/displayPath.js';
import { runSuite } from '../../7-orchestration/suite/runSuite.js';
import { renderCompareIndex } from '../../8-report/compareIndex.js';
import { renderCompareReport } from '../../8-report/compareReport.js';
import { confinedPath, writeFileAtomic } from '../atomicWrite.js';
import { optionsHelp, parseTable, type OptionTable } from '../optionTable.js';
import { makeReporters, REPORT_OPTIONS, reportFileTargets, requestReporters } from '../reporters/reporters.js';
import type { Command } from '../Command.js';
import { ensureWritableDir } from '../ensureWritableDir.js';
import { checkRedisServerOption, checkRedisUrlOption, resolveOutDir, withOutDir } from '../outSetup.js';
import { intOption } from '../parseOptions.js';
import { TRACKER_OPTION_TABLE, TRACKER_SPEC_FORMS, trackerOption } from '../trackerSpec.js';
import { scenarioFile } from '../writeReports.js';

/** `etasim compare`'s options: they drive both parsing and `--help`. */
export const COMPARE_OPTIONS = {
  baseline: {
    type: 'string',
    arg: 'SPEC',
    help: `the tracker compared against: builtin, ${TRACKER_SPEC_FORMS}\n(e.g. python:tracker.py@origin/main)`,
  },
  candidate: { type: 'string', arg: 'SPEC', help: 'the tracker under review, same forms' },
  'tolerance-s': {
    type: 'string',
    arg: 'X',
    help: `a figure is worse or better only when it moves by more than X (default ${DEFAULT_TOLERANCE_S});\nseconds, and progress points for progress_leap_max_pct`,
  },
  out: { type: 'string', arg: 'DIR', help: 'where reports go (default reports/compare/)' },
  seed: { type: 'string', arg: 'N', help: "overrides every scenario's seed (both sides get the same)" },
  filter: { type: 'string', arg: 'TEXT', help: 'only scenarios whose name contains TEXT' },
  redis: { type: 'string', arg: 'URL', help: 'a real Redis server instead of the embedded mock (as for run)' },
  ...REPORT_OPTIONS,
  python: TRACKER_OPTION_TABLE.python,
} as const satisfies OptionTable;

const USAGE = `usage: etasim compare [PATH…] --baseline SPEC --candidate SPEC [options]

Runs every scenario (default scenarios/) on two trackers with the same seed
and reports what changed: per scenario the violations added and removed and
the ETA figures of both (eta_mae_s, eta_error_max_s, eta_stuck_max_s,
eta_rise_max_s, progress_stuck_max_s, progress_leap_max_pct; lower is better,
see docs/figures.md). Writes reports/compare/index.html and, per scenario,
<name>/compare.html (both ETA curves over the true remaining time) and
<name>/{baseline,candidate}.trace.jsonl.

options:
${optionsHelp(COMPARE_OPTIONS)}

A scenario is worse when the candidate adds a violation, stops where the
baseline did not, or worsens a figure beyond the tolerance; better when it
removes a violation or improves a figure and is worse in nothing. A scenario
skipped on either side (e.g. its tracker: overrides, under a python tracker)
is reported as skipped, not compared.

exit: 0 no scenario worse; 1 some scenario worse; 2 bad input or usage
`;

/** `etasim compare`: the pull-request gate between two trackers. */
export const compareCommand: Command = {
  name: 'compare',
  summary: 'run scenarios on two trackers and report what got worse or better',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseTable('compare', argv, COMPARE_OPTIONS);
    const requests = requestReporters('compare', values, io.cwd);
    const reporters = makeReporters(requests, io, values.quiet ?? false);
    const html = reporters.some((r) => r.writesOutDir);
    if (values.baseline === undefined || values.candidate === undefined) {
      throw new InputError('etasim compare: both --baseline SPEC and --candidate SPEC are required; see `etasim compare --help`');
    }
    const toleranceS = toleranceOption(values['tolerance-s']);
    const seed = values.seed === undefined ? null : intOption('compare', 'seed', values.seed, 0, Number.MIN_SAFE_INTEGER);
    checkRedisUrlOption('compare', values.redis);
    const paths = positionals.length ? positionals : ['scenarios'];
    const loaded = await loadScenarioPaths(paths, { cwd: io.cwd });
    const scenarios = loaded.scenarios.filter((s) => values.filter === undefined || s.name.includes(values.filter));
    if (loaded.errors.length === 0 && scenarios.length === 0) throw new InputError(`etasim compare: no scenario matched in ${paths.join(', ')}`);
    for (const line of loaded.errors) io.stderr(line + '\n');
    if (scenarios.length === 0) {
      if (values.json) io.stdout(JSON.stringify({ ok: false, errors: loaded.errors, scenarios: [] }, null, 2) + '\n');
      return 2;
    }
    const fileTargets = reportFileTargets(requests);
    const out = resolveOutDir('compare', { cwd: io.cwd, out: values.out, defaultOut: 'reports/compare', targets: fileTargets, scenarios });
    const outDir = out.dir;
    for (const [option, path, shown] of fileTargets) {
      if (path !== undefined && out.names.some((n) => COMPARE_FILES.some((f) => resolve(outDir, n, f) === path))) {
        throw new InputError(`etasim compare: ${option} ${shown}: is a file this comparison writes under --out; choose another path`);
      }
    }
    // Every refusal comes before anything is written: --out is made only once Redis and both trackers are usable.
    await checkRedisServerOption('compare', values.redis);
    const baseline = await trackerOption('compare', { tracker: values.baseline, python: values.python }, io.cwd, io.env, '--baseline');
    const candidate = await trackerOption('compare', { tracker: values.candidate, python: values.python }, io.cwd, io.env, '--candidate');
    await ensureWritableDir('compare', '--out', outDir, out.shown);
    const comparison = await withOutDir('compare', out, async () => {
      // Exactly two runs per scenario: each side's suite once, same seeds; the comparison only reads their results.
      const common = { redisUrl: values.redis ?? null, seed, cwd: io.cwd };
      const count = `${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}`;
      io.stderr(`baseline ${baseline.spec}: running ${count}\n`);
      const baseResults = await runSuite(scenarios, { ...common, tracker: baseline, saveTrace: sideTraceWriter(outDir, 'baseline') });
      io.stderr(`candidate ${candidate.spec}: running ${count}\n`);
      const candResults = await runSuite(scenarios, { ...common, tracker: candidate, saveTrace: sideTraceWriter(outDir, 'candidate') });
      const compared = compareResults(baseResults, candResults, { baseline: baseline.spec, candidate: candidate.spec, toleranceS, cwd: io.cwd });
      const written = html ? await writeCompareReports(compared, outDir) : [];
      for (const r of [...baseResults, ...candResults]) if (r.trace !== null) written.push(resolve(io.cwd, r.trace));
      return { result: compared, written };
    });
    const reportsPath = html ? displayPath(io.cwd, confinedPath(outDir, 'index.html')) : null;
    for (const reporter of reporters) await reporter.onCompareEnd?.({ comparison, errors: loaded.errors, reportsPath });
    if (loaded.errors.length) return 2;
    return comparison.ok ? 0 : 1;
  },
};

/** `--tolerance-s`: a finite number ≥ 0. */
function toleranceOption(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TOLERANCE_S;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new InputError(`etasim compare: --tolerance-s takes a number ≥ 0 (seconds), got '${text}'`);
  }
  return value;
}

/** What a comparison writes in each scenario's folder. */
const COMPARE_FILES = ['compare.html', 'baseline.trace.jsonl', 'candidate.trace.jsonl'];

/** Each side's trace, atomically, as `<outDir>/<name>/<side>.trace.jsonl`. */
function sideTraceWriter(outDir: string, side: 'baseline' | 'candidate'): (name: string, jsonl: string) => Promise<string> {
  return async (name, jsonl) => {
    const path = scenarioFile(outDir, name, `${side}.trace.jsonl`);
    await writeFileAtomic(path, jsonl, { confinedTo: outDir });
    return path;
  };
}

/** `<outDir>/<name>/compare.html` per scenario, then `<outDir>/index.html`, each atomically and inside `outDir`. */
export async function writeCompareReports(comparison: Comparison, outDir: string): Promise<string[]> {
  const written: string[] = [];
  const specs = { baseline: comparison.baseline, candidate: comparison.candidate, toleranceS: comparison.toleranceS };
  for (const s of comparison.scenarios) {
    const path = scenarioFile(outDir, s.name, 'compare.html');
    await writeFileAtomic(path, await renderCompareReport(s, specs), { confinedTo: outDir });
    written.push(path);
  }
  const indexPath = confinedPath(outDir, 'index.html');
  await writeFileAtomic(indexPath, renderCompareIndex(comparison), { confinedTo: outDir });
  written.push(indexPath);
  return written;
}
