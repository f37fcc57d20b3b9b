import { checkTrace, violatedIds } from '../../5-invariants/checkTrace.js';
import type { Scenario } from '../../6-formats/scenario/Scenario.js';
import { runScenario, type RunResult } from '../../4-harness/runScenario.js';
import { SimulationBoundError } from '../../1-kernel/errors.js';
import { contractEvents, formatTrace } from '../../0-trace/jsonl.js';
import { sameIds, type ScenarioResult } from './ScenarioResult.js';
import { displayPath } from './displayPath.js';

/** Options of a suite run. */
export interface SuiteOptions {
  /** Keeps a scenario's trace (`trace.jsonl` text) and returns the path it went to; null keeps nothing. The cli writes it under `--out`. */
  readonly saveTrace: ((scenarioName: string, jsonl: string) => Promise<string>) | null;
  readonly redisUrl?: string | null;
  /** Overrides every scenario's seed. */
  readonly seed?: number | null;
  /** Paths in results and replay commands are relative to this. */
  readonly cwd: string;
  /** Called after each scenario, for progress output. */
  readonly onResult?: (result: ScenarioResult) => void;
}

/** Runs one scenario, checks its trace, compares with its expectation and writes its trace. */
export async function runOne(input: Scenario, options: SuiteOptions): Promise<ScenarioResult> {
  const scenario = options.seed == null ? input : { ...input, seed: options.seed };
  let run: RunResult | null = null;
  let error: string | null = null;
  try {
    run = await runScenario(scenario, { redisUrl: options.redisUrl ?? null });
  } catch (e) {
    if (!(e instanceof SimulationBoundError)) throw e;
    error = e.message;
  }
  const check = run ? checkTrace(run.trace, { checks: scenario.checks, stages: scenario.tracker.stages }) : null;
  const violations = check?.violations ?? [];
  const outcome = run?.outcome ?? null;
  let tracePath: string | null = null;
  if (run && options.saveTrace !== null) {
    const path = await options.saveTrace(scenario.name, formatTrace(contractEvents(run.trace)));
    tracePath = displayPath(options.cwd, path);
  }
  const liveness = run?.liveness ?? null;
  const ok =
    error === null &&
    outcome === scenario.expect.outcome &&
    sameIds(scenario.expect.violations, violatedIds(violations)) &&
    liveness?.ok === (scenario.expect.liveness ?? true);
  return {
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
}

/** The one command that reproduces a scenario's run. */
export function replayCommand(scenario: Scenario, options: Pick<SuiteOptions, 'cwd' | 'redisUrl'>): string {
  const file = scenario.file ? displayPath(options.cwd, scenario.file) : `<${scenario.name}>`;
  const redis = options.redisUrl ? ` --redis ${options.redisUrl}` : '';
  return `npx etasim run ${file} --seed ${scenario.seed}${redis}`;
}

/** Runs scenarios one after another (same order, same bytes, whatever the machine). */
export async function runSuite(scenarios: readonly Scenario[], options: SuiteOptions): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const result = await runOne(scenario, options);
    options.onResult?.(result);
    results.push(result);
  }
  return results;
}
