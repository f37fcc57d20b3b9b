import { GATE_INVARIANTS } from './FindingKind.js';
import type { GeneratorOptions } from './GeneratorOptions.js';
import type { CaseOptions } from './runCase.js';

/** Which cases of a campaign this run takes: `index % count === index`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/**
 * A campaign resolved once from the command line: everything its results
 * depend on. The worker count is not part of it: results are the same
 * whatever it is.
 */
export interface CampaignSpec {
  /** Decides every case: case i is generated from `caseSeed(seed, i)`. */
  readonly seed: number;
  /** Cases 0 … runs − 1, before sharding. */
  readonly runs: number;
  readonly generator: GeneratorOptions;
  readonly cases: CaseOptions;
  readonly shard: Shard;
  /** Run only this case (a replay), ignoring the shard. */
  readonly onlyCase: number | null;
  /** Most runs one shrink may spend; past it the smallest failing scenario so far is kept. */
  readonly shrinkRunsMax: number;
}

/** Shrink runs per counterexample by default: enough to reach a handful of items from thousands. */
export const SHRINK_RUNS_MAX_DEFAULT = 500;

/** The case indexes a campaign runs, in order (computed, not stored: a campaign may have millions). */
export function* caseIndexes(spec: CampaignSpec): Generator<number> {
  if (spec.onlyCase !== null) {
    yield spec.onlyCase;
    return;
  }
  const { index, count } = spec.shard;
  for (let i = index; i < spec.runs; i += count) yield i;
}

/** How many cases a campaign runs. */
export function caseCount(spec: CampaignSpec): number {
  if (spec.onlyCase !== null) return 1;
  const { index, count } = spec.shard;
  return index >= spec.runs ? 0 : Math.ceil((spec.runs - index) / count);
}

/** The campaign's command-line options, defaults left out; `etasim fuzz` plus these reproduces it. */
export function campaignArgs(spec: CampaignSpec, options: { readonly withCase?: number | null } = {}): string[] {
  // A negative seed must be glued to its option: `--seed -5` would read -5 as an option.
  const args = [...(spec.seed < 0 ? [`--seed=${spec.seed}`] : ['--seed', String(spec.seed)]), '--runs', String(spec.runs)];
  const g = spec.generator;
  if (g.profile !== 'intended') args.push('--profile', g.profile);
  if (g.writers.kind === 'any') args.push('--writers', 'any');
  else if (g.writers.kind === 'exactly') args.push('--writers', g.writers.writers.length === 0 ? 'none' : g.writers.writers.join(','));
  if (g.errorPath.kind === 'any') args.push('--error-path', 'any');
  else if (g.errorPath.kind === 'exactly') args.push('--error-path', g.errorPath.errorPath);
  if (spec.cases.invariants.length !== GATE_INVARIANTS.length || GATE_INVARIANTS.some((id) => !spec.cases.invariants.includes(id))) {
    args.push('--invariants', spec.cases.invariants.join(','));
  }
  if (g.faults) args.push('--faults');
  if (spec.cases.tracker) args.push('--tracker', spec.cases.tracker.spec);
  if (spec.cases.checkDeterminism) args.push('--check-determinism');
  if (spec.shrinkRunsMax !== SHRINK_RUNS_MAX_DEFAULT) args.push('--shrink-runs', String(spec.shrinkRunsMax));
  const only = options.withCase === undefined ? spec.onlyCase : options.withCase;
  if (only !== null) args.push('--case', String(only));
  else if (spec.shard.count !== 1) args.push('--shard', `${spec.shard.index}/${spec.shard.count}`);
  return args;
}

/** The one command that reproduces the campaign (or, with `withCase`, one of its cases). */
export function reproduceCommand(spec: CampaignSpec, options: { readonly withCase?: number | null } = {}): string {
  return ['npx etasim fuzz', ...campaignArgs(spec, options)].join(' ');
}

/** ` --tracker SPEC` when a campaign runs an external tracker: a saved case replays on the same one. */
export function trackerArg(cases: CaseOptions): string {
  return cases.tracker ? ` --tracker ${cases.tracker.spec}` : '';
}
