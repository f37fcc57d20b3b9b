import { scenarioToYaml } from '../../6-formats/scenario/scenarioToYaml.js';
import type { Scenario } from '../../6-formats/scenario/Scenario.js';
import { isGateInvariant, type FindingKind } from './FindingKind.js';
import type { CaseVerdict } from './runCase.js';

/** Where a counterexample came from and what shrinking it took. */
export interface Provenance {
  /** The campaign's reproduce command. */
  readonly campaign: string;
  /** The command that replays this one case (and shrinks it again). */
  readonly replayCase: string;
  readonly caseIndex: number;
  readonly kinds: readonly FindingKind[];
  readonly shrinks: number;
  readonly shrinkRuns: number;
  readonly budgetSpent: boolean;
}

/** A scenario name for a counterexample: `fuzz-<kind>-s<seed>-c<case>`, within the format's [a-z0-9-]. */
export function counterexampleName(kind: FindingKind, seed: number, caseIndex: number): string {
  return `fuzz-${kind}-s${seed}-c${caseIndex}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

/**
 * The shrunk scenario as a regression scenario: named, described, and
 * expecting what a fixed model should do (the same outcome, no violation),
 * so that `etasim run` on it exits 1 while the bug is there and 0 once it
 * is fixed.
 */
export function regressionScenario(scenario: Scenario, verdict: CaseVerdict, name: string, kinds: readonly FindingKind[]): Scenario {
  return {
    ...scenario,
    name,
    description: `etasim fuzz counterexample: ${kinds.join(', ')}`,
    file: null,
    expect: { outcome: verdict.outcome ?? 'completed', violations: [] },
  };
}

function comment(lines: readonly string[]): string {
  // A message may hold a line break; each line of the header stays a comment.
  return lines
    .flatMap((line) => line.split(/\r\n|\r|\n/))
    .map((line) => `# ${line}`.trimEnd() + '\n')
    .join('');
}

/** The regression scenario's file text: a header saying how it was found and how to use it, then the scenario. */
export function counterexampleFile(scenario: Scenario, verdict: CaseVerdict, provenance: Provenance): string {
  const others = provenance.kinds.filter((k) => !isGateInvariant(k));
  const shown = verdict.violated.length > 0 ? verdict.violated.join(', ') : 'nothing';
  const lines = [
    `Counterexample found by etasim fuzz, case ${provenance.caseIndex} of the campaign`,
    `  ${provenance.campaign}`,
    `shrunk in ${provenance.shrinks} steps (${provenance.shrinkRuns} runs${provenance.budgetSpent ? ', run budget spent' : ''}) to a smallest scenario that still shows: ${provenance.kinds.join(', ')}.`,
    `Its run: outcome ${verdict.outcome ?? 'none (did not finish)'}; violates ${shown}.`,
    '',
    `A regression scenario: expect holds what a fixed model does (outcome ${scenario.expect.outcome},`,
    `no violations), so \`npx etasim run <this file>\` exits 1 while the bug exists and 0 once`,
    `it is fixed. Replay the case (and shrink it again) with`,
    `  ${provenance.replayCase}`,
  ];
  if (others.includes('determinism')) {
    lines.push('determinism: `etasim run` checks outcome and violations only; replay the case above with', '--check-determinism to compare two runs.');
  }
  if (others.includes('bound') || others.includes('crash')) {
    lines.push(`The run does not finish: ${verdict.error ?? 'unknown error'}`.slice(0, 300));
  }
  return comment(lines) + scenarioToYaml(scenario);
}
