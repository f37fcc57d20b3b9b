import { execFileSync } from 'node:child_process';

/** The interpreter the Python tracker tests use: $ETASIM_PYTHON, else python3. */
export const PYTHON = process.env['ETASIM_PYTHON'] ?? 'python3';

/** Whether it runs and is Python 3.9 or newer (CI installs it; elsewhere its tests are skipped without it). */
export const hasPython = ((): boolean => {
  try {
    execFileSync(PYTHON, ['-c', 'import sys; assert sys.version_info >= (3, 9)'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
