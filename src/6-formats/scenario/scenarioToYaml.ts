import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import { DEFAULT_TRACKER_CONFIG } from '../../3-model/tracker/TrackerConfig.js';
import { DEFAULT_STAGE_TABLE } from '../../3-model/tracker/stageTable.js';
import { CHECK_FIELDS } from './ChecksSchema.js';
import { DEFAULT_CHECKS } from './defaults.js';
import { itemDurationsToFile, secondsOfMs } from './itemDurationsToFile.js';
import type { Scenario } from './Scenario.js';
import { TRACKER_FIELDS } from './TrackerOverridesSchema.js';
import { changedScalarsToFile } from './_internals/scalarFields.js';

function trackerToFile(s: Scenario): Record<string, unknown> | undefined {
  const out = changedScalarsToFile(TRACKER_FIELDS, s.tracker, DEFAULT_TRACKER_CONFIG);
  const rows: Record<string, Record<string, unknown>> = {};
  for (const row of s.tracker.stages) {
    const d = DEFAULT_STAGE_TABLE.find((r) => r.name === row.name);
    const changed: Record<string, unknown> = {};
    if (!d || row.startPct !== d.startPct) changed['start_pct'] = row.startPct;
    if (!d || row.endPct !== d.endPct) changed['end_pct'] = row.endPct;
    if (!d || row.expectedS !== d.expectedS) changed['expected_s'] = row.expectedS;
    if (!d || row.displayName !== d.displayName) changed['display_name'] = row.displayName;
    if (Object.keys(changed).length > 0) rows[row.name] = changed;
  }
  if (Object.keys(rows).length > 0) out['stages'] = rows;
  return Object.keys(out).length > 0 ? out : undefined;
}

function stagesToFile(s: Scenario): Record<string, unknown> {
  const { loadData, clustering, cpsat, ga, rl, finalize } = s.stages;
  return {
    load_data: { duration_s: secondsOfMs(loadData.durationMs) },
    clustering: { duration_s: secondsOfMs(clustering.durationMs) },
    cpsat: { clusters: cpsat.clusters, parallel: cpsat.parallel, cluster_s: itemDurationsToFile(cpsat.clusterMs) },
    ga: { generations: ga.generations, generation_s: itemDurationsToFile(ga.generationMs) },
    rl: {
      path: rl.path,
      conflicts: rl.conflicts,
      problem_clusters: rl.problemClusters,
      cluster_s: itemDurationsToFile(rl.clusterMs),
      episodes: rl.episodes,
      batch: rl.batch,
      episode_s: itemDurationsToFile(rl.episodeMs),
    },
    finalize: { duration_s: secondsOfMs(finalize.durationMs) },
  };
}

/**
 * A resolved scenario written back as a scenario file that parses to an
 * equal Scenario (its `file` aside): durations as seconds, writers,
 * error_path and every stage written out, tracker settings and checks only
 * where they differ from the defaults. Fuzzing saves counterexamples with it.
 * The scenario must satisfy the format's rules (replay lists as long as
 * their counts, bounds) for the file to parse.
 */
export function scenarioToYaml(s: Scenario): string {
  const checks = changedScalarsToFile(CHECK_FIELDS, s.checks, DEFAULT_CHECKS);
  const tracker = trackerToFile(s);
  const file: Record<string, unknown> = {
    name: s.name,
    ...(s.description === '' ? {} : { description: s.description }),
    seed: s.seed,
    estimated_total_s: s.estimatedTotalS,
    ...(tracker ? { tracker } : {}),
    profile: s.profile,
    writers: [...s.writers],
    error_path: s.errorPath,
    step_timeout_s: secondsOfMs(s.stepTimeoutMs),
    stages: stagesToFile(s),
    events: [
      ...s.events.map((e) => (e.kind === 'cancel' ? { at_s: secondsOfMs(e.atMs), cancel: true } : { at_s: secondsOfMs(e.atMs), error: e.message })),
      ...(s.faults ?? []).map((f) => ({
        at_s: secondsOfMs(f.atMs),
        fault: f.fault,
        duration_s: secondsOfMs(f.durationMs),
        ...(f.fault === 'latency' ? { latency_s: secondsOfMs(f.latencyMs) } : {}),
        ...(f.components.length ? { components: [...f.components] } : {}),
      })),
    ],
    ...(Object.keys(checks).length > 0 ? { checks } : {}),
    expect: { outcome: s.expect.outcome, violations: [...s.expect.violations], ...(s.expect.liveness === false ? { liveness: false } : {}) },
  };
  const doc = new Document(file);
  // Small collections (a stage, an event, a list of numbers) read best on one line, as in the examples.
  visit(doc, {
    Map(_, map) {
      if (map !== doc.contents && map.items.every((pair) => isSmall(pair.value))) map.flow = true;
    },
    Seq(_, seq) {
      if (seq.items.every(isScalar)) seq.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** A scalar, a list of scalars, or a mapping of scalars. */
function isSmall(node: unknown): boolean {
  if (isScalar(node)) return true;
  if (isSeq(node)) return node.items.every(isScalar);
  if (isMap(node)) return node.items.every((pair) => isScalar(pair.value) || (isSeq(pair.value) && pair.value.items.every(isScalar)));
  return false;
}
