import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/6-formats/InputError.js';
import { loadScenarioFile, loadScenarioPaths } from '../../src/6-formats/scenario/load.js';

/**
 * The corpus of malformed files a user could plausibly write: each NAME.yaml
 * sits beside NAME.expected, the one exact `FILE:LINE:COL: …` line it must
 * produce (with the path relative to the repository, as passed here).
 */
const DIR = 'test/corpus/bad-scenarios';
const names = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length))
  .sort();

describe('bad scenario corpus', () => {
  test('every file has its expected line', () => {
    expect(names.length).toBeGreaterThan(30);
    for (const name of names) expect(readdirSync(DIR)).toContain(`${name}.expected`);
  });

  test.each(names)('%s', async (name) => {
    const expected = readFileSync(`${DIR}/${name}.expected`, 'utf8').trimEnd();
    expect(expected.split('\n')).toHaveLength(1);
    const error = await loadScenarioFile(`${DIR}/${name}.yaml`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).lines).toEqual([expected]);
  });

  test('the folder loads as a suite of errors, one per file, and no scenario', async () => {
    const { scenarios, errors } = await loadScenarioPaths([DIR]);
    expect(scenarios).toEqual([]);
    expect(errors).toEqual(names.map((name) => readFileSync(`${DIR}/${name}.expected`, 'utf8').trimEnd()));
  });
});
