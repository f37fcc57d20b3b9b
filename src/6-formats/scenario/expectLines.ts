import { positionOf, readYaml } from './_internals/YamlSource.js';

/** Where a scenario file names itself and states its expectation (1-based lines). */
export interface ScenarioExpectLines {
  readonly name: number;
  readonly outcome: number;
  readonly violations: number;
  readonly liveness: number;
}

/**
 * The lines of `name`, `expect.outcome`, `expect.violations` and
 * `expect.liveness` in a scenario file's text, for annotations that point at
 * what a failure is about. A key the file leaves out points at the mapping
 * that lacks it (`expect:`, or the first line). Null when the text is not
 * YAML any more (the file changed since it was loaded).
 */
export function expectLines(text: string, file: string): ScenarioExpectLines | null {
  let source;
  try {
    source = readYaml(text, file);
  } catch {
    return null;
  }
  const line = (path: readonly string[]): number => positionOf(source, path, 'key').line;
  return { name: line(['name']), outcome: line(['expect', 'outcome']), violations: line(['expect', 'violations']), liveness: line(['expect', 'liveness']) };
}
