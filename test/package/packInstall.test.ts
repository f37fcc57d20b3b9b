import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

/**
 * The package as another repository gets it: `npm pack`, then `npm install`
 * of the tarball into a fresh folder with a scenario and a vitest test of its
 * own, and both run there. Slow (an install): it always runs in CI
 * (`CI=true`); locally `ETASIM_SKIP_PACK=1` skips it. One install.
 *
 * It packs the dist/ that `npm test` has just built from these sources
 * (`--ignore-scripts`: the prepack build would only build it again; and in a
 * copy of the sources with node_modules linked, TypeScript sees other paths
 * and builds everything anew, some 20 s of CPU).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const skip = process.env['ETASIM_SKIP_PACK'] === '1' && process.env['CI'] !== 'true';
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const VITEST = (JSON.parse(readFileSync(join(ROOT, 'node_modules/vitest/package.json'), 'utf8')) as { version: string }).version;

const SCENARIO = `# yaml-language-server: $schema=../node_modules/etasim/schema/scenario.schema.json
# Their own scenario: the tracker alone, every invariant holds.
name: their-tracker-alone
profile: intended
stages:
  load_data:  { duration_s: 10 }
  cpsat:      { clusters: 20, parallel: 2, cluster_s: 1.0 }
  ga:         { generations: 4, generation_s: 3 }
  rl:         { path: skip }
expect:
  outcome: completed
  violations: []
`;

const TEST = `import { expect, test } from 'vitest';
import { loadScenario, runScenario, SCENARIO_SCHEMA_PATH, type ScenarioResult } from 'etasim';
import { expectScenario } from 'etasim/vitest';
import { existsSync } from 'node:fs';

test('their scenario meets its expectation', () => expectScenario('their-scenarios/alone.yaml').toMeetExpectation());

test('the API returns data', async () => {
  const result: ScenarioResult = await runScenario(await loadScenario('their-scenarios/alone.yaml'));
  expect(result.ok).toBe(true);
  expect(result.replay).toBe('npx etasim run their-scenarios/alone.yaml --seed 1');
  expect(existsSync(SCENARIO_SCHEMA_PATH)).toBe(true);
});
`;

describe.skipIf(skip)('npm pack, then npm install of the tarball elsewhere', () => {
  const work = mkdtempSync(join(tmpdir(), 'etasim-pack-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('the installed bin runs their scenarios from their folder, and their vitest test passes', () => {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    ) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    const files = packed[0]!.files.map((f) => f.path);
    for (const f of ['bin/etasim.js', 'dist/9-cli/main.js', 'dist/index.js', 'dist/index.d.ts', 'dist/vitest.d.ts', 'python/etasim_adapter.py', 'schema/scenario.schema.json']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.endsWith('.map'))).toEqual([]);

    const project = join(work, 'their-repo');
    mkdirSync(join(project, 'their-scenarios'), { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'their-repo', private: true, type: 'module' }, null, 2));
    writeFileSync(join(project, 'their-scenarios', 'alone.yaml'), SCENARIO);
    writeFileSync(join(project, 'eta.test.ts'), TEST);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, packed[0]!.filename), `vitest@${VITEST}`], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const installed = join(project, 'node_modules', 'etasim');
    expect(existsSync(join(installed, 'schema', 'scenario.schema.json'))).toBe(true);

    const env = { ...process.env, GITHUB_STEP_SUMMARY: '' };
    const npx = (args: string[]) => spawnSync('npx', ['--no-install', ...args], { cwd: project, encoding: 'utf8', env });
    // The other commands call the installed bin links directly: what npx would find, without starting npm each time.
    const bin = (name: string, args: string[]) => spawnSync(join(project, 'node_modules', '.bin', name), args, { cwd: project, encoding: 'utf8', env });
    const version = bin('etasim', ['--version']);
    expect(version.stdout).toBe(`${VERSION}\n`);

    const run = npx(['etasim', 'run', 'their-scenarios/', '--json', '--reporter', 'junit=etasim.xml']);
    console.log(`npx etasim run their-scenarios/ (exit ${run.status}):\n${run.stderr}`);
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as { ok: boolean; scenarios: Array<{ file: string; trace: string; replay: string }> };
    expect(json.ok).toBe(true);
    // Paths are relative to their repository (the working directory), not to etasim's.
    expect(json.scenarios[0]).toMatchObject({ file: 'their-scenarios/alone.yaml', trace: 'reports/their-tracker-alone/trace.jsonl' });
    expect(existsSync(join(project, 'reports', 'index.html'))).toBe(true);
    expect(readFileSync(join(project, 'etasim.xml'), 'utf8')).toContain('name="their-tracker-alone"');

    // The Python adapter ships too, and the installed dist/ finds it (python/etasim_adapter.py beside dist/).
    if (spawnSync('python3', ['--version']).status === 0 || process.env['CI'] === 'true') {
      const port = join(ROOT, 'test', 'trackers', 'port.py');
      expect(existsSync(join(installed, 'python', 'etasim_adapter.py'))).toBe(true);
      const py = bin('etasim', ['run', 'their-scenarios/', '--tracker', `python:${port}`, '--no-html', '--out', 'reports-python', '--quiet']);
      expect(py.stderr).toBe('');
      expect(py.status).toBe(0);
    }

    const vitest = bin('vitest', ['run']);
    console.log(`npx vitest run (exit ${vitest.status}):\n${vitest.stdout.slice(-600)}`);
    expect(vitest.status).toBe(0);
    expect(vitest.stdout).toContain('2 passed');
  }, 900_000);
});
