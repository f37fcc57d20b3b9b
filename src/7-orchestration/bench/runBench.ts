import { defaultScenario } from '../../6-formats/scenario/defaults.js';
import type { Scenario } from '../../6-formats/scenario/Scenario.js';
import { runScenario } from '../../4-harness/runScenario.js';
import { checkRun } from '../../5-invariants/checkTrace.js';
import { bareRun } from './bareRun.js';
import type { TrackerChoice } from '../../3-model/tracker/TrackerPort.js';
import { overridesTracker } from '../suite/runSuite.js';

/** What `etasim bench --json` prints (contract: "Benchmark"). */
export interface BenchResult {
  /** Virtual seconds simulated by the timed full runs. */
  readonly simulated_s: number;
  readonly wall_ms: number;
  /** simulated_s × 1000 / wall_ms. */
  readonly speedup: number;
  /** Full default-scenario runs (simulation, embedded Redis, recorder, observers, invariants) per second. */
  readonly runs_per_s: number;
  /** The same tracker arithmetic with no clock, Redis or recording, per second. */
  readonly bare_runs_per_s: number;
  readonly runs: number;
  readonly ms_per_run: number;
  /** Virtual seconds of one default run. */
  readonly run_simulated_s: number;
  /** The scenario suite: scenarios run, wall time, peak RSS. */
  readonly suite: { readonly scenarios: number; readonly wall_ms: number } | null;
  readonly rss_mb_before: number;
  readonly rss_mb_after: number;
  readonly rss_mb_peak: number;
  readonly heap_mb_after: number;
  /** Each figure over the rounds: min / median / max (the headline figures above are the medians). */
  readonly rounds: BenchRounds;
  /** Set when the rounds disagree more than a quiet machine's would: the single figures are then not to be trusted, the ratios more so. */
  readonly warnings: readonly string[];
  /** With `--tracker`: the tracker under test against the built-in model, runs interleaved in this process. */
  readonly tracker?: TrackerBench;
}

/** A figure measured once per round. */
export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

/** What each round measured. */
export interface BenchRounds {
  readonly count: number;
  readonly runs_per_round: number;
  readonly ms_per_run: Spread;
  readonly runs_per_s: Spread;
  readonly bare_runs_per_s: Spread;
  /** A full run's time over the bare arithmetic's, each round measuring both back to back. */
  readonly ratio_to_bare: Spread;
  /** The suite's wall time, once per round (null without a suite). */
  readonly suite_wall_ms: Spread | null;
}

/** An external tracker's cost against the built-in model's, measured in one process run. */
export interface TrackerBench {
  readonly spec: string;
  readonly runs_per_s: number;
  readonly ms_per_run: number;
  /** Its ms per default run over the built-in model's, from runs interleaved with the built-in ones. */
  readonly ratio_to_builtin: number;
  /** The suite on it (scenarios with tracker: overrides left out, as run skips them) and the same scenarios on the built-in model. */
  readonly suite: { readonly scenarios: number; readonly wall_ms: number; readonly builtin_wall_ms: number; readonly ratio_to_builtin: number } | null;
}

/** Options of one benchmark. */
export interface BenchOptions {
  /** Timed full runs, over all rounds. */
  readonly runs: number;
  /** Rounds the runs are split into (default 5): each figure is given as min / median / max over them. */
  readonly rounds?: number;
  /** Scenarios whose suite time is measured too (none to skip). */
  readonly suite: readonly Scenario[];
  /** Milliseconds now, from a monotonic clock (injected: the core reads no clock). */
  readonly nowMs: () => number;
  /** Resident set size in bytes now. */
  readonly rssBytes: () => number;
  readonly heapBytes: () => number;
  /** The tracker under test besides the built-in model (`--tracker`), or null. */
  readonly tracker?: TrackerChoice | null;
}

const MB = 1024 * 1024;

/** Measures full runs and bare tracker runs of the default scenario in one process, then the suite. */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const scenario = defaultScenario();
  let peak = options.rssBytes();
  const sample = () => (peak = Math.max(peak, options.rssBytes()));
  for (let i = 0; i < 3; i++) checkRun(await runScenario(scenario));
  const rssBefore = options.rssBytes();

  const external = options.tracker && !options.tracker.builtin ? options.tracker : null;
  const fullRun = async (s: Scenario, tracker: TrackerChoice | null): Promise<number> => {
    const run = await runScenario(s, tracker ? { tracker: tracker.factory } : {});
    checkRun(run, { checks: s.checks, stages: s.tracker.stages, spans: run.spans });
    return run.simulatedMs;
  };
  if (external) for (let i = 0; i < 3; i++) await fullRun(scenario, external);

  // Rounds: each measures full runs and then the bare arithmetic, so that
  // their ratio holds on a busy machine; the spread over rounds says how busy.
  // With an external tracker the two kinds of run alternate for the same reason.
  const rounds = Math.max(1, Math.min(options.rounds ?? DEFAULT_ROUNDS, options.runs));
  const perRound = Math.ceil(options.runs / rounds);
  let simulatedMs = 0;
  let wallMs = 0;
  let externalMs = 0;
  let runsDone = 0;
  let checksum = 0;
  const msPerRun: number[] = [];
  const bareMsPerRun: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const runsNow = Math.min(perRound, options.runs - runsDone);
    if (runsNow <= 0) break;
    let roundMs = 0;
    for (let i = 0; i < runsNow; i++) {
      const t0 = options.nowMs();
      simulatedMs += await fullRun(scenario, null);
      const t1 = options.nowMs();
      roundMs += t1 - t0;
      if (external) {
        await fullRun(scenario, external);
        externalMs += options.nowMs() - t1;
      }
      if (i % 10 === 0) sample();
    }
    wallMs += roundMs;
    runsDone += runsNow;
    msPerRun.push(roundMs / runsNow);
    const bareRuns = runsNow * BARE_RUNS_PER_FULL_RUN;
    const bareStart = options.nowMs();
    for (let i = 0; i < bareRuns; i++) checksum += bareRun(scenario);
    bareMsPerRun.push(Math.max(1e-6, (options.nowMs() - bareStart) / bareRuns));
  }
  if (!Number.isFinite(checksum)) throw new Error('bare run checksum is not finite');

  let suite: BenchResult['suite'] = null;
  const suiteMs: number[] = [];
  if (options.suite.length) {
    for (let round = 0; round < Math.min(rounds, SUITE_ROUNDS_MAX); round++) {
      const suiteStart = options.nowMs();
      for (const s of options.suite) {
        checkRun(await runScenario(s), { checks: s.checks, stages: s.tracker.stages });
        sample();
      }
      suiteMs.push(options.nowMs() - suiteStart);
    }
    suite = { scenarios: options.suite.length, wall_ms: round(median(suiteMs)) };
  }
  let tracker: TrackerBench | undefined;
  if (external) {
    let externalSuite: TrackerBench['suite'] = null;
    const runnable = options.suite.filter((s) => !overridesTracker(s));
    if (runnable.length) {
      let builtinSuiteMs = 0;
      let externalSuiteMs = 0;
      for (const s of runnable) {
        const t0 = options.nowMs();
        await fullRun(s, null);
        const t1 = options.nowMs();
        await fullRun(s, external);
        builtinSuiteMs += t1 - t0;
        externalSuiteMs += options.nowMs() - t1;
        sample();
      }
      externalSuite = {
        scenarios: runnable.length,
        wall_ms: round(externalSuiteMs),
        builtin_wall_ms: round(builtinSuiteMs),
        ratio_to_builtin: round(externalSuiteMs / builtinSuiteMs),
      };
    }
    tracker = {
      spec: external.spec,
      runs_per_s: round((options.runs * 1000) / externalMs),
      ms_per_run: round(externalMs / options.runs),
      ratio_to_builtin: round(externalMs / wallMs),
      suite: externalSuite,
    };
  }
  sample();
  const roundFigures: BenchRounds = {
    count: msPerRun.length,
    runs_per_round: perRound,
    ms_per_run: spreadOf(msPerRun),
    runs_per_s: spreadOf(msPerRun.map((ms) => 1000 / ms)),
    bare_runs_per_s: spreadOf(bareMsPerRun.map((ms) => 1000 / ms)),
    ratio_to_bare: spreadOf(msPerRun.map((ms, i) => ms / bareMsPerRun[i]!)),
    suite_wall_ms: suiteMs.length ? spreadOf(suiteMs) : null,
  };
  const medianMs = median(msPerRun);
  return {
    simulated_s: round(simulatedMs / 1000),
    wall_ms: round(wallMs),
    speedup: round(simulatedMs / wallMs),
    runs_per_s: round(1000 / medianMs),
    bare_runs_per_s: round(1000 / median(bareMsPerRun)),
    runs: runsDone,
    ms_per_run: round(medianMs),
    run_simulated_s: round(simulatedMs / 1000 / runsDone),
    suite,
    rss_mb_before: round(rssBefore / MB),
    rss_mb_after: round(options.rssBytes() / MB),
    rss_mb_peak: round(peak / MB),
    heap_mb_after: round(options.heapBytes() / MB),
    rounds: roundFigures,
    warnings: busyWarnings(roundFigures),
    ...(tracker ? { tracker } : {}),
  };
}

/** Rounds by default. */
const DEFAULT_ROUNDS = 5;
/** Bare tracker runs per full run in a round: enough for the bare block to take a measurable time. */
const BARE_RUNS_PER_FULL_RUN = 20;
/** The suite is timed at most this many times. */
const SUITE_ROUNDS_MAX = 3;
/** (max − min) / median above which the rounds disagree more than a quiet machine's do. */
const BUSY_SPREAD = 0.25;

function busyWarnings(r: BenchRounds): string[] {
  const out: string[] = [];
  const check = (what: string, s: Spread | null): void => {
    if (s === null || r.count < 2 || s.median <= 0) return;
    const spread = (s.max - s.min) / s.median;
    if (spread > BUSY_SPREAD) {
      out.push(`${what} varied by ${Math.round(spread * 100)} % across ${r.count} rounds (${s.min} … ${s.max}): the machine was busy; trust the ratios over the single figures`);
    }
  };
  check('ms per run', r.ms_per_run);
  check('bare runs per second', r.bare_runs_per_s);
  check('suite wall time (ms)', r.suite_wall_ms);
  return out;
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function spreadOf(xs: readonly number[]): Spread {
  let min = Infinity;
  let max = -Infinity;
  for (const x of xs) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { min: round(min), median: round(median(xs)), max: round(max) };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
