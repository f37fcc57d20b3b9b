import { InputError } from '../InputError.js';
import { resolveScenario } from './resolveScenario.js';
import type { Scenario } from './Scenario.js';
import { ScenarioFileSchema } from './ScenarioFileSchema.js';
import { issueLines, positionOf, readYaml } from './_internals/YamlSource.js';
import { flattenZodIssues } from './_internals/zodIssues.js';

/** A parsed scenario and where its name is, so that a suite can point at a duplicate name. */
export interface ParsedScenario {
  readonly scenario: Scenario;
  readonly namePosition: { readonly line: number; readonly col: number };
}

/**
 * Parses, validates and resolves one scenario file's text, keeping where its
 * name is. Throws an InputError with one `FILE:LINE:COL: …` line per problem.
 */
export function parseScenarioSource(text: string, file: string): ParsedScenario {
  const source = readYaml(text, file);
  const parsed = ScenarioFileSchema.safeParse(source.data);
  if (!parsed.success) throw new InputError(issueLines(source, flattenZodIssues(parsed.error.issues)));
  const resolved = resolveScenario(parsed.data, file);
  if (!resolved.ok) throw new InputError(issueLines(source, resolved.issues));
  return { scenario: resolved.scenario, namePosition: positionOf(source, ['name'], 'value') };
}

/**
 * The scenario that `text` (the contents of `file`) describes, with every
 * default applied and times in integer milliseconds. Bad input throws an
 * InputError carrying one `FILE:LINE:COL: what is wrong; expected …` line per
 * problem, never anything else.
 */
export function parseScenarioText(text: string, file: string): Scenario {
  return parseScenarioSource(text, file).scenario;
}
