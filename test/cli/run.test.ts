import { describe, expect, test } from 'vitest';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../tempDirs.js';
import { main } from '../../src/9-cli/main.js';
import { memoryIo } from '../../src/9-cli/Io.js';

const tmp = () => tempDir('etasim-run-');

async function run(argv: string[]) {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('etasim run', () => {
  test('exit 0 and the contract JSON when every scenario meets its expectation', async () => {
    const out = tmp();
    // --no-html here and below where no page is looked at: the pages' bytes are pinned by the two-process test and test/report/.
    const r = await run(['run', 'scenarios/reported-bug.yaml', 'scenarios/intended-default.yaml', '--json', '--out', out, '--no-html']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.ok).toBe(true);
    expect(doc.scenarios.map((s: { name: string }) => s.name)).toEqual(['reported-bug', 'intended-default']);
    const bug = doc.scenarios[0];
    expect(bug).toMatchObject({ file: 'scenarios/reported-bug.yaml', ok: true, seed: 7, outcome: 'completed' });
    expect(bug.expected.violations).toContain('eta-zero-mid-run');
    expect(bug.violations[0]).toHaveProperty('at_s');
    expect(bug.metrics.simulated_s).toBeGreaterThan(400);
    expect(bug.trace).toBe(join(out, 'reported-bug', 'trace.jsonl'));
    expect(existsSync(join(out, 'reported-bug', 'trace.jsonl'))).toBe(true);
    expect(r.err).toContain('2 passed, 0 failed');
  });

  test('exit 1 with what differed and the replay command when an expectation is not met', async () => {
    const dir = tmp();
    const file = join(dir, 'wrong.yaml');
    writeFileSync(file, 'name: wrong\nprofile: pre-fix\nstages:\n  cpsat: { clusters: 20, cluster_s: 1 }\n  ga: { generations: 4, generation_s: 2 }\nexpect:\n  outcome: completed\n  violations: []\n');
    const r = await run(['run', file, '--out', join(dir, 'out'), '--seed', '3', '--no-html']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('✗ wrong');
    expect(r.err).toContain('found but not expected: ');
    expect(r.err).toMatch(/replay: npx etasim run .*wrong\.yaml --seed 3/);
    expect(r.err).toContain('0 passed, 1 failed');
  });

  test('--filter picks scenarios by name; --seed overrides every seed', async () => {
    const r = await run(['run', 'scenarios', '--filter', 'writer-ga', '--seed', '99', '--json', '--out', tmp(), '--no-html']);
    const doc = JSON.parse(r.out);
    expect(doc.scenarios.map((s: { name: string }) => s.name)).toEqual(['writer-ga-direct']);
    expect(doc.scenarios[0].seed).toBe(99);
  });

  test('same seed, same trace bytes', async () => {
    const [a, b] = [tmp(), tmp()];
    // Traces only: report bytes are pinned by the two-process test below and test/report/reproducible.test.ts.
    await run(['run', 'scenarios/real-slow-run.yaml', '--out', a, '--no-html']);
    await run(['run', 'scenarios/real-slow-run.yaml', '--out', b, '--no-html']);
    // As text, compared with ===: toEqual on two Buffers walks them byte by byte.
    expect(readFileSync(join(a, 'real-slow-run', 'trace.jsonl'), 'utf8')).toBe(readFileSync(join(b, 'real-slow-run', 'trace.jsonl'), 'utf8'));
  });

  test('exit 2 with one line for a missing path or a bad option, never a stack trace', async () => {
    const missing = await run(['run', 'no/such/file.yaml', '--out', tmp()]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^no\/such\/file\.yaml:1:1: |no\/such\/file\.yaml/m);
    expect(missing.err).not.toMatch(/\n\s+at /);
    const bad = await run(['run', '--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    const seed = await run(['run', '--seed', 'x']);
    expect(seed.code).toBe(2);
  });

  test('unknown command → exit 2', async () => {
    expect((await run(['frobnicate'])).code).toBe(2);
  });
});

describe('etasim run on a folder mixing good and bad files', () => {
  test('the good files still run and are reported; the bad ones get one line each; exit 2', async () => {
    const dir = tmp();
    const suite = join(dir, 'suite');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(suite);
    writeFileSync(join(suite, 'a-good.yaml'), 'name: a-good\nstages:\n  ga: { generations: 3, generation_s: 1 }\n');
    writeFileSync(join(suite, 'b-typo.yaml'), 'name: b-typo\nstagse: {}\n');
    writeFileSync(join(suite, 'c-empty.yaml'), '');
    const out = join(dir, 'out');
    const r = await run(['run', suite, '--out', out, '--json', '--no-html']);
    expect(r.code).toBe(2);
    const lines = r.err.split('\n');
    expect(lines.filter((l) => /b-typo\.yaml:2:1: /.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /c-empty\.yaml:1:1: /.test(l))).toHaveLength(1);
    expect(r.err).toContain('✓ a-good');
    expect(JSON.parse(r.out).scenarios.map((s: { name: string }) => s.name)).toEqual(['a-good']);
    expect(existsSync(join(out, 'a-good', 'trace.jsonl'))).toBe(true);
    expect(existsSync(join(out, 'b-typo'))).toBe(false);
  });
});

describe('same seed, same bytes across processes', () => {
  test.skipIf(!existsSync('dist/9-cli/main.js') && !process.env['CI'])('two CLI processes write identical traces and reports', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const [a, b] = [tmp(), tmp()];
    // At the same time: two processes either way, and nothing they write is shared.
    await Promise.all([a, b].map((out) => promisify(execFile)(process.execPath, ['bin/etasim.js', 'run', 'scenarios/reported-bug.yaml', 'scenarios/fault-latency.yaml', '--out', out])));
    for (const file of ['reported-bug/trace.jsonl', 'reported-bug/report.html', 'fault-latency/trace.jsonl', 'index.html']) {
      expect(readFileSync(join(a, file)).equals(readFileSync(join(b, file))), file).toBe(true);
    }
  });
});

describe('etasim run refuses bad input before any work, in one line', () => {
  test('--json says ok: false and lists the errors when a file is bad', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'typo.yaml'), 'name: typo\nstagse: {}\n');
    const r = await run(['run', join(dir, 'typo.yaml'), '--json', '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.out);
    expect(doc.ok).toBe(false);
    expect(doc.errors).toHaveLength(1);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  test('an --out that is a file', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'afile'), 'x');
    const r = await run(['run', 'scenarios/rl-global.yaml', '--out', join(dir, 'afile')]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual([`etasim run: --out ${join(dir, 'afile')} cannot be used as a folder: a file is in the way`]);
  });

  test('a --redis server that cannot be reached', async () => {
    const r = await run(['run', 'scenarios/rl-global.yaml', '--out', tmp(), '--redis', 'redis://127.0.0.1:1/13']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual(['etasim run: --redis redis://127.0.0.1:1/13: cannot use it: ECONNREFUSED 127.0.0.1:1']);
  });
});
