import { parseOptions, type ParsedOptions } from './parseOptions.js';

/** One command-line option: how util.parseArgs reads it and what `--help` says about it. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** Repeatable (`--reporter a --reporter b`): the values arrive as a list. */
  readonly multiple?: boolean;
  /** The value's placeholder in help (`FILE`, `N`); none for a boolean. */
  readonly arg?: string;
  /** What the option does; `\n` starts a continuation line. */
  readonly help: string;
}

/**
 * A command's options, in the order its help lists them. The one table
 * drives both parsing and `--help`, so the two cannot disagree.
 */
export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** Column where an option's description starts in help. */
const HELP_COLUMN = 20;

/**
 * Parses `argv` with the table's options (strict util.parseArgs; a usage
 * error is one `etasim COMMAND: …` line, exit 2). util.parseArgs ignores
 * the table's `arg` and `help` fields.
 */
export function parseTable<T extends OptionTable>(command: string, argv: readonly string[], table: T): ParsedOptions<T> {
  return parseOptions(command, argv, table);
}

/** The `options:` lines of help: `  --name ARG   description`, continuation lines aligned. */
export function optionsHelp(table: OptionTable): string {
  const lines: string[] = [];
  for (const [name, spec] of Object.entries(table)) {
    const head = `  --${name}${spec.arg ? ` ${spec.arg}` : ''}`;
    const [first = '', ...rest] = spec.help.split('\n');
    lines.push(head.length < HELP_COLUMN ? head.padEnd(HELP_COLUMN) + first : `${head}  ${first}`);
    for (const more of rest) lines.push(' '.repeat(HELP_COLUMN) + more);
  }
  return lines.join('\n');
}
