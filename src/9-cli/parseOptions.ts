import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../6-formats/InputError.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `util.parseArgs` in strict mode, with its errors turned into one
 * `etasim COMMAND: …` usage line (exit 2) instead of a stack trace.
 */
export function parseOptions<O extends Options>(command: string, argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)).replace(/\.$/, '');
    throw new InputError(`etasim ${command}: ${message}; see \`etasim ${command} --help\``);
  }
}

/** A whole-number option of at least `min` (0 by default), or an InputError naming it. */
export function intOption(command: string, name: string, text: string | undefined, fallback: number, min = 0): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InputError(`etasim ${command}: --${name} takes a whole number ≥ ${min}, got '${text}'`);
  }
  return value;
}
