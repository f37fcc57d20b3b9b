import { LEGACY_WRITERS, type LegacyWriter } from '../../2-wire/writers.js';
import type { RunResult } from '../../4-harness/runScenario.js';
import type { Scenario } from '../../6-formats/scenario/Scenario.js';

/** Warnings shown per scenario at most; the rest are counted. */
const WARNINGS_MAX = 20;

/** Seconds for a message, without float noise. */
function s(ms: number): string {
  return `${Math.round(ms) / 1000} s`;
}

/**
 * The scenario's events and faults that cannot have had an effect: a cancel
 * or error after the job ended, a fault starting after the run ended, a fault
 * aimed only at legacy writers the scenario does not run, a latency longer
 * than its window. Each is one sentence, in the file's order; a scenario
 * passing with such an event would otherwise claim to test what it never did.
 * Pure: the scenario and, when it finished, its run.
 */
export function eventWarnings(scenario: Scenario, run: RunResult<Scenario> | null): string[] {
  const out: string[] = [];
  if (run) {
    for (const e of scenario.events) {
      // Strictly after: an error event ends the job at its own instant.
      if (e.atMs > run.endMs) out.push(`${e.kind} at ${s(e.atMs)} comes after the job ended (${s(run.endMs)}): it had no effect`);
    }
  }
  const running = new Set<string>(scenario.writers);
  for (const f of scenario.faults ?? []) {
    const what = `${f.fault} fault at ${s(f.atMs)}`;
    if (run && f.atMs > run.simulatedMs) out.push(`${what} starts after the run ended (${s(run.simulatedMs)}): it had no effect`);
    const legacy = f.components.filter((c): c is LegacyWriter => (LEGACY_WRITERS as readonly string[]).includes(c));
    const idle = legacy.filter((c) => !running.has(c));
    if (idle.length > 0) {
      const writers = scenario.writers.length ? scenario.writers.join(', ') : 'none';
      const all = idle.length === f.components.length;
      out.push(`${what} targets ${idle.join(', ')}, which ${idle.length === 1 ? 'does' : 'do'} not run in this scenario (legacy writers: ${writers})${all ? ': it had no effect' : ''}`);
    }
    if (f.fault === 'latency' && f.latencyMs > f.durationMs) {
      out.push(`${what}: its latency (${s(f.latencyMs)}) is longer than its window (${s(f.durationMs)}); expected latency_s below duration_s (swapped?)`);
    }
  }
  if (out.length <= WARNINGS_MAX) return out;
  return [...out.slice(0, WARNINGS_MAX), `… and ${out.length - WARNINGS_MAX} more events without an effect`];
}
