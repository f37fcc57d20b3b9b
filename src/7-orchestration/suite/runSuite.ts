import { checkRun, violatedIds } from '../../5-invariants/checkTrace.js';
import { NO_ETA_METRICS } from '../../5-invariants/metrics.js';
import type { Scenario } from '../../6-formats/scenario/Scenario.js';
import { runScenario, type RunResult } from '../../4-harness/runScenario.js';
import { SimulationBoundError, SimulationHalted } from '../../1-kernel/errors.js';
import { RedisFailure, RedisUnusable, type RedisTimeouts } from '../../3-model/redis/RedisBackend.js';
import { redactRedisUrl } from '../../3-model/redis/redisUrl.js';
import { DEFAULT_TRACKER_CONFIG } from '../../3-model/tracker/TrackerConfig.js';
import type { TrackerChoice, TrackerError } from '../../3-model/tracker/TrackerPort.js';
import { contractEvents, formatTrace, traceChunks } from '../../0-trace/jsonl.js';
import type { TraceEvent } from '../../0-trace/TraceEvent.js';
import { sameIds, type ScenarioResult } from './ScenarioResult.js';
import { displayPath } from './displayPath.js';
import { eventWarnings } from './eventWarnings.js';

/** Options of a suite run. */
export interface SuiteOptions {
  /** Keeps a scenario's trace (`trace.jsonl` text) and returns the path it went to; null keeps nothing. The cli writes it under `--out`. */
  readonly saveTrace: ((scenarioName: string, jsonl: string) => Promise<string>) | null;
  /**
   * Used instead of `saveTrace` when set: the same text in chunks, so that a
   * trace longer than the longest string V8 can hold (8,000 s at 10 ms ticks) is written.
   */
  readonly saveTraceChunks?: ((scenarioName: string, jsonl: Iterable<string>) => Promise<string>) | null;
  readonly redisUrl?: string | null;
  /** Limits on a real server's answers (default 5 s per command and per connection). */
  readonly redisTimeouts?: RedisTimeouts;
  /** Overrides every scenario's seed. */
  readonly seed?: number | null;
  /** Paths in results and replay commands are relative to this. */
  readonly cwd: string;
  /** The tracker under test (default: the built-in model). */
  readonly tracker?: TrackerChoice;
  /** Called with each scenario's result, in order, once its trace is written: progress output. */
  readonly onResult?: (result: ScenarioResult) => void;
  /** Set when an earlier scenario's Redis server failed: the scenario is reported with this error instead of being run. */
  readonly skipBecause?: string | null;
}

/** Runs one scenario, checks its trace, compares with its expectation and writes its trace. */
export async function runOne(input: Scenario, options: SuiteOptions): Promise<ScenarioResult> {
  return saved(await runChecked(input, options), options);
}

/** A scenario run and checked, its trace not written yet (see saved). */
interface Checked {
  readonly result: ScenarioResult;
  /** What the run recorded; null without a run. */
  readonly trace: readonly TraceEvent[] | null;
}

/** The result runChecked gave, with its trace written (where `options` keeps traces) and its path filled in. */
async function saved({ result, trace }: Checked, options: SuiteOptions): Promise<ScenarioResult> {
  if (trace === null || (!options.saveTraceChunks && options.saveTrace === null)) return result;
  const events = contractEvents(trace);
  const path = options.saveTraceChunks
    ? await options.saveTraceChunks(result.name, traceChunks(events))
    : await options.saveTrace!(result.name, formatTrace(events));
  return { ...result, trace: displayPath(options.cwd, path) };
}

/** Runs one scenario, checks its trace and compares with its expectation: runOne without writing the trace. */
async function runChecked(input: Scenario, options: SuiteOptions): Promise<Checked> {
  const scenario = options.seed == null ? input : { ...input, seed: options.seed };
  const tracker = options.tracker ?? null;
  const skipped = tracker && !tracker.builtin && overridesTracker(scenario) ? SKIP_OVERRIDES : null;
  let run: RunResult<Scenario> | null = null;
  let error: string | null = null;
  let trackerError: TrackerError | null = null;
  let serverFailed = false;
  if (options.skipBecause) {
    error = options.skipBecause;
  } else if (skipped === null) {
    try {
      run = await runScenario(scenario, {
        redisUrl: options.redisUrl ?? null,
        ...(options.redisTimeouts ? { redisTimeouts: options.redisTimeouts } : {}),
        ...(tracker ? { tracker: tracker.factory } : {}),
      });
    } catch (e) {
      // Operating errors of this scenario (a bound hit, the tracker raising, the server failing or in use): its result, not a crash.
      if (!(e instanceof SimulationBoundError || e instanceof RedisFailure || e instanceof RedisUnusable)) throw e;
      error = e.message;
      serverFailed = e instanceof RedisFailure;
      if (e instanceof SimulationHalted) trackerError = (e.detail as TrackerError | null) ?? null;
    }
  }
  const check = run ? checkRun(run, { checks: scenario.checks, stages: scenario.tracker.stages, spans: run.spans }) : null;
  const violations = check?.violations ?? [];
  const outcome = run?.outcome ?? null;
  const liveness = run?.liveness ?? null;
  const ok =
    skipped !== null ||
    (error === null &&
    outcome === scenario.expect.outcome &&
    sameIds(scenario.expect.violations, violatedIds(violations)) &&
    liveness?.ok === (scenario.expect.liveness ?? true));
  const result: ScenarioResult = {
    name: scenario.name,
    file: scenario.file === null ? null : displayPath(options.cwd, scenario.file),
    ok,
    seed: scenario.seed,
    outcome,
    expected: scenario.expect,
    violations,
    metrics: {
      ...(check?.metrics ?? NO_ETA_METRICS),
      simulated_s: run ? run.simulatedMs / 1000 : 0,
    },
    liveness,
    trace: null,
    error,
    tracker_error: trackerError,
    skipped,
    replay: replayCommand(scenario, options),
    warnings: eventWarnings(scenario, run),
    scenario,
    run,
  };
  if (serverFailed) failedOnServer.add(result);
  return { result, trace: run?.trace ?? null };
}

/** Results whose run found the Redis server failing (timeouts, dropped connections). */
const failedOnServer = new WeakSet<ScenarioResult>();

/** The one command that reproduces a scenario's run. */
export function replayCommand(scenario: Scenario, options: Pick<SuiteOptions, 'cwd' | 'redisUrl' | 'tracker'>): string {
  const file = scenario.file ? displayPath(options.cwd, scenario.file) : `<${scenario.name}>`;
  const redis = options.redisUrl ? ` --redis ${redactRedisUrl(options.redisUrl)}` : '';
  const tracker = options.tracker && options.tracker.spec !== 'builtin' ? ` --tracker ${options.tracker.spec}` : '';
  return `npx etasim run ${file} --seed ${scenario.seed}${redis}${tracker}`;
}

/**
 * Runs scenarios one after another (same order, same bytes, whatever the
 * machine). Each trace is written while the next scenario runs, one write
 * at a time; a result reaches `onResult` as soon as its trace is written,
 * in order. A failed write stops the suite: no later trace is written.
 */
export async function runSuite(scenarios: readonly Scenario[], options: SuiteOptions): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  let skipBecause: string | null = null;
  // The previous scenario's trace being written, then its result handed on.
  let writing: Promise<void> | null = null;
  const done = (result: ScenarioResult): void => {
    options.onResult?.(result);
    results.push(result);
  };
  try {
    for (const scenario of scenarios) {
      const checked = await runChecked(scenario, { ...options, skipBecause });
      // A server that stopped answering would make every later scenario wait out its timeouts: they are reported, not run.
      if (skipBecause === null && failedOnServer.has(checked.result)) {
        skipBecause = `not run: ${checked.result.name} found the Redis server failing (${checked.result.error})`;
      }
      // The previous write has ended (or the suite stops here) before this one starts.
      if (writing !== null) await writing;
      writing = saved(checked, options).then(done);
      // Awaited once the next scenario has run; meanwhile a failure is not an unhandled rejection.
      writing.catch(() => undefined);
    }
    if (writing !== null) await writing;
  } catch (error) {
    // The trace being written lands (or fails) before the suite gives up: nothing is left half-written.
    await writing?.catch(() => undefined);
    throw error;
  }
  return results;
}

/** Why a scenario is not run under an external tracker: its constants are the built-in model's. */
const SKIP_OVERRIDES = "the scenario's tracker: overrides set the built-in model's constants, which an external tracker does not have";

/** Whether a scenario changes any of the built-in tracker's constants. */
export function overridesTracker(scenario: Scenario): boolean {
  return JSON.stringify(scenario.tracker) !== JSON.stringify(DEFAULT_TRACKER_CONFIG);
}
