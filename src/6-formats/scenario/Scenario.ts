import type { JobSpec, Outcome } from '../../3-model/pipeline/JobSpec.js';
import type { CheckOptions } from '../../5-invariants/CheckOptions.js';
import type { InvariantId } from '../../5-invariants/InvariantId.js';

export * from '../../3-model/pipeline/JobSpec.js';
export * from '../../5-invariants/InvariantId.js';
export type { CheckOptions } from '../../5-invariants/CheckOptions.js';

/** What the scenario expects. `ok` means the outcome and the set of violated invariants equal these. */
export interface Expectation {
  readonly outcome: Outcome;
  readonly violations: readonly InvariantId[];
  /** Whether the job reaches a terminal message once faults stop (absent: true). */
  readonly liveness?: boolean;
}

/** A scenario with every default applied, times in integer milliseconds: the job the model runs, its checks and its expectation. */
export interface Scenario extends JobSpec {
  readonly checks: CheckOptions;
  readonly expect: Expectation;
}
