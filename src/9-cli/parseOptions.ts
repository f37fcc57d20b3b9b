import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../6-formats/InputError.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** What `parseOptions` returns: util.parseArgs's values and positionals for `O` (named, for declaration files). */
export type ParsedOptions<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

/**
 * `util.parseArgs` in strict mode, with its errors turned into one
 * `etasim COMMAND: …` usage line (exit 2) instead of a stack trace.
 */
export function parseOptions<O extends Options>(command: string, argv: readonly string[], options: O): ParsedOptions<O> {
  try {
    return parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)).replace(/\.$/, '');
    throw new InputError(`etasim ${command}: ${message}; see \`etasim ${command} --help\``);
  }
}

/** A negative number: `-5`, `-0.5`, `-1e3`. */
const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * `--seed -5` as `--seed=-5`. util.parseArgs refuses a value that starts
 * with a dash as "ambiguous", which refused the replay command of a
 * scenario whose seed is negative. Only a string option followed by a
 * negative number is joined; every other argument is left as it is.
 */
function joinNegativeValues(argv: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      for (let j = i; j < argv.length; j++) out.push(argv[j]!);
      break;
    }
    const next = argv[i + 1];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : null;
    if (name !== null && options[name]?.type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** A whole-number option of at least `min` (0 by default), or an InputError naming it. */
export function intOption(command: string, name: string, text: string | undefined, fallback: number, min = 0): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    const range = min <= Number.MIN_SAFE_INTEGER ? 'a whole number' : `a whole number ≥ ${min}`;
    throw new InputError(`etasim ${command}: --${name} takes ${range}, got '${text}'`);
  }
  return value;
}
