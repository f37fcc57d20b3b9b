import { DEFAULT_TRACKER_CONFIG } from '../../3-model/tracker/TrackerConfig.js';
import { DEFAULT_STAGE_TABLE } from '../../3-model/tracker/stageTable.js';
import type { ItemDurations, Scenario } from '../../6-formats/scenario/Scenario.js';

const s = (ms: number): string => `${ms / 1000}s`;

function items(d: ItemDurations): string {
  switch (d.kind) {
    case 'fixed':
      return s(d.ms);
    case 'list':
      return `list[${d.ms.length}]`;
    case 'uniform':
      return `uniform(${s(d.minMs)}..${s(d.maxMs)})`;
    case 'normal':
      return `normal(${s(d.meanMs)}±${s(d.sdMs)})`;
    case 'lognormal':
      return `lognormal(${s(d.medianMs)},p95 ${s(d.p95Ms)})`;
    case 'exponential':
      return `exp(${s(d.meanMs)})`;
  }
}

/** Tracker settings that differ from the shipped tracker, as `key=value`. */
function trackerChanges(scenario: Scenario): string[] {
  const t = scenario.tracker as unknown as Record<string, unknown>;
  const d = DEFAULT_TRACKER_CONFIG as unknown as Record<string, unknown>;
  const out = Object.keys(d)
    .filter((k) => k !== 'stages' && !Object.is(t[k], d[k]))
    .map((k) => `${k}=${String(t[k])}`);
  scenario.tracker.stages.forEach((row, i) => {
    const base = DEFAULT_STAGE_TABLE[i];
    if (base && (row.startPct !== base.startPct || row.endPct !== base.endPct || row.expectedS !== base.expectedS)) {
      out.push(`${row.name}=${row.startPct}→${row.endPct}%/${row.expectedS}s`);
    }
  });
  return out;
}

/**
 * Every knob a case's seed chose, on one line (`--verbose`): stage sizes,
 * events, timeout, estimate, writers, error path and tracker changes.
 */
export function caseKnobs(scenario: Scenario): string {
  const { loadData, clustering, cpsat, ga, rl, finalize } = scenario.stages;
  const parts = [
    `seed ${scenario.seed}`,
    `est ${scenario.estimatedTotalS}s`,
    `load ${s(loadData.durationMs)}`,
    `clustering ${s(clustering.durationMs)}`,
    `cpsat ${cpsat.clusters}×${items(cpsat.clusterMs)}/${cpsat.parallel}`,
    `ga ${ga.generations}×${items(ga.generationMs)}`,
    rl.path === 'global'
      ? `rl global ${rl.conflicts}c ${rl.problemClusters}×${items(rl.clusterMs)}`
      : rl.path === 'fallback'
        ? `rl fallback ${rl.conflicts}c ${rl.episodes}×${items(rl.episodeMs)}/${rl.batch}`
        : `rl skip`,
    `finalize ${s(finalize.durationMs)}`,
    `timeout ${s(scenario.stepTimeoutMs)}`,
    `writers [${scenario.writers.join(',')}]`,
    `error-path ${scenario.errorPath}`,
  ];
  if (scenario.events.length > 0) {
    parts.push(`events [${scenario.events.map((e) => (e.kind === 'cancel' ? `cancel@${s(e.atMs)}` : `error@${s(e.atMs)}`)).join(',')}]`);
  }
  const tracker = trackerChanges(scenario);
  if (tracker.length > 0) parts.push(`tracker {${tracker.join(' ')}}`);
  return parts.join(', ');
}
