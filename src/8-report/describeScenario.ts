import type { ItemDurations, Scenario, StagePlan } from '../6-formats/scenario/Scenario.js';
import { formatDurationS } from './formatDuration.js';

/** Milliseconds as the report shows them. */
function ms(value: number): string {
  return formatDurationS(Math.round(value) / 1000);
}

/** A per-item duration in words: `1.1 s each`, `lognormal (median 1.1 s, p95 4 s)`, … */
export function describeDurations(d: ItemDurations): string {
  switch (d.kind) {
    case 'fixed':
      return `${ms(d.ms)} each`;
    case 'list':
      return `a list of ${d.ms.length} durations, ${ms(d.ms.reduce((a, b) => a + b, 0))} in all`;
    case 'uniform':
      return `uniform ${ms(d.minMs)} – ${ms(d.maxMs)}`;
    case 'normal':
      return `normal (mean ${ms(d.meanMs)}, sd ${ms(d.sdMs)})`;
    case 'lognormal':
      return `lognormal (median ${ms(d.medianMs)}, p95 ${ms(d.p95Ms)})`;
    case 'exponential':
      return `exponential (mean ${ms(d.meanMs)})`;
  }
}

/** What each stage of a plan was to do, by technical stage name. */
export function describeStagePlan(plan: StagePlan): Record<string, string> {
  const rl = plan.rl;
  const rlText =
    rl.path === 'skip'
      ? `skip (${rl.conflicts} conflicts)`
      : rl.path === 'global'
        ? `global: ${rl.problemClusters} problem clusters × ${describeDurations(rl.clusterMs)} (${rl.conflicts} conflicts)`
        : `fallback: ${rl.episodes} episodes in batches of ${rl.batch} × ${describeDurations(rl.episodeMs)} (${rl.conflicts} conflicts)`;
  return {
    load_data: ms(plan.loadData.durationMs),
    clustering: ms(plan.clustering.durationMs),
    cpsat: `${plan.cpsat.clusters} clusters, ${plan.cpsat.parallel} in parallel, ${describeDurations(plan.cpsat.clusterMs)}`,
    ga: `${plan.ga.generations} generations × ${describeDurations(plan.ga.generationMs)}`,
    rl: rlText,
    finalize: ms(plan.finalize.durationMs),
  };
}

/** The parameter rows of a scenario's report. */
export function scenarioParameters(s: Scenario): Array<[string, string]> {
  const events = s.events.map((e) => (e.kind === 'cancel' ? `cancel at ${e.atMs / 1000} s` : `error at ${e.atMs / 1000} s: ${e.message}`));
  const faults = (s.faults ?? []).map(
    (f) =>
      `${f.fault}${f.fault === 'latency' ? ` +${ms(f.latencyMs)}` : ''} from ${f.atMs / 1000} s for ${ms(f.durationMs)}` +
      ` on ${f.components.length ? f.components.join(', ') : 'every connection'}`,
  );
  return [
    ['scenario', s.name],
    ['file', s.file ?? '(built in code)'],
    ['profile', s.profile],
    ['legacy writers', s.writers.length ? s.writers.join(', ') : 'none (the tracker is the only writer)'],
    ['error path', s.errorPath],
    ['seed', String(s.seed)],
    ['estimated total', formatDurationS(s.estimatedTotalS)],
    ['step timeout', ms(s.stepTimeoutMs)],
    ['events', events.length ? events.join('; ') : 'none'],
    ['Redis faults', faults.length ? faults.join('; ') : 'none'],
    ['expected outcome', s.expect.outcome],
    ['expected violations', s.expect.violations.length ? s.expect.violations.join(', ') : 'none'],
    ['expected liveness', s.expect.liveness === false ? 'fails (the job never reaches a terminal message)' : 'holds'],
    ['page poll period', ms(s.checks.pollMs)],
  ];
}
