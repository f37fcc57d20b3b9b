import type { z } from 'zod';
import { DEFAULT_STAGES } from './defaults.js';
import { duration, durationExpected, oneOf, strictMap, wholeNumber } from './_internals/fields.js';
import { itemDurationsToFile, secondsOfMs } from './itemDurationsToFile.js';
import { ITEM_DURATIONS_EXPECTED, ItemDurationsSchema } from './ItemDurationsSchema.js';
import { LIMITS, RL_EPISODES_DEFAULT_MAX, RL_PROBLEM_CLUSTERS_REPAIRED_MAX } from './limits.js';

/** The paths the RL stage can take. */
export const RL_PATHS = ['global', 'fallback', 'skip'] as const;

const D = DEFAULT_STAGES;

function simpleStage(name: string, durationMsDefault: number, what: string) {
  return strictMap(
    {
      duration_s: duration()
        .optional()
        .meta({ description: `How long ${name} takes: ${durationExpected()}`, default: secondsOfMs(durationMsDefault) }),
    },
    'a mapping with key duration_s',
  )
    .optional()
    .meta({ description: what });
}

function items(what: string, fallback: Parameters<typeof itemDurationsToFile>[0]) {
  return ItemDurationsSchema.optional().meta({ description: `${what}: ${ITEM_DURATIONS_EXPECTED}`, default: itemDurationsToFile(fallback) });
}

const cpsat = strictMap(
  {
    clusters: wholeNumber(0, LIMITS.clustersMax).optional().meta({ description: 'Clusters CP-SAT solves', default: D.cpsat.clusters }),
    parallel: wholeNumber(1, LIMITS.parallelMax).optional().meta({ description: 'Clusters solved at once; a batch ends with its slowest cluster', default: D.cpsat.parallel }),
    cluster_s: items('Duration of each cluster; a list has one entry per cluster', D.cpsat.clusterMs),
  },
  'a mapping with keys clusters, parallel, cluster_s',
);

const ga = strictMap(
  {
    generations: wholeNumber(0, LIMITS.generationsMax).optional().meta({ description: 'Generations GA runs', default: D.ga.generations }),
    generation_s: items('Duration of each generation; a list has one entry per generation', D.ga.generationMs),
  },
  'a mapping with keys generations, generation_s',
);

const rl = strictMap(
  {
    path: oneOf(RL_PATHS, 'RL path').optional().meta({ description: 'global repair, fallback episodes, or skip (default global when rl is given)', default: 'global' }),
    conflicts: wholeNumber(0, LIMITS.conflictsMax).optional().meta({ description: 'Conflicts left after GA (capped at 1000 by the service; fewer than 10 skip RL)', default: D.rl.conflicts }),
    problem_clusters: wholeNumber(0, LIMITS.problemClustersMax)
      .optional()
      .meta({ description: `Global path: problem clusters; at most ${RL_PROBLEM_CLUSTERS_REPAIRED_MAX} are repaired`, default: D.rl.problemClusters }),
    cluster_s: items(`Global path: duration of each repaired cluster; a list has min(${RL_PROBLEM_CLUSTERS_REPAIRED_MAX}, problem_clusters) entries`, D.rl.clusterMs),
    episodes: wholeNumber(0, LIMITS.episodesMax).optional().meta({ description: `Fallback path: episodes (default min(${RL_EPISODES_DEFAULT_MAX}, conflicts × 3))` }),
    batch: wholeNumber(1, LIMITS.batchMax).optional().meta({ description: 'Fallback path: episodes per reported batch', default: D.rl.batch }),
    episode_s: items('Fallback path: duration of each episode; a list has one entry per episode', D.rl.episodeMs),
  },
  'a mapping with keys path, conflicts, problem_clusters, cluster_s, episodes, batch, episode_s',
);

/**
 * What really happens in each stage. A stage left out takes 0 s; a key left
 * out of a given stage takes the default run's value.
 */
export const StagesSchema = strictMap(
  {
    load_data: simpleStage('loading', D.loadData.durationMs, 'Loading courses and students'),
    clustering: simpleStage('clustering', D.clustering.durationMs, 'Clustering (reports no work; progress is time-based)'),
    cpsat: cpsat.optional().meta({ description: 'CP-SAT: clusters solved in parallel batches' }),
    ga: ga.optional().meta({ description: 'GA: generations' }),
    rl: rl.optional().meta({ description: 'RL: global repair or fallback episodes' }),
    finalize: simpleStage('finalizing', D.finalize.durationMs, 'Finalizing the timetable'),
  },
  'a mapping of stages (load_data, clustering, cpsat, ga, rl, finalize)',
);

/** The stages as parsed from a file. */
export type FileStages = z.output<typeof StagesSchema>;
