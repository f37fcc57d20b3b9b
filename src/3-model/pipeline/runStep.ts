import { Scope } from '../../1-kernel/Scope.js';
import { Aborted } from '../../1-kernel/errors.js';
import type { StageName } from '../tracker/stageTable.js';
import type { Job } from './Job.js';
import type { StepFailure } from './stepFailure.js';

/**
 * Runs one saga step in a scope of its own under `asyncio.wait_for`'s
 * timeout. A scenario's error event or the timeout aborts the scope; the
 * step's pending sleeps are cancelled. Returns the failure, or null.
 */
export async function runStep(
  job: Job,
  name: StageName,
  timeoutMs: number | null,
  body: (scope: Scope) => Promise<void>,
): Promise<StepFailure | null> {
  const scope = new Scope(job.sim.clock);
  const startMs = job.sim.elapsedMs;
  const span = { stage: name, startMs, endMs: startMs };
  job.spans.push(span);
  job.currentStep = { name, scope };
  const timer =
    timeoutMs === null
      ? null
      : job.sim.clock.setTimeout(() => scope.abort({ kind: 'timeout', step: name, afterMs: timeoutMs }), timeoutMs);
  try {
    await body(scope);
    return null;
  } catch (error) {
    if (error instanceof Aborted && isFailure(error.reason)) return error.reason;
    return { kind: 'error', step: name, message: error instanceof Error ? error.message : String(error) };
  } finally {
    if (timer !== null) job.sim.clock.clearTimeout(timer);
    job.currentStep = null;
    span.endMs = job.sim.elapsedMs;
  }
}

function isFailure(reason: unknown): reason is StepFailure {
  return typeof reason === 'object' && reason !== null && 'kind' in reason && 'step' in reason;
}
