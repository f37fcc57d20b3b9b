import { violatedIds } from '../../5-invariants/checkTrace.js';
import type { ScenarioResult } from '../suite/ScenarioResult.js';
import { displayPath } from '../suite/displayPath.js';

/** The figures compare ranks, lower is better for each; `unit` says what `--tolerance-s` means for it. */
export const COMPARED_FIGURES = [
  { name: 'eta_mae_s', unit: 's' },
  { name: 'eta_error_max_s', unit: 's' },
  { name: 'eta_stuck_max_s', unit: 's' },
  { name: 'eta_rise_max_s', unit: 's' },
  { name: 'progress_stuck_max_s', unit: 's' },
  { name: 'progress_leap_max_pct', unit: 'points' },
] as const;

export type ComparedFigure = (typeof COMPARED_FIGURES)[number]['name'];

/** How one figure moved: `worse`/`better` beyond the tolerance, `same` within it, `na` when either side has no value. */
export type FigureMove = 'worse' | 'better' | 'same' | 'na';

/** One figure on both sides. */
export interface FigurePair {
  readonly baseline: number | null;
  readonly candidate: number | null;
  readonly move: FigureMove;
}

/** A scenario's verdict: worse wins over better, skipped when either side did not run it. */
export type CompareVerdict = 'worse' | 'better' | 'unchanged' | 'skipped';

/** One scenario on both trackers. */
export interface ScenarioComparison {
  readonly name: string;
  readonly file: string | null;
  readonly seed: number;
  readonly verdict: CompareVerdict;
  readonly baseline: ScenarioResult;
  readonly candidate: ScenarioResult;
  /** Invariant ids the candidate violates and the baseline does not, sorted. */
  readonly added: readonly string[];
  /** Invariant ids the baseline violates and the candidate does not, sorted. */
  readonly removed: readonly string[];
  readonly figures: Readonly<Record<ComparedFigure, FigurePair>>;
  /** One sentence per thing that got worse (empty unless the verdict is worse). */
  readonly reasons: readonly string[];
  /** Why the scenario was not compared, or null. */
  readonly skipped: string | null;
  /** The command that replays this comparison exactly. */
  readonly replay: string;
}

/** What `etasim compare` found. */
export interface Comparison {
  readonly baseline: string;
  readonly candidate: string;
  readonly toleranceS: number;
  readonly scenarios: readonly ScenarioComparison[];
  readonly counts: Readonly<Record<CompareVerdict, number>>;
  /** No scenario got worse. */
  readonly ok: boolean;
}

/** What the comparison needs to know besides the results. */
export interface CompareOptions {
  readonly baseline: string;
  readonly candidate: string;
  /** A figure moves only when it changes by more than this (seconds; progress points for `_pct` figures). */
  readonly toleranceS: number;
  /** Paths in replay commands are relative to this. */
  readonly cwd: string;
}

/**
 * Compares two runs of the same scenarios, in the same order, one on each
 * tracker. Pure: the results in, the comparison out; nothing is run again.
 */
export function compareResults(
  baseline: readonly ScenarioResult[],
  candidate: readonly ScenarioResult[],
  options: CompareOptions,
): Comparison {
  if (baseline.length !== candidate.length) throw new Error(`compare: ${baseline.length} baseline results for ${candidate.length} candidate results`);
  const scenarios = baseline.map((b, i) => {
    const c = candidate[i]!;
    if (b.name !== c.name) throw new Error(`compare: result ${i} is ${b.name} on the baseline and ${c.name} on the candidate`);
    return compareScenario(b, c, options);
  });
  const counts = { worse: 0, better: 0, unchanged: 0, skipped: 0 };
  for (const s of scenarios) counts[s.verdict]++;
  return { baseline: options.baseline, candidate: options.candidate, toleranceS: options.toleranceS, scenarios, counts, ok: counts.worse === 0 };
}

function compareScenario(b: ScenarioResult, c: ScenarioResult, options: CompareOptions): ScenarioComparison {
  const skipped = b.skipped !== null ? `baseline: ${b.skipped}` : c.skipped !== null ? `candidate: ${c.skipped}` : null;
  const bothRan = skipped === null && b.run !== null && c.run !== null;
  const bIds = violatedIds(b.violations);
  const cIds = violatedIds(c.violations);
  const added = bothRan ? cIds.filter((id) => !bIds.includes(id)) : [];
  const removed = bothRan ? bIds.filter((id) => !cIds.includes(id)) : [];
  const figures = {} as Record<ComparedFigure, FigurePair>;
  for (const { name } of COMPARED_FIGURES) {
    const pair = { baseline: b.metrics[name], candidate: c.metrics[name] };
    figures[name] = { ...pair, move: bothRan ? move(pair.baseline, pair.candidate, options.toleranceS) : 'na' };
  }
  const reasons: string[] = [];
  let better = removed.length > 0;
  if (skipped === null) {
    if (c.error !== null && b.error === null) reasons.push(`the candidate's run stopped: ${c.error}`);
    if (b.error !== null && c.error === null) better = true;
    if (added.length) reasons.push(`adds ${added.join(', ')}`);
    for (const { name, unit } of COMPARED_FIGURES) {
      const f = figures[name];
      if (f.move === 'worse') reasons.push(`${name} ${f.baseline} → ${f.candidate} (+${round3(f.candidate! - f.baseline!)} ${unit}, tolerance ${options.toleranceS})`);
      if (f.move === 'better') better = true;
    }
  }
  const verdict: CompareVerdict = skipped !== null ? 'skipped' : reasons.length ? 'worse' : better ? 'better' : 'unchanged';
  return {
    name: b.name,
    file: b.file,
    seed: b.seed,
    verdict,
    baseline: b,
    candidate: c,
    added,
    removed,
    figures,
    reasons,
    skipped,
    replay: replayCommand(b, options),
  };
}

function move(baseline: number | null, candidate: number | null, tolerance: number): FigureMove {
  if (baseline === null || candidate === null) return 'na';
  const delta = candidate - baseline;
  return delta > tolerance ? 'worse' : -delta > tolerance ? 'better' : 'same';
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** `npx etasim compare FILE --seed N --baseline … --candidate …` (and the tolerance when it is not the default). */
function replayCommand(r: ScenarioResult, options: CompareOptions): string {
  const file = r.scenario.file ? displayPath(options.cwd, r.scenario.file) : `<${r.name}>`;
  const tolerance = options.toleranceS === DEFAULT_TOLERANCE_S ? '' : ` --tolerance-s ${options.toleranceS}`;
  return `npx etasim compare ${file} --seed ${r.seed} --baseline ${options.baseline} --candidate ${options.candidate}${tolerance}`;
}

/** `--tolerance-s` when not given. */
export const DEFAULT_TOLERANCE_S = 5;
