import { readMessage, round3, type ProgressMessage } from '../2-wire/ProgressMessage.js';
import type { Violation } from '../5-invariants/Violation.js';

/** Every violation of one invariant (or of one invariant by one writer): when it kept breaking, by whom, and its worst instance. */
export interface ViolationGroup {
  readonly invariant: string;
  readonly count: number;
  readonly fromS: number;
  readonly toS: number;
  /** Writers of its violations, in order of first violation. */
  readonly writers: readonly string[];
  /** Index (into the report's list) of the worst instance: the biggest rise or drop, else the first. */
  readonly worst: number;
  /** The worst instance's writer. */
  readonly worstWriter: string;
  /** True when the worst is the largest of a size (a rise, a drop); false when it is the first. */
  readonly sized: boolean;
  /** The worst instance in words, without its writer: `+480 s (0 s → 8 min)`, `ETA 0 s mid-run`; empty when it has nothing to say. */
  readonly worstText: string;
  /** Indexes of all its violations, in order. */
  readonly members: readonly number[];
}

/** One line for a group: `eta-jump × 96 between 36 s and 340 s, cpsat_direct and tracker`. */
export function groupSentence(g: ViolationGroup): string {
  const when = g.count === 1 ? `at ${g.fromS} s` : `between ${g.fromS} s and ${g.toS} s`;
  return `${g.invariant} × ${g.count} ${when}, ${joinWords(g.writers)}`;
}

/** `a`, `a and b`, `a, b and c`. */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * The worst instance of a group as a chart names it, saying which writer it
 * was: `eta-jump, worst of 348 by ga_direct: +44 h (8 min → 44.2 h)`,
 * `single-writer, first of 3 by cpsat_direct`, `eta-zero-mid-run by cpsat_direct: ETA 0 s mid-run`.
 */
export function worstLabel(g: ViolationGroup): string {
  const which = g.count === 1 ? ` by ${g.worstWriter}` : `, ${g.sized ? 'worst' : 'first'} of ${g.count} by ${g.worstWriter}`;
  return `${g.invariant}${which}${g.worstText ? `: ${g.worstText}` : ''}`;
}

/**
 * The violations grouped by invariant (`by: 'invariant'`) or by invariant and
 * writer (`by: 'writer'`, one group per writer of each invariant, an
 * invariant's groups next to each other), in order of first violation.
 */
export function violationGroups(violations: readonly Violation[], startS: number, by: 'invariant' | 'writer' = 'invariant'): ViolationGroup[] {
  const byKey = new Map<string, number[]>();
  const invariantOrder = new Map<string, number>();
  violations.forEach((v, i) => {
    const key = by === 'invariant' ? v.invariant : `${v.invariant}\u0000${v.writer}`;
    const list = byKey.get(key) ?? [];
    list.push(i);
    byKey.set(key, list);
    if (!invariantOrder.has(v.invariant)) invariantOrder.set(v.invariant, invariantOrder.size);
  });
  // Stable: within one invariant, its writers keep the order of their first violation.
  const keyed = [...byKey.values()].sort((a, b) => invariantOrder.get(violations[a[0]!]!.invariant)! - invariantOrder.get(violations[b[0]!]!.invariant)!);
  return keyed.map((members) => {
    const invariant = violations[members[0]!]!.invariant;
    const writers: string[] = [];
    let fromS = Infinity;
    let toS = -Infinity;
    let worst = members[0]!;
    let worstSize = -Infinity;
    for (const i of members) {
      const v = violations[i]!;
      if (!writers.includes(v.writer)) writers.push(v.writer);
      fromS = Math.min(fromS, v.at_s);
      toS = Math.max(toS, v.at_s);
      const size = sizeOf(v, startS);
      if (size !== null && size > worstSize) {
        worstSize = size;
        worst = i;
      }
    }
    const w = violations[worst]!;
    return { invariant, count: members.length, fromS, toS, writers, worst, worstWriter: w.writer, sized: worstSize > -Infinity, worstText: describe(w, startS), members };
  });
}

function pair(v: Violation, startS: number): [ProgressMessage, ProgressMessage] | null {
  if (v.witnesses.length < 2) return null;
  return [readMessage(v.witnesses[v.witnesses.length - 2]!, 0, startS), readMessage(v.witnesses[v.witnesses.length - 1]!, 0, startS)];
}

/** How bad one violation was, for choosing the worst: the ETA's rise, progress's drop; null when it has no size. */
function sizeOf(v: Violation, startS: number): number | null {
  const p = pair(v, startS);
  if (v.invariant === 'eta-jump' && p && p[0].etaS !== null && p[1].etaS !== null) return p[1].etaS - p[0].etaS;
  if (v.invariant === 'progress-regression' && p && p[0].progress !== null && p[1].progress !== null) return p[0].progress - p[1].progress;
  return null;
}

function describe(v: Violation, startS: number): string {
  const p = pair(v, startS);
  if (v.invariant === 'eta-jump' && p && p[0].etaS !== null && p[1].etaS !== null) {
    return `+${shortDuration(round3(p[1].etaS - p[0].etaS))} (${shortDuration(p[0].etaS)} → ${shortDuration(p[1].etaS)})`;
  }
  if (v.invariant === 'progress-regression' && p && p[0].progress !== null && p[1].progress !== null) {
    return `${p[0].progress} % → ${p[1].progress} %`;
  }
  if (v.invariant === 'eta-zero-mid-run') return 'ETA 0 s mid-run';
  return '';
}

/** A duration short enough for a chart label: `42 s`, `8.1 min`, `2.5 h`. */
export function shortDuration(s: number): string {
  if (Math.abs(s) < 90) return `${round3(s)} s`;
  if (Math.abs(s) < 5400) return `${Math.round((s / 60) * 10) / 10} min`;
  return `${Math.round((s / 3600) * 10) / 10} h`;
}
