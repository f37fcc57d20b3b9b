import { describe, expect, test } from 'vitest';
import { memoryIo } from '../../src/9-cli/Io.js';
import { main } from '../../src/9-cli/main.js';

/** Counts a user can mistype are bounded: one line and exit 2, not a run that never ends. */
describe('bench bounds', () => {
  test.each([
    [['bench', '--runs', String(2 ** 53)], /--runs takes (at most 100000|a whole number)/],
    [['bench', '--runs', '100001'], /--runs takes at most 100000/],
    [['bench', '--rounds', '1000000'], /--rounds takes at most 1000/],
    [['bench', '--scaling', '--runs', '1000000'], /--runs takes at most 100000/],
    [['bench', '--soak', '9007199254740991'], /--soak takes at most 100000/],
  ])('%j', async (argv, line) => {
    const io = memoryIo();
    expect(await main(argv, io)).toBe(2);
    expect(io.err).toMatch(line);
    expect(io.err.trim().split('\n')).toHaveLength(1);
  });

  test('compare takes a negative seed, as scenarios and their replay commands do', async () => {
    const io = memoryIo();
    // Bad input elsewhere (no --candidate), so nothing runs: the seed alone must not be the complaint.
    expect(await main(['compare', '--baseline', 'builtin', '--seed', '-5'], io)).toBe(2);
    expect(io.err).not.toMatch(/seed/);
  });
});
