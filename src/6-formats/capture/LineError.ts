/**
 * Why one line of a capture could not be read. `truncated` marks a line
 * that ends too early (no closing quote, half a header, half a JSON object):
 * on the file's last line that is a capture cut off by a kill, not garbage.
 */
export interface LineError {
  readonly ok: false;
  /** 1-based column (in characters). */
  readonly col: number;
  readonly message: string;
  readonly truncated: boolean;
}

export function lineError(col: number, message: string, truncated = false): LineError {
  return { ok: false, col, message, truncated };
}
