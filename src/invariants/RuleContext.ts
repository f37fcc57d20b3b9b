import type { CheckOptions, InvariantId } from '../scenario/Scenario.js';
import type { StageName } from '../tracker/stageTable.js';
import type { JobTrace, Observation } from './JobTrace.js';
import type { ProgressMessage } from './ProgressMessage.js';
import type { View, Violation } from './Violation.js';

/** What every rule reads: the job, both views of the page, the options. */
export interface RuleContext {
  readonly job: JobTrace;
  readonly channel: readonly Observation[];
  readonly poller: readonly Observation[];
  readonly options: CheckOptions;
  /** The stage a message's `stage` field names (display or technical name), or null. */
  readonly stageOf: (stage: string | null) => StageName | null;
}

/** A checker: a pure function from the job to its violations. */
export type Rule = (ctx: RuleContext) => Violation[];

/** Builds a violation of `invariant` witnessed by `witnesses` (the last one is where it happened). */
export function violation(
  invariant: InvariantId,
  at: ProgressMessage,
  view: View,
  message: string,
  witnesses: readonly ProgressMessage[],
): Violation {
  return { invariant, at_s: at.atS, writer: at.writer, view, message, witnesses: witnesses.map((w) => w.event) };
}

/** Both views, channel first, for rules that compare consecutive observations. */
export function views(ctx: RuleContext): ReadonlyArray<readonly Observation[]> {
  return [ctx.channel, ctx.poller];
}

/** A message's identity across views: the same JSON from the same writer (its SETEX and its PUBLISH). */
export function sameWrite(m: ProgressMessage): string {
  return `${m.writer}\u0000${m.event.value ?? ''}`;
}
