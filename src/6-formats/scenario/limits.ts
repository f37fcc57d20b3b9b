/**
 * Bounds of the scenario format. A file outside them is refused with a
 * message naming the bound, so that an absurd size (10^12 clusters, a
 * ten-year duration) never reaches the simulator.
 */
export const LIMITS = {
  /** Longest scenario name, in characters. */
  nameLengthMax: 100,
  descriptionLengthMax: 2000,
  /** Longest duration anywhere in a file: 7 days. */
  durationSMax: 7 * 24 * 3600,
  clustersMax: 100_000,
  /** CP-SAT clusters solved at once. */
  parallelMax: 1000,
  generationsMax: 100_000,
  conflictsMax: 1_000_000,
  problemClustersMax: 100_000,
  episodesMax: 1_000_000,
  batchMax: 1_000_000,
  /** Longest replay list: the largest item count. */
  listLengthMax: 1_000_000,
  eventsMax: 10_000,
  eventMessageLengthMax: 1000,
  displayNameLengthMax: 200,
  /** The tracker's loop period: below 10 ms a day-long run would take millions of ticks. */
  tickSMin: 0.01,
  tickSMax: 60,
  /** The poller's period. */
  pollSMin: 0.01,
  pollSMax: 3600,
  /** A stage's expected duration divides elapsed time, so it must be positive. */
  expectedSMin: 0.001,
  /** Largest scenario file, in bytes. */
  fileBytesMax: 10 * 1024 * 1024,
  /** Alias expansions allowed while reading YAML (an alias bomb stops here). */
  aliasCountMax: 100,
  /** Folder recursion of `loadScenarioPaths`. */
  folderDepthMax: 32,
  filesMax: 10_000,
} as const;

/**
 * The RL global path repairs at most this many problem clusters. Mirrors
 * `RL_PROBLEM_CLUSTERS_MAX` of pipeline/stages/rl.ts (a test pins them equal);
 * kept here so that validating a file does not load the pipeline.
 */
export const RL_PROBLEM_CLUSTERS_REPAIRED_MAX = 10;

/** `rl.episodes` defaults to min(this, conflicts × 3). */
export const RL_EPISODES_DEFAULT_MAX = 200;
