import { mkdir } from 'node:fs/promises';
import { InputError } from '../6-formats/InputError.js';

/**
 * Creates `dir` (and its parents) before any work starts, so that a bad
 * `--out` or `--save` is one line and exit 2 up front, not a stack trace
 * after a long run.
 */
export async function ensureWritableDir(command: string, option: string, dir: string, shown: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : code === 'EACCES' ? 'permission denied' : (code ?? String(error));
    throw new InputError(`etasim ${command}: ${option} ${shown} cannot be used as a folder: ${why}`);
  }
}
