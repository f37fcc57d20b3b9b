import type { Io } from './Io.js';

/** One `etasim` subcommand: parses its own arguments and returns the exit code. */
export interface Command {
  readonly name: string;
  /** One line for `etasim --help`. */
  readonly summary: string;
  /** The full usage text for `etasim NAME --help`. */
  readonly usage: string;
  run(argv: readonly string[], io: Io): Promise<number>;
}
