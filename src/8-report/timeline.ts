import { round3 } from '../2-wire/ProgressMessage.js';
import type { ScenarioResult } from '../7-orchestration/suite/ScenarioResult.js';
import { shortDuration } from './violationGroups.js';
import { fullStageName, shortStageName } from './stageLabels.js';
import type { StageBand } from './stageBands.js';
import type { TraceView } from './TraceView.js';

/** Something that happened to the job, drawn on the charts: an instant (`fromS === toS`) or a window. */
export interface TimelineEvent {
  readonly kind: 'cancel' | 'error' | 'timeout' | 'fault' | 'end' | 'transition';
  readonly fromS: number;
  readonly toS: number;
  /** Short, for the chart. */
  readonly label: string;
  /** Long, on hover and in the page's list. */
  readonly title: string;
}

/** What a scenario did to its job: cancels, stage errors, a step timeout, each Redis fault window, and the job's end with its outcome. */
export function scenarioTimeline(r: ScenarioResult): TimelineEvent[] {
  const s = r.scenario;
  const out: TimelineEvent[] = [];
  for (const e of s.events) {
    const atS = e.atMs / 1000;
    if (e.kind === 'cancel') out.push({ kind: 'cancel', fromS: atS, toS: atS, label: 'cancel', title: `cancel requested at ${atS} s` });
    else out.push({ kind: 'error', fromS: atS, toS: atS, label: 'stage error', title: `stage error injected at ${atS} s: ${e.message}` });
  }
  for (const f of s.faults ?? []) {
    const fromS = f.atMs / 1000;
    const toS = (f.atMs + f.durationMs) / 1000;
    const on = f.components.length ? f.components.join(', ') : 'every connection';
    const what = f.fault === 'latency' ? `latency +${f.latencyMs / 1000} s` : f.fault.replace(/_/g, ' ');
    out.push({ kind: 'fault', fromS, toS, label: `Redis ${what} · ${on}`, title: `Redis fault ${what} on ${on}, ${fromS}–${toS} s of virtual time` });
  }
  const run = r.run;
  if (run) {
    const endS = run.endMs / 1000;
    if (run.outcome === 'timed_out') {
      const span = [...run.spans].reverse().find((p) => p.startMs <= run.endMs);
      const stage = span ? shortStageName({ stage: span.stage, label: span.stage }) : 'a stage';
      out.push({
        kind: 'timeout',
        fromS: endS,
        toS: endS,
        label: `step timeout in ${stage}`,
        title: `step timeout: ${stage} ran past the ${s.stepTimeoutMs / 1000} s step limit, at ${endS} s`,
      });
    }
    out.push({ kind: 'end', fromS: endS, toS: endS, label: `end: ${run.outcome}`, title: `the job ended ${run.outcome} at ${endS} s of virtual time` });
  }
  return out;
}

/** The job's end as the trace shows it (its first terminal message), for a capture with no scenario. */
export function terminalEvent(view: TraceView): TimelineEvent | null {
  const end = view.job.firstTerminal;
  if (end === null) return null;
  return { kind: 'end', fromS: end.atS, toS: end.atS, label: `end: ${end.status}`, title: `first terminal message (${end.status}) at ${end.atS} s, by ${end.writer}` };
}

/**
 * The CP-SAT → GA transition, where the reported bug lived: at GA's start,
 * with the ETA the page showed just before it and the first it showed after.
 * Null when the run had no such transition.
 */
export function transitionEvent(view: TraceView, bands: readonly StageBand[]): TimelineEvent | null {
  const ga = bands.findIndex((b) => b.stage === 'ga' || b.stage === 'Optimizing quality');
  if (ga <= 0 || !/cpsat|Creating initial schedule/.test(bands[ga - 1]!.stage)) return null;
  const atS = bands[ga]!.startS;
  let before: number | null = null;
  let after: number | null = null;
  for (const o of view.channel) {
    if (o.message.etaS === null) continue;
    // A write at the boundary instant (CP-SAT's last) is what the page showed as CP-SAT ended.
    if (o.atS <= atS) before = o.message.etaS;
    else if (after === null) after = o.message.etaS;
  }
  const eta = (x: number | null) => (x === null ? 'none' : shortDuration(x));
  const from = fullStageName(bands[ga - 1]!);
  const to = fullStageName(bands[ga]!);
  return {
    kind: 'transition',
    fromS: atS,
    toS: atS,
    label: `CP-SAT → GA: ETA ${eta(before)} → ${eta(after)}`,
    title: `${from} → ${to} at ${round3(atS)} s: the page showed an ETA of ${eta(before)} just before and ${eta(after)} just after`,
  };
}
