import { describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioPaths } from '../../src/6-formats/scenario/load.js';
import { runSuite } from '../../src/7-orchestration/suite/runSuite.js';

/**
 * `run` draws reports on worker threads: the files must be the very bytes
 * the main thread draws. The workers run the compiled entry in dist/ (built
 * by `npm test` and `npm ci`), so the drawer is imported from there too.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const compiled = join(root, 'dist/9-cli/writeReports.js');
const built = existsSync(join(root, 'dist/9-cli/reportWorker.js'));

function files(dir: string, prefix = ''): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) for (const [k, v] of files(join(dir, e.name), `${prefix}${e.name}/`)) out.set(k, v);
    else out.set(prefix + e.name, readFileSync(join(dir, e.name)));
  }
  return out;
}

describe("how many worker threads draw a run's reports", () => {
  test("none for a few reports or for trace.csv files alone; else one per core beside the suite's, two at most", async () => {
    const { reportWorkerCount } = await import('../../src/9-cli/writeReports.js');
    expect(reportWorkerCount(7, true, 8)).toBe(0);
    expect(reportWorkerCount(40, false, 8)).toBe(0);
    expect(reportWorkerCount(8, true, 1)).toBe(1);
    expect(reportWorkerCount(40, true, 2)).toBe(1);
    expect(reportWorkerCount(40, true, 3)).toBe(2);
    expect(reportWorkerCount(40, true, 16)).toBe(2);
  });
});

describe.skipIf(!built && !process.env['CI'])('reports drawn on worker threads', () => {
  test('the same files, byte for byte, in the same order, as drawn on the main thread', async () => {
    const { reportDrawer } = (await import(compiled)) as typeof import('../../src/9-cli/writeReports.js');
    const { scenarios } = await loadScenarioPaths(['scenarios/reported-bug.yaml', 'scenarios/intended-default.yaml', 'scenarios/cancel-during-ga.yaml'].filter((p) => existsSync(join(root, p))), { cwd: root });
    expect(scenarios.length).toBeGreaterThan(1);
    const results = await runSuite(scenarios, { cwd: root, saveTrace: async () => 'trace.jsonl', saveTraceChunks: async () => 'trace.jsonl' });
    const dirs = [mkdtempSync(join(tmpdir(), 'etasim-main-')), mkdtempSync(join(tmpdir(), 'etasim-workers-'))] as const;
    try {
      const onMain = await reportDrawer({ outDir: dirs[0], html: true }, 0).finish(results);
      const onWorkers = await reportDrawer({ outDir: dirs[1], html: true }, 2, { callerDraws: false }).finish(results);
      expect(onWorkers.map((p) => p.slice(dirs[1].length))).toEqual(onMain.map((p) => p.slice(dirs[0].length)));
      const a = files(dirs[0]);
      const b = files(dirs[1]);
      expect([...b.keys()]).toEqual([...a.keys()]);
      for (const [name, bytes] of a) expect(b.get(name)!.equals(bytes), name).toBe(true);
    } finally {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  });
});
