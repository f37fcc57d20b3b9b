import { GATE_INVARIANT_IDS } from '../../6-formats/scenario/Scenario.js';

/** The invariants a CI gate holds every run to (contract: "Invariants (stable ids)"). */
export const GATE_INVARIANTS = GATE_INVARIANT_IDS;
export type GateInvariant = (typeof GATE_INVARIANTS)[number];

/**
 * What makes a case fail: a gate invariant, the job never reaching a
 * terminal message once Redis faults stop (`liveness`), two runs of one scenario
 * giving different traces (`determinism`), the simulation hitting one of
 * its bounds (`bound`: a deadlock, a run past 24 virtual hours), or the
 * model throwing (`crash`). Listed in report order.
 */
export const FINDING_KINDS = [...GATE_INVARIANTS, 'liveness', 'determinism', 'bound', 'crash'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Whether `id` names a gate invariant. */
export function isGateInvariant(id: string): id is GateInvariant {
  return (GATE_INVARIANTS as readonly string[]).includes(id);
}

/** `kinds` in report order, each once. */
export function sortKinds(kinds: Iterable<FindingKind>): FindingKind[] {
  const set = new Set(kinds);
  return FINDING_KINDS.filter((k) => set.has(k));
}
