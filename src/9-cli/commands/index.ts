import type { Command } from '../Command.js';

/**
 * The subcommands, loaded on demand so that `etasim validate` does not pay
 * for the simulator, nor `etasim run` for the chart renderer.
 */
export const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  run: async () => (await import('./run.js')).runCommand,
  validate: async () => (await import('./validate.js')).validateCommand,
  schema: async () => (await import('./schema.js')).schemaCommand,
  bench: async () => (await import('./bench.js')).benchCommand,
  fuzz: async () => (await import('./fuzz.js')).fuzzCommand,
  check: async () => (await import('./check.js')).checkCommand,
  record: async () => (await import('./record.js')).recordCommand,
  compare: async () => (await import('./compare.js')).compareCommand,
};

/**
 * Each command's one line for `etasim --help`, kept here so that the
 * overview loads no command module (a test pins them to each command's own
 * `summary`).
 */
export const SUMMARIES: Readonly<Record<string, string>> = {
  run: 'run scenarios and check each against its expectation',
  validate: 'check scenario files against the format without running them',
  schema: 'print the JSON Schema of the scenario format',
  bench: 'measure simulation speed (runs/s, speed-up over real time, memory)',
  fuzz: 'search generated scenarios for invariant violations; shrink and save counterexamples',
  check: 'check a recorded trace (redis-cli MONITOR or jsonl) against the invariants',
  record: "record a Redis server's MONITOR stream for `etasim check`",
  compare: 'run scenarios on two trackers and report what got worse or better',
};
