import { readFileSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatJunit } from '../../src/8-report/formatJunit.js';
import { formatMarkdown } from '../../src/8-report/formatMarkdown.js';
import { renderSvg } from '../../src/8-report/renderSvg.js';
import { writeRunReports } from '../../src/9-cli/writeReports.js';
import { runIntended, runPreFix, tmpDir } from './helpers.js';

/** Every file under `dir`, path → bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(join(entry.parentPath, entry.name), readFileSync(join(entry.parentPath, entry.name)));
  }
  return files;
}

describe('reports are reproducible byte for byte', () => {
  test('two runs of the same scenarios give identical report.html (SVG included), trace.csv, index.html, JUnit and Markdown', async () => {
    const out = tmpDir();
    const render = async () => {
      const results = [await runPreFix(out), await runIntended(out)];
      await writeRunReports(results, { outDir: out, html: true });
      return { files: snapshot(out), junit: formatJunit(results), markdown: formatMarkdown(results) };
    };
    const first = await render();
    const second = await render();
    expect([...first.files.keys()].sort()).toEqual([...second.files.keys()].sort());
    for (const [path, bytes] of first.files) expect(second.files.get(path)?.equals(bytes), path).toBe(true);
    expect(second.junit).toBe(first.junit);
    expect(second.markdown).toBe(first.markdown);

    const html = first.files.get(join(out, 'pre-fix', 'report.html'))!.toString();
    expect(html).toContain('<svg');
    // vega's own clip ids count up per process; the report renames them per chart.
    expect(html).not.toMatch(/id="clip\d+"/);
    expect(html).toContain('id="progress-chart-1"');
    expect(html).toContain('id="eta-chart-1"');
    // No wall clock, no host.
    for (const file of first.files.values()) {
      const text = file.toString();
      expect(text).not.toContain(hostname());
      expect(text).not.toContain(new Date().toISOString().slice(0, 10));
    }
  });

  test('the same spec rendered twice in one process gives the same SVG, whatever vega counted before', async () => {
    const spec = {
      width: 200,
      height: 100,
      data: { values: [{ x: 1, y: 2 }, { x: 2, y: 3 }] },
      mark: { type: 'line', clip: true },
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
    } as const;
    const a = await renderSvg(spec, 'c');
    const b = await renderSvg(spec, 'c');
    expect(b).toBe(a);
    expect(a).toContain('clip-path="url(#c-1)"');
    expect(a).toContain('<clipPath id="c-1">');
  });
});
