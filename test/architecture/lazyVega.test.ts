import { expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * vega and vega-lite cost about 0.75 s to import: only renderSvg loads them,
 * with a dynamic import when the first chart is drawn, so `etasim --help`,
 * `check` without reports and the fuzz workers never pay for them.
 */
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

test('vega and vega-lite are imported statically for their types only, and loaded only by renderSvg', () => {
  const valueImports: string[] = [];
  const dynamicImports: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(import|export)(\s+type)?\b[^'";]*?from\s*['"](vega|vega-lite)['"]/g)) {
      if (m[2] === undefined) valueImports.push(`${relative(SRC, file)}: ${m[0].trim()}`);
    }
    for (const m of text.matchAll(/(?<!typeof )import\(\s*['"](vega|vega-lite)['"]\s*\)/g)) dynamicImports.push(`${relative(SRC, file)}: ${m[1]}`);
  }
  expect(valueImports).toEqual([]);
  expect(dynamicImports).toEqual(['8-report/renderSvg.ts: vega', '8-report/renderSvg.ts: vega-lite']);
});
