import type { StageName } from '../tracker/stageTable.js';

/** Why a step ended early: an error raised inside it, or its timeout. */
export type StepFailure =
  | { readonly kind: 'error'; readonly step: StageName; readonly message: string }
  | { readonly kind: 'timeout'; readonly step: StageName; readonly afterMs: number };

/** What `str(e)` of the failure reads like in the service's logs and fail() message. */
export function describeFailure(failure: StepFailure): string {
  return failure.kind === 'error'
    ? failure.message
    : `Step ${failure.step} timed out after ${failure.afterMs / 1000} s`;
}
