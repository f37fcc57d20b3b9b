import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

/*
 * The worker-thread path, through the built CLI: a worker thread loads
 * compiled JavaScript from dist/, which vitest (running the TypeScript
 * sources) cannot provide. CI builds dist/ in `npm ci` (the prepare
 * script), so there these tests run; locally they are skipped, with a
 * message, when dist/ is missing or older than src/7-orchestration/fuzz.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const worker = `${root}dist/7-orchestration/fuzz/caseWorker.js`;

function whyNotBuilt(): string | null {
  if (!existsSync(worker)) return 'dist/7-orchestration/fuzz/caseWorker.js is missing: run `npm run build` (CI builds it in `npm ci`)';
  for (const file of readdirSync(`${root}src/7-orchestration/fuzz`, { recursive: true }) as string[]) {
    if (!file.endsWith('.ts')) continue;
    const built = `${root}dist/7-orchestration/fuzz/${file.replace(/\.ts$/, '.js')}`;
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(`${root}src/7-orchestration/fuzz/${file}`).mtimeMs) {
      return `dist/7-orchestration/fuzz/${file.replace(/\.ts$/, '.js')} is older than src/7-orchestration/fuzz/${file}: run \`npm run build\``;
    }
  }
  return null;
}

const skipReason = whyNotBuilt();
if (skipReason) console.warn(`skipping the worker-thread tests of etasim fuzz: ${skipReason}`);

function etasim(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [`${root}bin/etasim.js`, ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe.skipIf(skipReason !== null)('etasim fuzz on worker threads (built CLI)', () => {
  // 12 cases: what these prove is equality with the in-process run, and 12 cases already give each of three
  // workers several (checkTraceProperties runs 100 intended cases in-process). Each worker costs a start-up.
  const found = ['fuzz', '--writers', 'ga_direct', '--seed', '11', '--runs', '12', '--invariants', 'single-writer', '--json'];

  test('results are the same bytes in-process and on 3 workers (single-writer found with ga_direct); a shard on workers and the other in-process add up to the whole', async () => {
    // Each worker thread costs a start-up (it loads dist/): 3 workers share 12 cases unevenly, and one shard on
    // 2 workers is enough to show that a shard's cases on workers are those of the same campaign.
    const [inProcess, three, a, b] = await Promise.all([
      etasim([...found, '--workers', '0']),
      etasim([...found, '--workers', '3']),
      etasim([...found, '--workers', '2', '--shard', '0/2']),
      etasim([...found, '--workers', '0', '--shard', '1/2']),
    ]);
    expect(three.stderr).toMatch(/^etasim fuzz: seed 11, 12 cases, profile intended, 3 worker threads$/m);
    expect(a.stderr).toMatch(/, 2 worker threads$/m);
    expect(inProcess.code).toBe(1);
    expect(three.code).toBe(1);
    expect(three.stdout).toBe(inProcess.stdout);
    const whole = JSON.parse(inProcess.stdout);
    expect(whole.failing_by_invariant['single-writer']).toBeGreaterThan(0);
    // The shards are of the same campaign, so the whole is the run above.
    const [x, y] = [a, b].map((r) => JSON.parse(r.stdout));
    expect(x.cases).toBeGreaterThan(0);
    expect(y.cases).toBeGreaterThan(0);
    expect(x.cases + y.cases).toBe(whole.cases);
    expect(x.failing_cases + y.failing_cases).toBe(whole.failing_cases);
  });

  test('an intended campaign on workers finds nothing and matches the in-process run', async () => {
    const args = ['fuzz', '--seed', '2', '--runs', '12', '--json'];
    const [inProcess, workers] = await Promise.all([etasim([...args, '--workers', '0']), etasim([...args, '--workers', '2'])]);
    expect(workers.code).toBe(0);
    expect(workers.stdout).toBe(inProcess.stdout);
    expect(JSON.parse(workers.stdout)).toMatchObject({ ok: true, cases: 12, failing_cases: 0 });
  });
});
