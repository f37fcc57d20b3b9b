import { PROFILE_ERROR_PATH, PROFILE_WRITERS } from '../../3-model/pipeline/profiles.js';
import { DEFAULT_TRACKER_CONFIG, type TrackerConfig } from '../../3-model/tracker/TrackerConfig.js';
import { DEFAULT_STAGE_TABLE, type StageSpec } from '../../3-model/tracker/stageTable.js';
import { CHECK_FIELDS } from './ChecksSchema.js';
import { DEFAULT_CHECKS, DEFAULT_STAGES, EMPTY_STAGES, defaultScenario } from './defaults.js';
import { durationMs, durationSeconds } from './duration.js';
import type { FileItemDurations } from './ItemDurationsSchema.js';
import { RL_EPISODES_DEFAULT_MAX, RL_PROBLEM_CLUSTERS_REPAIRED_MAX } from './limits.js';
import type { PathIssue } from './_internals/PathIssue.js';
import { resolveScalars } from './_internals/scalarFields.js';
import type { ItemDurations, RedisFault, Scenario, ScenarioEvent, StagePlan } from './Scenario.js';
import type { ScenarioFile } from './ScenarioFileSchema.js';
import type { FileEvent } from './EventSchema.js';
import type { FileStages } from './StagesSchema.js';
import { TRACKER_FIELDS, type FileTrackerOverrides } from './TrackerOverridesSchema.js';

/** A resolved scenario, or the problems that only show once defaults are known. */
export type Resolution = { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly issues: PathIssue[] };

type Path = readonly (string | number)[];

/**
 * The one place a scenario gets its defaults and units: a file that passed
 * the schema becomes a `Scenario` with every time in integer milliseconds
 * (Math.round) or, for settings the simulator keeps in seconds, in exact
 * seconds. Also checks what the schema cannot see field by field: replay
 * lists as long as their item counts, stage table rows with
 * start_pct ≤ end_pct, eta_min_s ≤ eta_max_s.
 */
export function resolveScenario(raw: ScenarioFile, file: string | null): Resolution {
  const issues: PathIssue[] = [];
  const base = defaultScenario();
  const profile = raw.profile ?? base.profile;
  const scenario: Scenario = {
    name: raw.name,
    description: raw.description ?? '',
    file,
    seed: raw.seed ?? base.seed,
    estimatedTotalS: raw.estimated_total_s === undefined ? base.estimatedTotalS : durationSeconds(raw.estimated_total_s),
    tracker: resolveTracker(raw.tracker, issues),
    profile,
    writers: raw.writers ?? PROFILE_WRITERS[profile],
    errorPath: raw.error_path ?? PROFILE_ERROR_PATH[profile],
    stepTimeoutMs: raw.step_timeout_s === undefined ? base.stepTimeoutMs : durationMs(raw.step_timeout_s),
    stages: resolveStages(raw.stages, issues),
    events: (raw.events ?? []).flatMap((e): ScenarioEvent[] => {
      if (e.fault !== undefined) return [];
      return e.error === undefined ? [{ atMs: durationMs(e.at_s), kind: 'cancel' }] : [{ atMs: durationMs(e.at_s), kind: 'error', message: e.error }];
    }),
    ...faultsOf(raw.events ?? []),
    checks: resolveScalars(CHECK_FIELDS, raw.checks, DEFAULT_CHECKS),
    expect: {
      outcome: raw.expect?.outcome ?? base.expect.outcome,
      violations: raw.expect?.violations ?? base.expect.violations,
      ...(raw.expect?.liveness === false ? { liveness: false } : {}),
    },
  };
  return issues.length > 0 ? { ok: false, issues } : { ok: true, scenario };
}

function resolveTracker(raw: FileTrackerOverrides | undefined, issues: PathIssue[]): TrackerConfig {
  if (raw === undefined) return DEFAULT_TRACKER_CONFIG;
  const config = resolveScalars(TRACKER_FIELDS, raw, DEFAULT_TRACKER_CONFIG);
  if (config.etaMinS > config.etaMaxS) {
    const minGiven = (raw as Record<string, unknown>)['eta_min_s'] !== undefined;
    issues.push({
      path: ['tracker', minGiven ? 'eta_min_s' : 'eta_max_s'],
      message: minGiven
        ? `is ${config.etaMinS} s, above eta_max_s (${config.etaMaxS} s); expected eta_min_s ≤ eta_max_s`
        : `is ${config.etaMaxS} s, below eta_min_s (${config.etaMinS} s); expected eta_min_s ≤ eta_max_s`,
      at: 'value',
    });
  }
  const rows = raw.stages;
  if (rows === undefined) return config;
  const stages = DEFAULT_STAGE_TABLE.map((row): StageSpec => {
    const o = rows[row.name];
    if (o === undefined) return row;
    const spec: StageSpec = {
      name: row.name,
      startPct: o.start_pct ?? row.startPct,
      endPct: o.end_pct ?? row.endPct,
      expectedS: o.expected_s === undefined ? row.expectedS : durationSeconds(o.expected_s),
      displayName: o.display_name ?? row.displayName,
    };
    if (spec.startPct > spec.endPct) {
      const startGiven = o.start_pct !== undefined;
      issues.push({
        path: ['tracker', 'stages', row.name, startGiven ? 'start_pct' : 'end_pct'],
        message: startGiven
          ? `is ${spec.startPct}, above end_pct (${spec.endPct}); expected start_pct ≤ end_pct, both within 0..100`
          : `is ${spec.endPct}, below start_pct (${spec.startPct}); expected start_pct ≤ end_pct, both within 0..100`,
        at: 'value',
      });
    }
    return spec;
  });
  return { ...config, stages };
}

/**
 * Per-item durations with `count` items. A list must have exactly `count`
 * entries: `why` says where the count comes from.
 */
function resolveItems(raw: FileItemDurations | undefined, fallback: ItemDurations, count: number, path: Path, why: string, issues: PathIssue[]): ItemDurations {
  if (raw === undefined) return fallback;
  if (Array.isArray(raw)) {
    if (raw.length !== count) {
      issues.push({ path, message: `has ${raw.length} item${raw.length === 1 ? '' : 's'}; expected ${count}, ${why}`, at: 'value' });
    }
    return { kind: 'list', ms: raw.map(durationMs) };
  }
  if (typeof raw === 'number' || typeof raw === 'string') return { kind: 'fixed', ms: durationMs(raw) };
  switch (raw.dist) {
    case 'fixed':
      return { kind: 'fixed', ms: durationMs(raw.value) };
    case 'uniform':
      return { kind: 'uniform', minMs: durationMs(raw.min), maxMs: durationMs(raw.max) };
    case 'normal':
      return { kind: 'normal', meanMs: durationMs(raw.mean), sdMs: durationMs(raw.sd) };
    case 'lognormal':
      return { kind: 'lognormal', medianMs: durationMs(raw.median), p95Ms: durationMs(raw.p95) };
    case 'exponential':
      return { kind: 'exponential', meanMs: durationMs(raw.mean) };
  }
}

/** `clusters (294)` or `clusters (294 by default)`. */
function countText(key: string, value: number, given: boolean): string {
  return `${key} (${value}${given ? '' : ' by default'})`;
}

function resolveStages(raw: FileStages | undefined, issues: PathIssue[]): StagePlan {
  const D = DEFAULT_STAGES;
  const E = EMPTY_STAGES;
  const ms = (value: number | string | undefined, fallback: number): number => (value === undefined ? fallback : durationMs(value));
  const c = raw?.cpsat;
  const g = raw?.ga;
  const r = raw?.rl;

  let cpsat: StagePlan['cpsat'] = E.cpsat;
  if (c !== undefined) {
    const clusters = c.clusters ?? D.cpsat.clusters;
    const why = `one per cluster: ${countText('stages.cpsat.clusters', clusters, c.clusters !== undefined)}`;
    cpsat = {
      clusters,
      parallel: c.parallel ?? D.cpsat.parallel,
      clusterMs: resolveItems(c.cluster_s, D.cpsat.clusterMs, clusters, ['stages', 'cpsat', 'cluster_s'], why, issues),
    };
  }

  let ga: StagePlan['ga'] = E.ga;
  if (g !== undefined) {
    const generations = g.generations ?? D.ga.generations;
    const why = `one per generation: ${countText('stages.ga.generations', generations, g.generations !== undefined)}`;
    ga = { generations, generationMs: resolveItems(g.generation_s, D.ga.generationMs, generations, ['stages', 'ga', 'generation_s'], why, issues) };
  }

  let rl: StagePlan['rl'] = E.rl;
  if (r !== undefined) {
    const conflicts = r.conflicts ?? D.rl.conflicts;
    const problemClusters = r.problem_clusters ?? D.rl.problemClusters;
    const repaired = Math.min(RL_PROBLEM_CLUSTERS_REPAIRED_MAX, problemClusters);
    const episodes = r.episodes ?? Math.min(RL_EPISODES_DEFAULT_MAX, conflicts * 3);
    const clusterWhy = `one per repaired cluster: min(${RL_PROBLEM_CLUSTERS_REPAIRED_MAX}, ${countText('stages.rl.problem_clusters', problemClusters, r.problem_clusters !== undefined)})`;
    const episodeWhy =
      r.episodes !== undefined
        ? `one per episode: stages.rl.episodes (${episodes})`
        : `one per episode: stages.rl.episodes (${episodes} by default, min(${RL_EPISODES_DEFAULT_MAX}, conflicts × 3))`;
    rl = {
      path: r.path ?? 'global',
      conflicts,
      problemClusters,
      clusterMs: resolveItems(r.cluster_s, D.rl.clusterMs, repaired, ['stages', 'rl', 'cluster_s'], clusterWhy, issues),
      episodes,
      batch: r.batch ?? D.rl.batch,
      episodeMs: resolveItems(r.episode_s, D.rl.episodeMs, episodes, ['stages', 'rl', 'episode_s'], episodeWhy, issues),
    };
  }

  return {
    loadData: raw?.load_data ? { durationMs: ms(raw.load_data.duration_s, D.loadData.durationMs) } : E.loadData,
    clustering: raw?.clustering ? { durationMs: ms(raw.clustering.duration_s, D.clustering.durationMs) } : E.clustering,
    cpsat,
    ga,
    rl,
    finalize: raw?.finalize ? { durationMs: ms(raw.finalize.duration_s, D.finalize.durationMs) } : E.finalize,
  };
}

/** The Redis faults among a file's events; no `faults` key when there are none (the resolved default). */
function faultsOf(events: readonly FileEvent[]): { faults?: RedisFault[] } {
  const faults = events.flatMap((e): RedisFault[] =>
    e.fault === undefined
      ? []
      : [
          {
            atMs: durationMs(e.at_s),
            kind: 'fault',
            fault: e.fault,
            durationMs: durationMs(e.duration_s ?? 0),
            latencyMs: durationMs(e.latency_s ?? 0),
            components: e.components ?? [],
          },
        ],
  );
  return faults.length ? { faults } : {};
}
