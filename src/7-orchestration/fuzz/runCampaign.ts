import type fc from 'fast-check';
import { parseScenarioText } from '../../6-formats/scenario/parseScenarioText.js';
import type { Scenario } from '../../6-formats/scenario/Scenario.js';
import { CampaignTally, type CaseRecord, type OutcomeCounts } from './CampaignTally.js';
import { caseCount, caseIndexes, reproduceCommand, type CampaignSpec } from './CampaignSpec.js';
import type { CaseRunner } from './CaseRunner.js';
import { caseSeed } from './caseSeed.js';
import { counterexampleFile, counterexampleName, regressionScenario } from './counterexampleFile.js';
import type { CaseJob } from './evaluateCase.js';
import { generateCase } from './generateCase.js';
import { FINDING_KINDS, sortKinds, type FindingKind } from './FindingKind.js';
import { inProcessRunner } from './inProcessRunner.js';
import { runCase, type CaseVerdict } from './runCase.js';
import { scenarioArbitrary } from './scenarioArbitrary.js';
import { shrinkCase } from './shrinkCase.js';
import { workerPoolRunner, workerScript } from './workerPool.js';
import { InOrder } from './_internals/InOrder.js';

/** A failing case in its smallest form, as a regression scenario file. */
export interface Counterexample {
  /** What it was shrunk to keep (one kind; more when two shrinks ended on the same scenario). */
  readonly kinds: readonly FindingKind[];
  readonly caseIndex: number;
  readonly caseSeed: number;
  /** The shrunk scenario, named and expecting the fixed behaviour (see `regressionScenario`) once rendered. */
  readonly scenario: Scenario;
  /** The shrunk scenario's run. */
  readonly verdict: CaseVerdict;
  readonly shrinks: number;
  readonly shrinkRuns: number;
  readonly budgetSpent: boolean;
  /** The file text: header, then `scenarioToYaml(scenario)`. */
  readonly yaml: string;
  /** The file text parsed back and run shows the same kinds again. */
  readonly reproduced: boolean;
  /** Replays this case and shrinks it again. */
  readonly replayCase: string;
}

/** What a campaign found: data only; rendering is the command's. */
export interface CampaignResult {
  readonly spec: CampaignSpec;
  readonly reproduce: string;
  readonly casesRun: number;
  readonly outcomes: OutcomeCounts;
  readonly failingCases: number;
  readonly failingByKind: Partial<Record<FindingKind, number>>;
  readonly found: readonly Counterexample[];
  /**
   * The campaign was stopped (SIGINT) before its end: `casesRun` cases ran,
   * and each failing kind's first case was shrunk only as far as it got.
   */
  readonly interrupted: boolean;
}

/** Callbacks for progress output; none of them changes the result. */
export interface CampaignHooks {
  /** Every case's record, in index order. */
  readonly onCase?: (record: CaseRecord) => void;
  /** After each case, in completion order. */
  readonly onProgress?: (done: number, total: number, tally: CampaignTally) => void;
  readonly onShrinkStart?: (kind: FindingKind, caseIndex: number) => void;
  readonly onNotice?: (text: string) => void;
}

/** Where cases run. */
export interface CampaignOptions {
  /** Worker threads; 0 or 1 runs on this thread. */
  readonly workers: number;
  /** Describe each case's knobs in its record. */
  readonly verbose: boolean;
  readonly hooks?: CampaignHooks;
  /**
   * Aborted: no new case starts (those running finish), and shrinking stops
   * at the smallest failure found so far, so what was found is kept.
   */
  readonly signal?: AbortSignal;
}

function chooseRunner(job: CaseJob, options: CampaignOptions, total: number): CaseRunner {
  const workers = Math.min(options.workers, total);
  if (workers <= 1) return inProcessRunner(job);
  const script = workerScript();
  if (script === null) {
    options.hooks?.onNotice?.('worker threads need the compiled dist/ (npm run build); running in-process');
    return inProcessRunner(job);
  }
  return workerPoolRunner(job, workers, script);
}

/**
 * Runs a campaign: every case of the spec (on workers or in-process), then
 * shrinks, on this thread, the first failing case of each kind. The result
 * depends on the spec alone, not on the worker count or timing.
 */
export async function runCampaign(spec: CampaignSpec, options: CampaignOptions): Promise<CampaignResult> {
  const job: CaseJob = { seed: spec.seed, generator: spec.generator, cases: spec.cases, knobs: options.verbose };
  const total = caseCount(spec);
  const hooks = options.hooks ?? {};
  const runner = chooseRunner(job, options, total);
  const tally = new CampaignTally();
  const onCase = hooks.onCase;
  const inOrder = onCase ? new InOrder<CaseRecord>(caseIndexes(spec), onCase) : null;
  const signal = options.signal;
  await runner.run(untilAborted(caseIndexes(spec), signal), (record) => {
    tally.add(record);
    inOrder?.push(record.index, record);
    hooks.onProgress?.(tally.casesRun, total, tally);
  });
  const found = await shrinkFailures(spec, tally, hooks, () => signal?.aborted ?? false);
  return {
    spec,
    reproduce: reproduceCommand(spec),
    casesRun: tally.casesRun,
    outcomes: tally.outcomes,
    failingCases: tally.failingCases,
    failingByKind: tally.failingByKind(),
    found,
    interrupted: signal?.aborted ?? false,
  };
}

/** The case indexes, ending early once `signal` is aborted (both runners pull the next index from here). */
function untilAborted(indexes: Iterator<number>, signal: AbortSignal | undefined): Iterator<number> {
  if (!signal) return indexes;
  return { next: () => (signal.aborted ? { done: true, value: undefined } : indexes.next()) };
}

/** Shrinks the first failing case of each kind, in report order; two shrinks ending on one scenario become one counterexample. */
async function shrinkFailures(spec: CampaignSpec, tally: CampaignTally, hooks: CampaignHooks, stopped: () => boolean): Promise<Counterexample[]> {
  const arbitrary = scenarioArbitrary(spec.generator);
  const found: Counterexample[] = [];
  for (const kind of FINDING_KINDS) {
    const index = tally.firstFailing.get(kind);
    if (index === undefined) continue;
    hooks.onShrinkStart?.(kind, index);
    const cx = await shrinkOne(spec, arbitrary, kind, index, stopped);
    const same = found.findIndex((f) => sameScenario(f.scenario, cx.scenario));
    if (same >= 0) {
      const merged = found[same]!;
      found[same] = { ...merged, kinds: sortKinds([...merged.kinds, kind]) };
    } else {
      found.push(cx);
    }
  }
  // Headers name every kind a merged counterexample keeps, so files are rendered once merging is done.
  const rendered: Counterexample[] = [];
  for (const cx of found) rendered.push(await withFileText(spec, cx));
  return rendered;
}

function sameScenario(a: Scenario, b: Scenario): boolean {
  return JSON.stringify({ ...a, name: '', description: '' }) === JSON.stringify({ ...b, name: '', description: '' });
}

async function shrinkOne(spec: CampaignSpec, arbitrary: fc.Arbitrary<Scenario>, kind: FindingKind, index: number, stopped: () => boolean): Promise<Counterexample> {
  const seed = caseSeed(spec.seed, index);
  const shrunk = await shrinkCase(arbitrary, seed, async (s) => (await runCase(s, spec.cases)).kinds.includes(kind), spec.shrinkRunsMax, stopped);
  // A case that failed in the campaign but passes when run again here is itself nondeterministic.
  const scenario = shrunk?.scenario ?? generateCase(arbitrary, seed);
  const verdict = await runCase(scenario, spec.cases);
  return {
    kinds: shrunk === null ? sortKinds([kind, 'determinism']) : [kind],
    caseIndex: index,
    caseSeed: seed,
    scenario,
    verdict,
    shrinks: shrunk?.shrinks ?? 0,
    shrinkRuns: shrunk?.runs ?? 0,
    budgetSpent: shrunk?.budgetSpent ?? false,
    yaml: '',
    reproduced: false,
    replayCase: reproduceCommand(spec, { withCase: index }),
  };
}

/** Names, describes and renders a counterexample, then checks that its file text, parsed and run, fails the same way. */
async function withFileText(spec: CampaignSpec, cx: Counterexample): Promise<Counterexample> {
  const scenario = regressionScenario(cx.scenario, cx.verdict, counterexampleName(cx.kinds[0]!, spec.seed, cx.caseIndex), cx.kinds);
  const yaml = counterexampleFile(scenario, cx.verdict, {
    campaign: reproduceCommand(spec, { withCase: null }),
    replayCase: cx.replayCase,
    caseIndex: cx.caseIndex,
    kinds: cx.kinds,
    shrinks: cx.shrinks,
    shrinkRuns: cx.shrinkRuns,
    budgetSpent: cx.budgetSpent,
  });
  const replayed = await runCase(parseScenarioText(yaml, `${scenario.name}.yaml`), spec.cases);
  const reproduced = cx.kinds.filter((k) => k !== 'determinism').every((k) => replayed.kinds.includes(k));
  return { ...cx, scenario, yaml, reproduced };
}
