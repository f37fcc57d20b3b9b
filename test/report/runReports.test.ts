import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { memoryIo } from '../../src/9-cli/Io.js';
import { main } from '../../src/9-cli/main.js';
import { tmpDir, xmlProblems } from './helpers.js';

async function run(argv: string[]) {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('etasim run writes the reports', () => {
  test('report.html, trace.csv and index.html under --out; --junit and --markdown where asked', async () => {
    const dir = tmpDir();
    const out = join(dir, 'reports');
    const r = await run(['run', 'scenarios/reported-bug.yaml', 'scenarios/intended-default.yaml', '--out', out, '--junit', join(dir, 'ci', 'junit.xml'), '--markdown', join(dir, 'summary.md'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).ok).toBe(true);
    expect(readdirSync(out).sort()).toEqual(['.etasim-manifest.json', 'index.html', 'intended-default', 'reported-bug']);
    expect(readdirSync(join(out, 'reported-bug')).sort()).toEqual(['report.html', 'trace.csv', 'trace.jsonl']);
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toContain('<a href="reported-bug/report.html">reported-bug</a>');
    expect(index).toContain('<a href="intended-default/report.html">intended-default</a>');
    const report = readFileSync(join(out, 'reported-bug', 'report.html'), 'utf8');
    expect(report).toContain('npx etasim run scenarios/reported-bug.yaml --seed 7');
    const junit = readFileSync(join(dir, 'ci', 'junit.xml'), 'utf8');
    expect(xmlProblems(junit)).toEqual([]);
    expect(junit.match(/<testcase /g)).toHaveLength(2);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('### etasim run: 2 passed, 0 failed');
    expect(r.err).toContain('reports: ');
  });

  test('--no-html leaves out report.html and index.html', async () => {
    const out = tmpDir();
    const r = await run(['run', 'scenarios/intended-default.yaml', '--out', out, '--no-html']);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.etasim-manifest.json', 'intended-default']);
    expect(existsSync(join(out, 'intended-default', 'trace.csv'))).toBe(true);
    expect(existsSync(join(out, 'intended-default', 'report.html'))).toBe(false);
  });

  test('--junit without a file is a usage error (exit 2, one line)', async () => {
    const r = await run(['run', 'scenarios/intended-default.yaml', '--junit']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});
