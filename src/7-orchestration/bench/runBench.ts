import { defaultScenario } from '../../6-formats/scenario/defaults.js';
import type { Scenario } from '../../6-formats/scenario/Scenario.js';
import { runScenario } from '../../4-harness/runScenario.js';
import { checkTrace } from '../../5-invariants/checkTrace.js';
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
  /** With `--tracker`: the tracker under test against the built-in model, runs interleaved in this process. */
  readonly tracker?: TrackerBench;
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
  /** Timed full runs. */
  readonly runs: number;
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
  for (let i = 0; i < 3; i++) checkTrace((await runScenario(scenario)).trace);
  const rssBefore = options.rssBytes();

  const external = options.tracker && !options.tracker.builtin ? options.tracker : null;
  const fullRun = async (s: Scenario, tracker: TrackerChoice | null): Promise<number> => {
    const run = await runScenario(s, tracker ? { tracker: tracker.factory } : {});
    checkTrace(run.trace, { checks: s.checks, stages: s.tracker.stages, spans: run.spans });
    return run.simulatedMs;
  };
  if (external) for (let i = 0; i < 3; i++) await fullRun(scenario, external);

  // With an external tracker the two kinds of run alternate, so that their ratio holds on a busy machine.
  let simulatedMs = 0;
  let wallMs = 0;
  let externalMs = 0;
  for (let i = 0; i < options.runs; i++) {
    const t0 = options.nowMs();
    simulatedMs += await fullRun(scenario, null);
    const t1 = options.nowMs();
    wallMs += t1 - t0;
    if (external) {
      await fullRun(scenario, external);
      externalMs += options.nowMs() - t1;
    }
    if (i % 10 === 0) sample();
  }

  const bareRuns = options.runs * 20;
  let checksum = 0;
  const bareStart = options.nowMs();
  for (let i = 0; i < bareRuns; i++) checksum += bareRun(scenario);
  const bareMs = Math.max(1e-3, options.nowMs() - bareStart);
  if (!Number.isFinite(checksum)) throw new Error('bare run checksum is not finite');

  let suite: BenchResult['suite'] = null;
  if (options.suite.length) {
    const suiteStart = options.nowMs();
    for (const s of options.suite) {
      const run = await runScenario(s);
      checkTrace(run.trace, { checks: s.checks, stages: s.tracker.stages });
      sample();
    }
    suite = { scenarios: options.suite.length, wall_ms: round(options.nowMs() - suiteStart) };
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
  return {
    simulated_s: round(simulatedMs / 1000),
    wall_ms: round(wallMs),
    speedup: round(simulatedMs / wallMs),
    runs_per_s: round((options.runs * 1000) / wallMs),
    bare_runs_per_s: round((bareRuns * 1000) / bareMs),
    runs: options.runs,
    ms_per_run: round(wallMs / options.runs),
    run_simulated_s: round(simulatedMs / 1000 / options.runs),
    suite,
    rss_mb_before: round(rssBefore / MB),
    rss_mb_after: round(options.rssBytes() / MB),
    rss_mb_peak: round(peak / MB),
    heap_mb_after: round(options.heapBytes() / MB),
    ...(tracker ? { tracker } : {}),
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
