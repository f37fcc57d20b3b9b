/**
 * Bad input or usage: reported as one line per problem,
 * `FILE:LINE:COL: what is wrong and what is expected`, with exit code 2 and
 * never a stack trace.
 */
export class InputError extends Error {
  readonly lines: readonly string[];

  constructor(lines: string | readonly string[]) {
    const all = typeof lines === 'string' ? [lines] : lines;
    super(all.join('\n'));
    this.name = 'InputError';
    this.lines = all;
  }
}

/** `file:line:col: message` (line and column 1-based). */
export function located(file: string, line: number, col: number, message: string): string {
  return `${file}:${line}:${col}: ${message}`;
}
