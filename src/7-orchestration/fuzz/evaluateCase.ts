import type fc from 'fast-check';
import type { Scenario } from '../../6-formats/scenario/Scenario.js';
import { caseKnobs } from './caseKnobs.js';
import type { CaseRecord } from './CampaignTally.js';
import { caseSeed } from './caseSeed.js';
import { generateCase } from './generateCase.js';
import type { GeneratorOptions } from './GeneratorOptions.js';
import { runCase, type CaseOptions } from './runCase.js';

/** What a case runner needs to run any case of a campaign: plain data, so it crosses to a worker thread. */
export interface CaseJob {
  readonly seed: number;
  readonly generator: GeneratorOptions;
  readonly cases: CaseOptions;
  /** Describe each case's knobs in its record (`--verbose`). */
  readonly knobs: boolean;
}

/** Generates case `index` from `(seed, index)` alone, runs it and keeps its verdict. */
export async function evaluateCase(job: CaseJob, arbitrary: fc.Arbitrary<Scenario>, index: number): Promise<CaseRecord> {
  const scenario = generateCase(arbitrary, caseSeed(job.seed, index));
  const verdict = await runCase(scenario, job.cases);
  return { index, ...verdict, knobs: job.knobs ? caseKnobs(scenario) : null };
}
