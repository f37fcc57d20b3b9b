import type { CaseRunner } from './CaseRunner.js';
import { evaluateCase, type CaseJob } from './evaluateCase.js';
import { scenarioArbitrary } from './scenarioArbitrary.js';

/** Runs every case on this thread, one after another: the path tests (which load TypeScript sources) take. */
export function inProcessRunner(job: CaseJob): CaseRunner {
  const arbitrary = scenarioArbitrary(job.generator);
  return {
    name: 'in-process',
    async run(indexes, onRecord) {
      for (let next = indexes.next(); !next.done; next = indexes.next()) onRecord(await evaluateCase(job, arbitrary, next.value));
    },
  };
}
