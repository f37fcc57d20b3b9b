import { tempDir } from '../tempDirs.js';
import { defaultScenario, type ScenarioOverrides } from '../../src/6-formats/scenario/defaults.js';
import { traceWriter } from '../../src/9-cli/writeReports.js';
import { runOne } from '../../src/7-orchestration/suite/runSuite.js';
import type { ScenarioResult } from '../../src/7-orchestration/suite/ScenarioResult.js';

/** A fresh folder under the system's temp dir, removed after the test file that made it. */
export function tmpDir(prefix = 'etasim-report-'): string {
  return tempDir(prefix);
}

/** Runs the default scenario with `overrides` through the suite runner, writing its trace into `outDir`. */
export function runDefault(outDir: string, overrides: ScenarioOverrides = {}): Promise<ScenarioResult> {
  return runOne(defaultScenario(overrides), { saveTrace: traceWriter(outDir), cwd: outDir });
}

/** The pre-fix profile's run: two legacy writers beside the tracker, the 0 → 8 min jump. */
export function runPreFix(outDir: string): Promise<ScenarioResult> {
  return runDefault(outDir, { name: 'pre-fix', profile: 'pre-fix', description: 'the code before the fix: legacy writers beside the tracker' });
}

/** The intended profile's run: the tracker alone, a smooth ETA. */
export function runIntended(outDir: string): Promise<ScenarioResult> {
  return runDefault(outDir, { name: 'intended', profile: 'intended', description: 'what the seed document claims: the tracker alone' });
}

/**
 * Well-formedness of an XML document without a parser dependency: one
 * declaration, one root, tags that nest and close, quoted attributes that
 * are unique per element, only the five predefined entities or character
 * references, and no stray `<` or `&` in text. Returns the problems found.
 */
export function xmlProblems(doc: string): string[] {
  const problems: string[] = [];
  const body = doc.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  if (body === doc) problems.push('missing XML declaration');
  const stack: string[] = [];
  let roots = 0;
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  for (const m of body.matchAll(token)) {
    const [, close, name, attrs, selfClose, text, stray] = m;
    if (stray !== undefined) {
      problems.push(`stray '<' at ${m.index}`);
      continue;
    }
    if (text !== undefined) {
      if (stack.length === 0 && text.trim() !== '') problems.push(`text outside the root at ${m.index}`);
      for (const e of text.matchAll(/&([^;\s]*);?/g)) {
        if (!/^(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+)$/.test(e[1]!) || !e[0].endsWith(';')) problems.push(`bad entity ${e[0]} at ${m.index}`);
      }
      continue;
    }
    const names = [...(attrs ?? '').matchAll(/([A-Za-z_][\w.:-]*)="([^"]*)"/g)];
    if (new Set(names.map((a) => a[1])).size !== names.length) problems.push(`duplicate attribute in <${name}>`);
    for (const a of names) {
      for (const e of a[2]!.matchAll(/&([^;\s]*);?/g)) {
        if (!/^(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+)$/.test(e[1]!) || !e[0].endsWith(';')) problems.push(`bad entity in attribute ${a[1]}`);
      }
    }
    if (close) {
      if (stack.pop() !== name) problems.push(`</${name}> closes the wrong element at ${m.index}`);
    } else if (!selfClose) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) roots++;
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
