import { describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
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
  test("none for a few reports, for trace.csv files alone or on two cores; else one per core beyond two, two at most", async () => {
    const { reportWorkerCount } = await import('../../src/9-cli/writeReports.js');
    expect(reportWorkerCount(7, true, 8)).toBe(0);
    expect(reportWorkerCount(40, false, 8)).toBe(0);
    expect(reportWorkerCount(8, true, 1)).toBe(0);
    expect(reportWorkerCount(40, true, 2)).toBe(0);
    expect(reportWorkerCount(40, true, 3)).toBe(1);
    expect(reportWorkerCount(8, true, 4)).toBe(2);
    expect(reportWorkerCount(40, true, 16)).toBe(2);
  });
});

describe('reports drawn with chart shapes another thread compiled', () => {
  test('are the same bytes as with shapes compiled here, and compile none again', async () => {
    const svg = await import('../../src/8-report/renderSvg.js');
    const { renderScenarioReport } = await import('../../src/8-report/scenarioReport.js');
    const { scenarios } = await loadScenarioPaths(['scenarios/reported-bug.yaml', 'scenarios/fault-latency.yaml'].filter((p) => existsSync(join(root, p))), { cwd: root });
    const results = await runSuite(scenarios, { cwd: root, saveTrace: async () => 'trace.jsonl', saveTraceChunks: async () => 'trace.jsonl' });
    const draw = async (): Promise<string[]> => {
      const pages: string[] = [];
      for (const r of results) pages.push(await renderScenarioReport(r));
      return pages;
    };
    svg.keepNewShapes();
    try {
      svg.forgetShapes();
      const own = await draw();
      // As a worker's reply carries them: a structured clone.
      const handed = structuredClone(svg.takeNewShapes());
      expect(handed.length).toBeGreaterThan(1);
      svg.forgetShapes();
      svg.addShapes(handed);
      expect(await draw()).toEqual(own);
      expect(svg.takeNewShapes()).toEqual([]);
    } finally {
      svg.keepNewShapes(false);
    }
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

  test("a report that cannot be written fails finish() with its reason, whichever thread drew it, and nothing lands through the link", async () => {
    const { reportDrawer } = (await import(compiled)) as typeof import('../../src/9-cli/writeReports.js');
    const { scenarios } = await loadScenarioPaths(['scenarios/intended-default.yaml', 'scenarios/rl-global.yaml', 'scenarios/cancel-during-ga.yaml'].filter((p) => existsSync(join(root, p))), { cwd: root });
    const results = await runSuite(scenarios, { cwd: root, saveTrace: async () => 'trace.jsonl', saveTraceChunks: async () => 'trace.jsonl' });
    const [out, elsewhere] = [mkdtempSync(join(tmpdir(), 'etasim-refused-')), mkdtempSync(join(tmpdir(), 'etasim-elsewhere-'))];
    try {
      // The last report's folder is a link planted elsewhere: whoever draws it must refuse.
      symlinkSync(elsewhere, join(out, results[results.length - 1]!.name));
      for (const callerDraws of [true, false]) {
        await expect(reportDrawer({ outDir: out, html: true }, 1, { callerDraws }).finish(results)).rejects.toThrow(/refusing to write through the symbolic link/);
      }
      expect(readdirSync(elsewhere)).toEqual([]);
    } finally {
      for (const d of [out, elsewhere]) rmSync(d, { recursive: true, force: true });
    }
  });
});
