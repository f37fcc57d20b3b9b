import type { Reporter } from './Reporter.js';

/**
 * report.html per scenario and index.html under `--out` (on by default;
 * `--no-html` turns it off). The pages belong to the reports folder, written
 * with the traces under its lock and manifest, so the command writes them
 * when this reporter is chosen rather than through a hook.
 */
export function htmlReporter(): Reporter {
  return { name: 'html', writesOutDir: true, onRunEnd: async () => {}, onCompareEnd: async () => {} };
}
