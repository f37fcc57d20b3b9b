import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The layout is the architecture: `src/N-name/` is layer N, and a file may
 * import only from its own layer or below. Inside a layer, its folders
 * (`3-model/tracker`, `3-model/pipeline`, …) must not form a cycle.
 * Files at `src/` itself (`index.ts`, `vitest.ts`) are the package's entry
 * points: above every layer, they may import any of them, and nothing in
 * `src/` imports them.
 */
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

interface Edge {
  readonly from: string;
  readonly to: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function edges(): Edge[] {
  return sourceFiles(SRC).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => ({
      from: relative(SRC, file),
      to: relative(SRC, resolve(dirname(file), (m[1] ?? m[2])!)),
    })),
  );
}

/** An entry file of the package: directly in `src/`, outside the numbered layers. */
export function isEntry(path: string): boolean {
  return !path.includes('/') && !path.includes('\\');
}

/** `3-model/tracker/x.ts` → 3; an entry file sits above every layer. */
export function layerOf(path: string): number {
  if (isEntry(path)) return Number.POSITIVE_INFINITY;
  const match = /^(\d+)-/.exec(path);
  if (!match) throw new Error(`${path} is outside the numbered layers`);
  return Number(match[1]);
}

/**
 * The unit the cycle check looks at: in a layer made of folders only
 * (`3-model/tracker`, `3-model/pipeline`, …) each folder; in a layer with
 * files of its own, the whole layer (its subfolders are its private parts).
 */
function unitOf(path: string): string {
  if (isEntry(path)) return path;
  const parts = path.split('/');
  const layer = parts[0]!;
  const grouped = readdirSync(join(SRC, layer), { withFileTypes: true }).every((e) => e.isDirectory());
  return grouped && parts.length > 2 ? `${layer}/${parts[1]}` : layer;
}

/** Upward imports: a file reaching a layer above its own. */
export function upwardImports(all: readonly Edge[]): string[] {
  return all.filter((e) => layerOf(e.to) > layerOf(e.from)).map((e) => `${e.from} imports ${e.to}`);
}

/** A cycle among the folders of one layer, as a path, or null. */
export function folderCycle(all: readonly Edge[]): string[] | null {
  const graph = new Map<string, Set<string>>();
  for (const e of all) {
    const a = unitOf(e.from);
    const b = unitOf(e.to);
    if (isEntry(e.from) || isEntry(e.to) || a === b || layerOf(a) !== layerOf(b)) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)!.add(b);
  }
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    if (state.get(n) === 'done') return null;
    if (state.get(n) === 'open') return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 'open');
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      const cycle = visit(m);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of graph.keys()) {
    const cycle = visit(n);
    if (cycle) return cycle;
  }
  return null;
}

describe('layers', () => {
  const all = edges();

  test('the import graph was read', () => {
    expect(all.length).toBeGreaterThan(300);
  });

  test('no file imports from a layer above its own', () => {
    expect(upwardImports(all)).toEqual([]);
  });

  test('nothing imports an entry file, and entry files import only the layers', () => {
    expect(all.filter((e) => isEntry(e.to)).map((e) => `${e.from} imports ${e.to}`)).toEqual([]);
    expect(all.filter((e) => isEntry(e.from) && isEntry(e.to))).toEqual([]);
  });

  test("no cycle among a layer's folders", () => {
    expect(folderCycle(all)).toBeNull();
  });

  test('the checks fire on an upward import and on a cycle', () => {
    expect(upwardImports([{ from: '1-kernel/Simulation.ts', to: '4-harness/runScenario.ts' }])).toHaveLength(1);
    expect(upwardImports([{ from: '4-harness/runScenario.ts', to: '1-kernel/Simulation.ts' }])).toHaveLength(0);
    expect(upwardImports([{ from: 'index.ts', to: '9-cli/main.ts' }])).toHaveLength(0);
    expect(upwardImports([{ from: '9-cli/main.ts', to: 'index.ts' }])).toHaveLength(1);
    expect(
      folderCycle([
        { from: '3-model/tracker/a.ts', to: '3-model/pipeline/b.ts' },
        { from: '3-model/pipeline/b.ts', to: '3-model/tracker/a.ts' },
      ]),
    ).toEqual(['3-model/tracker', '3-model/pipeline', '3-model/tracker']);
    expect(folderCycle([{ from: '3-model/pipeline/b.ts', to: '3-model/tracker/a.ts' }])).toBeNull();
  });
});
