import type { Scenario } from '../../6-formats/scenario/Scenario.js';
import { Rng } from '../../1-kernel/Rng.js';
import { drawDurations } from '../../3-model/pipeline/durations.js';
import { RL_CONFLICTS_MAX, RL_MIN_CONFLICTS, RL_PROBLEM_CLUSTERS_MAX } from '../../3-model/pipeline/stages/rl.js';
import { TrackerModel } from '../../3-model/tracker/TrackerModel.js';
import type { StageName } from '../../3-model/tracker/stageTable.js';

type Call = { atMs: number; stage?: StageName; total?: number; done?: number };

/**
 * The tracker arithmetic of one scenario with no clock, no Redis and no
 * recording: the same stage changes and work reports at the same times,
 * and an update every tick. `bench` compares full runs against this.
 * Returns a checksum of the readings so the work cannot be optimised away.
 */
export function bareRun(scenario: Scenario): number {
  const calls = scheduleOf(scenario);
  const model = new TrackerModel(scenario.tracker, scenario.estimatedTotalS, 0);
  const tickMs = scenario.tracker.tickMs;
  const endMs = calls[calls.length - 1]!.atMs;
  let checksum = model.update(0, 0).etaS;
  let next = 0;
  for (let t = tickMs; t <= endMs; t += tickMs) {
    while (next < calls.length && calls[next]!.atMs <= t) apply(model, calls[next++]!);
    const r = model.update(t);
    checksum += r.progress + r.etaS;
  }
  return checksum + model.update(endMs, 100).progress;
}

function apply(model: TrackerModel, call: Call): void {
  if (call.stage !== undefined) model.setStage(call.stage, call.total ?? 0, call.atMs);
  else if (call.total !== undefined) model.stageItemsTotal = call.total;
  if (call.done !== undefined) model.updateWorkProgress(call.done);
}

/** The saga's tracker calls in time order, with the same seeded durations as a full run. */
function scheduleOf(s: Scenario): Call[] {
  const calls: Call[] = [];
  let t = 0;
  const stage = (name: StageName, total = 0) => calls.push({ atMs: t, stage: name, total });
  stage('load_data');
  t += s.stages.loadData.durationMs;
  stage('clustering', 10);
  t += s.stages.clustering.durationMs;
  const cp = s.stages.cpsat;
  stage('cpsat', cp.clusters);
  const clusterMs = drawDurations(cp.clusterMs, cp.clusters, new Rng(s.seed, 'cpsat.cluster'));
  let done = 0;
  for (let first = 0; first < cp.clusters; first += Math.max(1, cp.parallel)) {
    const batch = clusterMs.slice(first, first + Math.max(1, cp.parallel)).sort((a, b) => a - b);
    for (const ms of batch) calls.push({ atMs: t + ms, done: ++done });
    t += batch[batch.length - 1] ?? 0;
  }
  stage('ga');
  calls.push({ atMs: t, total: s.stages.ga.generations });
  const genMs = drawDurations(s.stages.ga.generationMs, s.stages.ga.generations, new Rng(s.seed, 'ga.generation'));
  genMs.forEach((ms, i) => calls.push({ atMs: (t += ms), done: i + 1 }));
  stage('rl');
  const rl = s.stages.rl;
  if (rl.path !== 'skip' && Math.min(RL_CONFLICTS_MAX, rl.conflicts) >= RL_MIN_CONFLICTS) {
    const total = rl.path === 'global' ? Math.min(RL_PROBLEM_CLUSTERS_MAX, rl.problemClusters) : rl.episodes;
    if (rl.path === 'fallback') calls.push({ atMs: t, total });
    const source = rl.path === 'global' ? rl.clusterMs : rl.episodeMs;
    const ms = drawDurations(source, total, new Rng(s.seed, rl.path === 'global' ? 'rl.cluster' : 'rl.episode'));
    const step = rl.path === 'global' ? 1 : Math.max(1, rl.batch);
    for (let i = 0; i < total; i += step) {
      for (let j = i; j < Math.min(total, i + step); j++) t += ms[j]!;
      calls.push({ atMs: t, done: Math.min(total, i + step) });
    }
  }
  t += s.stages.finalize.durationMs;
  calls.push({ atMs: t, stage: 'finalize' });
  return calls;
}
