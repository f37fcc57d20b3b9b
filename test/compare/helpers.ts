import { execFileSync } from 'node:child_process';
import { tempDir } from '../tempDirs.js';
import { memoryIo } from '../../src/9-cli/Io.js';
import { main } from '../../src/9-cli/main.js';

/** A few scenarios, to keep the comparisons fast: the default run, a fast public-log run, and the reported bug. */
export const FEW = ['scenarios/intended-default.yaml', 'scenarios/real-fast-run.yaml', 'scenarios/reported-bug.yaml'];

export const PYTHON = process.env['ETASIM_PYTHON'] ?? 'python3';
export const hasPython = (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import sys; assert sys.version_info >= (3, 9)'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
/** Outside CI a machine without python3 skips the Python comparisons; in CI they must run. */
export const skipPython = !hasPython && !process.env['CI'];

/** A fresh folder under the system's temp dir, removed after the test file that made it. */
export function tmpDir(prefix = 'etasim-compare-'): string {
  return tempDir(prefix);
}

/** Runs `etasim compare ARGS --json` in-process; returns the exit code, the parsed document and stderr. */
export async function compare(args: readonly string[]): Promise<{ code: number; doc: any; err: string }> {
  const io = memoryIo();
  const code = await main(['compare', ...args, '--json'], io);
  return { code, doc: io.out ? JSON.parse(io.out) : null, err: io.err };
}

/** One scenario's entry of a compare document. */
export function entry(doc: any, name: string): any {
  return doc.scenarios.find((s: any) => s.name === name);
}
