import { defaultScenario } from '../../6-formats/scenario/defaults.js';
import type { Scenario } from '../../6-formats/scenario/Scenario.js';
import { runScenario } from '../../4-harness/runScenario.js';
import { checkTrace } from '../../5-invariants/checkTrace.js';
import { bareRun } from './bareRun.js';

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
}

const MB = 1024 * 1024;

/** Measures full runs and bare tracker runs of the default scenario in one process, then the suite. */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const scenario = defaultScenario();
  let peak = options.rssBytes();
  const sample = () => (peak = Math.max(peak, options.rssBytes()));
  for (let i = 0; i < 3; i++) checkTrace((await runScenario(scenario)).trace);
  const rssBefore = options.rssBytes();

  let simulatedMs = 0;
  const start = options.nowMs();
  for (let i = 0; i < options.runs; i++) {
    const run = await runScenario(scenario);
    checkTrace(run.trace, { checks: scenario.checks, stages: scenario.tracker.stages });
    simulatedMs += run.simulatedMs;
    if (i % 10 === 0) sample();
  }
  const wallMs = options.nowMs() - start;

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
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
