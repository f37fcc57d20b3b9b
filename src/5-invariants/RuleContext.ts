import type { CheckOptions } from './CheckOptions.js';
import type { InvariantId } from './InvariantId.js';
import type { StageName } from '../3-model/tracker/stageTable.js';
import type { JobTrace, Observation } from './JobTrace.js';
import { isRunning, type ProgressMessage } from '../2-wire/ProgressMessage.js';
import type { View, Violation } from './Violation.js';

/** What every rule reads: the job, both views of the page, the options. */
export interface RuleContext {
  readonly job: JobTrace;
  readonly channel: readonly Observation[];
  /** The poller in step with the job's start (metrics are measured on it). */
  readonly poller: readonly Observation[];
  /** Pollers at other phases: the gate invariants hold for every page, whenever it opened. */
  readonly otherPollers: ReadonlyArray<readonly Observation[]>;
  readonly options: CheckOptions;
  /** The stage a message belongs to: by when it was written (a run's stage spans) or by the stage its `stage` field names; null when unknown. */
  readonly stageOf: (message: ProgressMessage) => StageName | null;
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
  return [ctx.channel, ctx.poller, ...ctx.otherPollers];
}

/** One step the page showed: the previous observation's message and this one, both running and carrying the value. */
export interface Step {
  readonly prev: ProgressMessage;
  readonly next: ProgressMessage;
  readonly view: Observation['view'];
  /** The poller's phase (0 for the channel and the poller in step with the job's start). */
  readonly phaseS: number;
}

/** Words for where a step was seen, when it was a poller out of step with the job's start. */
export function seenBy(step: Step): string {
  return step.phaseS ? ` (seen by a page polling from +${step.phaseS} s)` : '';
}

/**
 * The changes of `field` between consecutive running observations of each
 * view (channel first) where `breaks` holds, each reported once across
 * views: a SETEX and its PUBLISH are one write, so a change both views saw
 * into the same write is one finding.
 */
export function* breakingSteps(ctx: RuleContext, field: 'etaS' | 'progress', breaks: (step: Step) => boolean): Generator<Step> {
  // A write's identity is its writer and its text (sameWrite), kept as text per writer so no key is built per step.
  const seen = new Map<string, Set<string>>();
  for (const view of views(ctx)) {
    let prev: ProgressMessage | null = null;
    for (const obs of view) {
      const m = obs.message;
      if (!isRunning(m)) break;
      if (m[field] === null) continue;
      if (prev !== null && prev[field] !== m[field]) {
        const step = { prev, next: m, view: obs.view, phaseS: obs.phaseS ?? 0 };
        // `breaks` only for a write not reported yet: it recognises stage texts, whose order check reports.
        let texts = seen.get(m.writer);
        const text = m.event.value ?? '';
        if (!texts?.has(text) && breaks(step)) {
          if (texts === undefined) seen.set(m.writer, (texts = new Set()));
          texts.add(text);
          yield step;
        }
      }
      prev = m;
    }
  }
}

/** A message's identity across views: the same JSON from the same writer (its SETEX and its PUBLISH). */
export function sameWrite(m: ProgressMessage): string {
  return `${m.writer}\u0000${m.event.value ?? ''}`;
}
