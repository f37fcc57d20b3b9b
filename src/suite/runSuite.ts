import { checkTrace, violatedIds } from '../invariants/checkTrace.js';
import type { Scenario } from '../scenario/Scenario.js';
import { runScenario, type RunResult } from '../sim/runScenario.js';
import { SimulationBoundError } from '../sim/errors.js';
import { RedisFailure, RedisUnusable } from '../redis/RedisBackend.js';
import { redactRedisUrl } from '../redis/redisUrl.js';
import { contractEvents, formatTrace } from '../trace/jsonl.js';
import { confinedPath, writeFileAtomic } from '../report/atomicWrite.js';
import { sameIds, type ScenarioResult } from './ScenarioResult.js';
import { displayPath } from './displayPath.js';

/** Options of a suite run. */
export interface SuiteOptions {
  /** Reports go to `<outDir>/<name>/`; null writes nothing. */
  readonly outDir: string | null;
  readonly redisUrl?: string | null;
  /** Overrides every scenario's seed. */
  readonly seed?: number | null;
  /** Paths in results and replay commands are relative to this. */
  readonly cwd: string;
  /** Called after each scenario, for progress output. */
  readonly onResult?: (result: ScenarioResult) => void;
  /** Set when an earlier scenario's Redis server failed: the scenario is reported with this error instead of being run. */
  readonly skipBecause?: string | null;
}

/** Runs one scenario, checks its trace, compares with its expectation and writes its trace. */
export async function runOne(input: Scenario, options: SuiteOptions): Promise<ScenarioResult> {
  const scenario = options.seed == null ? input : { ...input, seed: options.seed };
  let run: RunResult | null = null;
  let error: string | null = null;
  let serverFailed = false;
  if (options.skipBecause) {
    error = options.skipBecause;
  } else {
    try {
      run = await runScenario(scenario, { redisUrl: options.redisUrl ?? null });
    } catch (e) {
      // Operating errors of this scenario (a bound hit, the server failing or in use): its result, not a crash.
      if (!(e instanceof SimulationBoundError || e instanceof RedisFailure || e instanceof RedisUnusable)) throw e;
      error = e.message;
      serverFailed = e instanceof RedisFailure;
    }
  }
  const check = run ? checkTrace(run.trace, { checks: scenario.checks, stages: scenario.tracker.stages }) : null;
  const violations = check?.violations ?? [];
  const outcome = run?.outcome ?? null;
  let tracePath: string | null = null;
  if (run && options.outDir !== null) {
    const path = confinedPath(options.outDir, scenario.name, 'trace.jsonl');
    await writeFileAtomic(path, formatTrace(contractEvents(run.trace)), { confinedTo: options.outDir });
    tracePath = displayPath(options.cwd, path);
  }
  const liveness = run?.liveness ?? null;
  const ok =
    error === null &&
    outcome === scenario.expect.outcome &&
    sameIds(scenario.expect.violations, violatedIds(violations)) &&
    liveness?.ok === (scenario.expect.liveness ?? true);
  const result: ScenarioResult = {
    name: scenario.name,
    file: scenario.file === null ? null : displayPath(options.cwd, scenario.file),
    ok,
    seed: scenario.seed,
    outcome,
    expected: scenario.expect,
    violations,
    metrics: {
      ...(check?.metrics ?? { messages: 0, eta_stuck_max_s: 0, progress_leap_max_pct: 0, eta_mae_s: null, eta_error_max_s: null, end_s: null }),
      simulated_s: run ? run.simulatedMs / 1000 : 0,
    },
    liveness,
    trace: tracePath,
    error,
    replay: replayCommand(scenario, options),
    scenario,
    run,
  };
  if (serverFailed) failedOnServer.add(result);
  return result;
}

/** Results whose run found the Redis server failing (timeouts, dropped connections). */
const failedOnServer = new WeakSet<ScenarioResult>();

/** The one command that reproduces a scenario's run. */
export function replayCommand(scenario: Scenario, options: Pick<SuiteOptions, 'cwd' | 'redisUrl'>): string {
  const file = scenario.file ? displayPath(options.cwd, scenario.file) : `<${scenario.name}>`;
  const redis = options.redisUrl ? ` --redis ${redactRedisUrl(options.redisUrl)}` : '';
  return `npx etasim run ${file} --seed ${scenario.seed}${redis}`;
}

/** Runs scenarios one after another (same order, same bytes, whatever the machine). */
export async function runSuite(scenarios: readonly Scenario[], options: SuiteOptions): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  let skipBecause: string | null = null;
  for (const scenario of scenarios) {
    const result = await runOne(scenario, { ...options, skipBecause });
    // A server that stopped answering would make every later scenario wait out its timeouts: they are reported, not run.
    if (skipBecause === null && failedOnServer.has(result)) {
      skipBecause = `not run: ${result.name} found the Redis server failing (${result.error})`;
    }
    options.onResult?.(result);
    results.push(result);
  }
  return results;
}
