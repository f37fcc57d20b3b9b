import { trackerArg } from './CampaignSpec.js';
import type { CampaignSpec } from './CampaignSpec.js';
import { fixedErrorPath, fixedWriters } from './GeneratorOptions.js';
import type { CampaignResult, Counterexample } from './runCampaign.js';

/** One counterexample in `--json`: the file it was saved to (relative to the working directory) or its text. */
export interface CounterexampleJson {
  readonly invariants: readonly string[];
  readonly violations: readonly string[];
  readonly outcome: string | null;
  readonly case: number;
  readonly case_seed: number;
  readonly shrinks: number;
  readonly shrink_runs: number;
  readonly file?: string;
  readonly scenario_yaml?: string;
  readonly replay: string;
  readonly replay_case: string;
  readonly reproduced: boolean;
}

/** The command that replays a counterexample: `etasim run` on its saved file, or its case of the campaign when it was not saved. */
export function counterexampleReplay(spec: CampaignSpec, cx: Counterexample, file: string | undefined): string {
  return file === undefined ? cx.replayCase : `npx etasim run ${file}${trackerArg(spec.cases)}`;
}

/** How the spec's writer and error-path choices read in JSON: a list, or "any". */
function generatorJson(spec: CampaignSpec) {
  const writers = fixedWriters(spec.generator);
  const errorPath = fixedErrorPath(spec.generator);
  return { profile: spec.generator.profile, writers: writers === null ? 'any' : [...writers], error_path: errorPath ?? 'any' };
}

/**
 * `etasim fuzz --json`: one document that depends on the campaign alone
 * (no timing, no worker count), so two runs of one campaign print the
 * same bytes.
 */
export function campaignJson(result: CampaignResult, savedFiles: ReadonlyMap<Counterexample, string>) {
  const { spec } = result;
  return {
    ok: result.failingCases === 0 && !result.interrupted,
    ...(result.interrupted ? { interrupted: true } : {}),
    seed: spec.seed,
    runs: spec.runs,
    ...generatorJson(spec),
    invariants: [...spec.cases.invariants],
    check_determinism: spec.cases.checkDeterminism,
    shard: `${spec.shard.index}/${spec.shard.count}`,
    case: spec.onlyCase,
    reproduce: result.reproduce,
    cases: result.casesRun,
    outcomes: result.outcomes,
    failing_cases: result.failingCases,
    failing_by_invariant: result.failingByKind,
    found: result.found.map((cx): CounterexampleJson => {
      const file = savedFiles.get(cx);
      return {
        invariants: [...cx.kinds],
        violations: [...cx.verdict.violated],
        outcome: cx.verdict.outcome,
        case: cx.caseIndex,
        case_seed: cx.caseSeed,
        shrinks: cx.shrinks,
        shrink_runs: cx.shrinkRuns,
        ...(file === undefined ? { scenario_yaml: cx.yaml } : { file }),
        replay: counterexampleReplay(spec, cx, file),
        replay_case: cx.replayCase,
        reproduced: cx.reproduced,
      };
    }),
  };
}

