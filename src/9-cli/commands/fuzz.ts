import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import { displayPath } from '../../7-orchestration/suite/displayPath.js';
import { ensureWritableDir } from '../ensureWritableDir.js';
import { performance } from 'node:perf_hooks';
import type { Command } from '../Command.js';
import { parseFuzzOptions } from '../fuzzOptions.js';
import { TRACKER_USAGE, trackerOption } from '../trackerSpec.js';
import { caseCount, reproduceCommand } from '../../7-orchestration/fuzz/CampaignSpec.js';
import { formatCaseLine, formatKnobs, formatStart } from '../../7-orchestration/fuzz/formatCampaign.js';
import { formatEta } from '../../7-orchestration/fuzz/formatProgress.js';
import { ProgressDisplay } from '../../7-orchestration/fuzz/ProgressDisplay.js';
import { runCampaign, type Counterexample } from '../../7-orchestration/fuzz/runCampaign.js';
import { confinedPath, writeFileAtomic } from '../atomicWrite.js';
import { checkReportTargets } from '../reportTargets.js';
import { makeReporters, reportFileTargets, requestReporters } from '../reporters/reporters.js';

const USAGE = `usage: etasim fuzz [options]

Property-based search over generated scenarios: each case is a whole
scenario (swarm style: some features switched off), run and checked against
the gate invariants. The first failing case of each kind is shrunk to a
smallest scenario. The seed decides everything and is printed first.

options:
  --runs N              cases in the campaign (default 100)
  --seed S              campaign seed (default: drawn and printed)
  --profile P           intended | shipped | pre-fix (default intended)
  --writers LIST        legacy writers: a,b (exactly these), none, or any (a subset per case);
                        default: the profile's
  --error-path P        published | silent | any (per case); default: the profile's
  --invariants IDS      gate invariants that fail a case (default: all six)
  --check-determinism   run each case twice; differing trace hashes fail it ('determinism')
  --faults              inject Redis faults (errors, latency, disconnects, dropped messages);
                        a job that never reaches a terminal message fails its case ('liveness')
  --save DIR            write each shrunk counterexample as DIR/<name>.yaml, a regression
                        scenario: \`etasim run\` on it exits 1 until the bug is fixed
  --reporter NAME[=FILE]  adds a reporter (repeatable): text (default: the summary on stderr), json,
                        junit (a testcase per counterexample), markdown (a table of counterexamples
                        with their replay commands; appended when FILE is $GITHUB_STEP_SUMMARY),
                        github (an ::error annotation per counterexample, on its saved file);
                        =FILE writes it there, otherwise on stdout (one at most on stdout)
  --json                one JSON document on stdout (human text goes to stderr); = --reporter json
  --junit FILE          = --reporter junit=FILE
  --markdown FILE       = --reporter markdown=FILE
  --verbose             print every knob, and one line per case
  --workers N           worker threads (default min(2, cores), at most 4 per core); 0 or 1 runs in-process
  --shard i/n           run only cases with index % n = i (split a campaign over CI jobs)
  --case I              run only case I (replay) and shrink it
  --shrink-runs N       most runs one shrink may take (default 500)
${TRACKER_USAGE}

Results depend on the options above, never on --workers or timing.

Ctrl-C stops the campaign: the summary so far is printed, the counterexamples
found are saved (shrunk as far as they got), every reporter reports them and
the exit code is 130.

exit: 0 no counterexample; 1 counterexample found; 2 bad input or usage; 130 interrupted
`;

/** A first guess of cases per second per worker (about 25 ms a case), until the rate is measured. */
const GUESSED_CASES_PER_S = 40;

/** `etasim fuzz`: property-based search for ETA bugs, with shrinking and saved regressions. */
export const fuzzCommand: Command = {
  name: 'fuzz',
  summary: 'search generated scenarios for invariant violations; shrink and save counterexamples',
  usage: USAGE,
  async run(argv, io) {
    const options = parseFuzzOptions(argv, { drawSeed: () => randomInt(1, 2 ** 31) });
    const requests = requestReporters('fuzz', options.report, io.cwd);
    checkReportTargets('fuzz', reportFileTargets(requests), { outDir: null, inputs: [], names: [] });
    const reporters = makeReporters(requests, io, false);
    const tracker = await trackerOption('fuzz', options.tracker, io.cwd, io.env);
    // Under an external tracker, generated cases keep the built-in constants (it has none to override).
    const spec = tracker.external
      ? { ...options.spec, cases: { ...options.spec.cases, tracker: tracker.external }, generator: { ...options.spec.generator, trackerOverrides: false } }
      : options.spec;
    if (options.save !== null) await ensureWritableDir('fuzz', '--save', resolve(io.cwd, options.save), options.save);
    const total = caseCount(spec);
    const workers = Math.min(options.workers, total);
    io.stderr(formatStart(spec, workers));
    io.stderr(`reproduce: ${reproduceCommand(spec)}\n`);
    if (options.verbose) io.stderr(formatKnobs(spec, workers));

    // Ctrl-C stops the campaign, not the process: the cases running finish, what was found is
    // shrunk as far as it got, summarised and saved, and the command exits 130. A second Ctrl-C
    // (the listener is gone by then) kills the process as usual.
    const interrupt = new AbortController();
    const onSigint = (): void => {
      interrupt.abort();
      io.stderr('\netasim fuzz: interrupted; finishing the cases running and keeping what was found (Ctrl-C again to quit at once)\n');
    };
    process.once('SIGINT', onSigint);
    const startMs = performance.now();
    const display = new ProgressDisplay({ write: io.stderr, isTty: io.isTty, nowMs: () => performance.now() }, total, GUESSED_CASES_PER_S * Math.max(1, workers));
    let result;
    try {
      result = await runCampaign(spec, {
        workers,
        verbose: options.verbose,
        signal: interrupt.signal,
        hooks: {
          onCase: options.verbose ? (record) => io.stderr(formatCaseLine(spec, record)) : undefined,
          onProgress: options.verbose ? undefined : (done, _total, tally) => display.update(done, tally.failingCases),
          onShrinkStart: (kind, index) => {
            display.finish();
            io.stderr(`shrinking ${kind} from case ${index}…\n`);
          },
          onNotice: (text) => io.stderr(`etasim fuzz: ${text}\n`),
        },
      });
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
    display.finish();
    const elapsedMs = performance.now() - startMs;

    const saved = new Map<Counterexample, string>();
    if (options.save !== null) {
      const dir = resolve(io.cwd, options.save);
      for (const cx of result.found) {
        const path = confinedPath(dir, `${cx.scenario.name}.yaml`);
        await writeFileAtomic(path, cx.yaml, { confinedTo: dir });
        saved.set(cx, displayPath(io.cwd, path));
      }
    }
    // text (the summary, stderr), json, junit, markdown, github: interrupted or not, what was found is reported.
    for (const reporter of reporters) await reporter.onFuzzEnd?.({ result, saved });
    // Timing goes to stderr only: the reports stay reproducible.
    io.stderr(`time: ${formatEta(elapsedMs / 1000)} (${((result.casesRun * 1000) / Math.max(1, elapsedMs)).toFixed(1)} cases/s)\n`);
    // 128 + SIGINT, as a shell reports a command stopped by Ctrl-C.
    if (result.interrupted) return 130;
    return result.failingCases === 0 ? 0 : 1;
  },
};
