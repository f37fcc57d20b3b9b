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
