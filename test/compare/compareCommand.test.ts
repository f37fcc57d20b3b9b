import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { compare, entry, FEW, skipPython, tmpDir } from './helpers.js';

const CONTRACT_FIGURES = ['eta_mae_s', 'eta_error_max_s', 'eta_stuck_max_s', 'eta_rise_max_s'];

describe('etasim compare builtin with itself', () => {
  let out: string;
  let result: Awaited<ReturnType<typeof compare>>;
  beforeAll(async () => {
    out = tmpDir();
    result = await compare([...FEW, '--baseline', 'builtin', '--candidate', 'builtin', '--out', out, '--junit', join(out, 'junit.xml'), '--markdown', join(out, 'pr.md')]);
  });

  test('nothing changes: exit 0, every scenario unchanged, the contract shape', () => {
    const { code, doc, err } = result;
    expect(code).toBe(0);
    expect(doc).toMatchObject({ ok: true, baseline: 'builtin', candidate: 'builtin', tolerance_s: 5 });
    expect(doc.scenarios.map((s: any) => s.name)).toEqual(['intended-default', 'real-fast-run', 'reported-bug']);
    for (const s of doc.scenarios) {
      expect(s.verdict).toBe('unchanged');
      expect(s).toMatchObject({ added: [], removed: [], worse: {} });
      expect(typeof s.file).toBe('string');
      expect(typeof s.seed).toBe('number');
      for (const side of [s.baseline, s.candidate]) {
        expect(typeof side.ok).toBe('boolean');
        expect(Array.isArray(side.violations)).toBe(true);
        for (const f of CONTRACT_FIGURES) expect(side.metrics).toHaveProperty(f);
      }
      expect(s.candidate.metrics).toEqual(s.baseline.metrics);
    }
    expect(entry(doc, 'reported-bug').baseline.violations).toContain('eta-zero-mid-run');
    expect(err).toContain('candidate: 0 scenarios worse, 0 better, 3 unchanged');
    expect(err).toMatch(/· unchanged intended-default +eta_mae_s [\d.]+ → [\d.]+ {2}eta_error_max_s/);
  });

  test('writes an index, a page per scenario and both traces, inside --out', () => {
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    for (const name of ['intended-default', 'real-fast-run', 'reported-bug']) {
      expect(readdirSync(join(out, name)).sort()).toEqual(['baseline.trace.jsonl', 'candidate.trace.jsonl', 'compare.html']);
      // As text, compared with ===: toEqual on two Buffers walks them byte by byte (20 s for these traces).
      expect(readFileSync(join(out, name, 'baseline.trace.jsonl'), 'utf8')).toBe(readFileSync(join(out, name, 'candidate.trace.jsonl'), 'utf8'));
    }
    const page = readFileSync(join(out, 'reported-bug', 'compare.html'), 'utf8');
    expect(page).toContain('<svg');
    expect(page).toContain('id="compare-chart-1"');
    expect(page).toContain('eta_rise_max_s');
    const md = readFileSync(join(out, 'pr.md'), 'utf8');
    expect(md).toMatch(/^### etasim compare: candidate: 0 scenarios worse, 0 better, 3 unchanged/);
    expect(md).toContain('| ➖ | reported-bug | — | — |');
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(junit).toContain('tests="3" failures="0"');
  });

  test('reports are byte-reproducible', async () => {
    const before = new Map(['index.html', 'reported-bug/compare.html', 'intended-default/compare.html', 'pr.md'].map((f) => [f, readFileSync(join(out, f))]));
    await compare([...FEW, '--baseline', 'builtin', '--candidate', 'builtin', '--out', out, '--markdown', join(out, 'pr.md')]);
    for (const [f, bytes] of before) expect(readFileSync(join(out, f)).equals(bytes), f).toBe(true);
  });
});

describe('bad input exits 2 with one line', () => {
  test.each([
    [['scenarios/intended-default.yaml', '--baseline', 'builtin'], /both --baseline SPEC and --candidate SPEC are required/],
    [['scenarios/intended-default.yaml', '--baseline', 'builtin', '--candidate', 'ruby:x.rb'], /--candidate ruby:x.rb: expected builtin/],
    [['scenarios/intended-default.yaml', '--baseline', 'builtin', '--candidate', 'builtin', '--tolerance-s=-1'], /--tolerance-s takes a number ≥ 0/],
    [['scenarios/intended-default.yaml', '--baseline', 'python:no/such/file.py', '--candidate', 'builtin'], /--baseline python:no\/such\/file.py: cannot read the tracker file/],
  ])('%j', async (args, message) => {
    const { code, err } = await compare([...args, '--out', tmpDir()]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });
});

describe.skipIf(skipPython)('builtin against the Python fixtures (test/trackers/cmp_*.py)', () => {
  // Verdicts only: the pages are drawn and checked above, on builtin against itself.
  const vs = (file: string, scenarios: readonly string[] = FEW) =>
    compare([...scenarios, '--baseline', 'builtin', '--candidate', `python:test/trackers/${file}`, '--out', tmpDir(), '--no-html']);

  test('cmp_worse_eta.py: a worse ETA error, exit 1', async () => {
    const { code, doc, err } = await vs('cmp_worse_eta.py');
    expect(code).toBe(1);
    expect(doc.ok).toBe(false);
    for (const name of ['intended-default', 'real-fast-run', 'reported-bug']) {
      const s = entry(doc, name);
      expect(s.verdict).toBe('worse');
      expect(s.worse.eta_mae_s.candidate).toBeGreaterThan(s.worse.eta_mae_s.baseline + 5);
    }
    expect(err).toContain('candidate: 3 scenarios worse, 0 better, 0 unchanged');
  });

  test('cmp_better_eta.py: a lower eta_mae_s is better; on scenarios it improves, exit 0', async () => {
    const { code, doc, err } = await vs('cmp_better_eta.py', ['scenarios/intended-default.yaml', 'scenarios/real-fast-run.yaml']);
    for (const name of ['intended-default', 'real-fast-run']) {
      const s = entry(doc, name);
      expect(s.verdict).toBe('better');
      expect(s.better.eta_mae_s.candidate).toBeLessThan(s.better.eta_mae_s.baseline - 5);
      expect(s).toMatchObject({ added: [], removed: [], worse: {} });
    }
    expect(code).toBe(0);
    expect(doc.ok).toBe(true);
    expect(err).toContain('candidate: 0 scenarios worse, 2 better, 0 unchanged');
  });

  test('cmp_adds_violation.py: eta-zero-mid-run added on intended-default, exit 1', async () => {
    // intended-default alone: its added violation is what makes the exit 1.
    const { code, doc } = await vs('cmp_adds_violation.py', ['scenarios/intended-default.yaml']);
    expect(code).toBe(1);
    const s = entry(doc, 'intended-default');
    expect(s.verdict).toBe('worse');
    expect(s.added).toContain('eta-zero-mid-run');
    expect(s.removed).toEqual([]);
    expect(s.baseline.violations).not.toContain('eta-zero-mid-run');
    expect(s.candidate.violations).toContain('eta-zero-mid-run');
    expect(s.reasons[0]).toMatch(/^adds .*eta-zero-mid-run/);
  });

  test('the other way round, the violation is removed: better, exit 0', async () => {
    const { code, doc } = await compare(['scenarios/intended-default.yaml', '--baseline', 'python:test/trackers/cmp_adds_violation.py', '--candidate', 'builtin', '--out', tmpDir(), '--tolerance-s', '1000', '--no-html']);
    expect(code).toBe(0);
    expect(entry(doc, 'intended-default')).toMatchObject({ verdict: 'better', added: [] });
    expect(entry(doc, 'intended-default').removed).toContain('eta-zero-mid-run');
  });

  test('a scenario whose tracker: overrides the model is skipped, not compared', async () => {
    const files = ['scenarios/finding-eta-rise-between-polls.yaml', 'scenarios/intended-default.yaml'];
    const { code, doc, err } = await compare([...files, '--baseline', 'builtin', '--candidate', 'python:test/trackers/port.py', '--out', tmpDir(), '--no-html']);
    expect(entry(doc, 'finding-eta-rise-between-polls').verdict).toBe('skipped');
    expect(entry(doc, 'finding-eta-rise-between-polls').skipped).toMatch(/^candidate: /);
    // port.py is the built-in model in Python: the same figures.
    expect(entry(doc, 'intended-default').verdict).toBe('unchanged');
    expect(code).toBe(0);
    expect(err).toContain('candidate: 0 scenarios worse, 0 better, 1 unchanged, 1 skipped');
  });
});
