import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { confinedPath } from '../../src/9-cli/atomicWrite.js';
import { scenarioFile, writeRunReports, writeScenarioReport } from '../../src/9-cli/writeReports.js';
import { runDefault, tmpDir } from './helpers.js';

describe('reports stay inside --out whatever a scenario is called', () => {
  test.each(['../x', '..', '.', '', 'a/b', 'a\\b', '../../etc/passwd', '/etc'])('a scenario named %j is refused', (name) => {
    expect(() => scenarioFile('/tmp/out', name, 'report.html')).toThrow(/refusing/);
  });

  test('confinedPath refuses a path that resolves outside the root', () => {
    expect(() => confinedPath('/tmp/out', '..', 'x')).toThrow(/refusing to write outside/);
    expect(() => confinedPath('/tmp/out', 'a', '..', '..', 'x')).toThrow(/refusing to write outside/);
    expect(confinedPath('/tmp/out', 'ok', 'report.html')).toBe('/tmp/out/ok/report.html');
  });

  test('writing the reports of a result named ../x writes nothing outside the reports folder', async () => {
    const parent = tmpDir();
    const out = join(parent, 'reports');
    const result = await runDefault(out, { name: 'fine' });
    await expect(writeScenarioReport({ ...result, name: '../x' }, { outDir: out, html: true })).rejects.toThrow(/refusing/);
    await expect(writeRunReports([result, { ...result, name: '../x' }], { outDir: out, html: true })).rejects.toThrow(/refusing/);
    expect(readdirSync(parent)).toEqual(['reports']);
    expect(existsSync(join(parent, 'x'))).toBe(false);
  });

  test('files are written whole: no temporary file is left beside a report', async () => {
    const out = tmpDir();
    const result = await runDefault(out, { name: 'whole' });
    const written = await writeRunReports([result], { outDir: out, html: true });
    expect(written.map((p) => p.slice(out.length + 1)).sort()).toEqual(['index.html', 'whole/report.html', 'whole/trace.csv']);
    expect(readdirSync(join(out, 'whole')).sort()).toEqual(['report.html', 'trace.csv', 'trace.jsonl']);
  });

  test('--no-html writes trace.csv only', async () => {
    const out = tmpDir();
    const result = await runDefault(out, { name: 'nohtml' });
    await writeRunReports([result], { outDir: out, html: false });
    expect(readdirSync(out)).toEqual(['nohtml']);
    expect(readdirSync(join(out, 'nohtml')).sort()).toEqual(['trace.csv', 'trace.jsonl']);
  });
});
