import { afterAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/9-cli/main.js';
import { memoryIo } from '../../src/9-cli/Io.js';
import { parseOptions } from '../../src/9-cli/parseOptions.js';
import { parseFuzzOptions } from '../../src/9-cli/fuzzOptions.js';
import { InputError } from '../../src/6-formats/InputError.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('negative numbers as option values', () => {
  test('`--seed -5` is the value -5, not an ambiguous option (util.parseArgs refuses it bare)', () => {
    const { values, positionals } = parseOptions('x', ['--seed', '-5', '--json', 'a.yaml'], { seed: { type: 'string' }, json: { type: 'boolean' } });
    expect(values).toEqual({ seed: '-5', json: true });
    expect(positionals).toEqual(['a.yaml']);
  });

  test('only a string option takes it; after `--` nothing is touched', () => {
    const { positionals } = parseOptions('x', ['--', '--seed', '-5'], { seed: { type: 'string' } });
    expect(positionals).toEqual(['--seed', '-5']);
    expect(() => parseOptions('x', ['--json', '-5'], { json: { type: 'boolean' } })).toThrow(InputError);
  });

  test('run --seed -5: the seed a scenario may hold, and the replay command it prints works', async () => {
    const out = mkdtempSync(join(tmpdir(), 'etasim-negseed-'));
    dirs.push(out);
    const io = memoryIo();
    const code = await main(['run', 'scenarios/intended-default.yaml', '--seed', '-5', '--json', '--out', out], io);
    expect(io.err).not.toMatch(/ambiguous|takes a whole number/);
    expect(JSON.parse(io.out).scenarios[0].seed).toBe(-5);
    expect([0, 1]).toContain(code);
  });

  test('fuzz --seed -5', () => {
    expect(parseFuzzOptions(['--seed', '-5']).spec.seed).toBe(-5);
  });
});

describe('fuzz --workers is bounded by the machine', () => {
  test('at most 4 per core: 8 on 2 cores; 256 is refused with one line', () => {
    expect(parseFuzzOptions(['--workers', '8'], { drawSeed: () => 1, cores: 2 }).workers).toBe(8);
    expect(() => parseFuzzOptions(['--workers', '256'], { drawSeed: () => 1, cores: 2 })).toThrow(/^etasim fuzz: --workers takes a whole number from 0 to 8, got '256'$/);
  });
});
