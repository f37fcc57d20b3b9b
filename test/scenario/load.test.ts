import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { InputError } from '../../src/6-formats/InputError.js';
import { decodeUtf8, invalidUtf8Offset } from '../../src/6-formats/scenario/decodeUtf8.js';
import { loadScenarioFile, loadScenarioPaths } from '../../src/6-formats/scenario/load.js';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'etasim-load-'));
  mkdirSync(join(root, 'suite', 'nested'), { recursive: true });
  writeFileSync(join(root, 'suite', 'b.yaml'), 'name: bravo\n');
  writeFileSync(join(root, 'suite', 'a.yml'), 'name: alpha\n');
  writeFileSync(join(root, 'suite', 'nested', 'c.yaml'), 'name: charlie\nseed: nope\n');
  writeFileSync(join(root, 'suite', 'nested', 'd.yaml'), '# same name as b.yaml\nname: bravo\n');
  writeFileSync(join(root, 'suite', 'notes.txt'), 'not a scenario\n');
  mkdirSync(join(root, 'empty'));
  writeFileSync(join(root, 'binary.yaml'), Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0x00, 0x01, 0xff, 0xfe]));
  writeFileSync(join(root, 'png.yaml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function inputErrorOf(promise: Promise<unknown>): Promise<readonly string[]> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return (error as InputError).lines;
}

describe('loadScenarioFile', () => {
  test('a missing file', async () => {
    expect(await inputErrorOf(loadScenarioFile('no/such/file.yaml', { cwd: root }))).toEqual([
      'no/such/file.yaml:1:1: cannot read file: no such file or folder; expected a readable scenario file',
    ]);
  });

  test('a folder is not a file', async () => {
    expect(await inputErrorOf(loadScenarioFile('empty', { cwd: root }))).toEqual([
      'empty:1:1: cannot read file: it is a folder; expected a readable scenario file',
    ]);
  });

  test('binary content: the first byte that is not UTF-8', async () => {
    expect(await inputErrorOf(loadScenarioFile('binary.yaml', { cwd: root }))).toEqual([
      'binary.yaml:1:9: byte 0xff is not UTF-8, so the file looks binary or in another encoding; expected a UTF-8 text file',
    ]);
    expect(await inputErrorOf(loadScenarioFile('png.yaml', { cwd: root }))).toEqual([
      'png.yaml:1:1: byte 0x89 is not UTF-8, so the file looks binary or in another encoding; expected a UTF-8 text file',
    ]);
  });

  test('a NUL byte in otherwise valid UTF-8', async () => {
    writeFileSync(join(root, 'nul.yaml'), 'name: x\n\u0000\n');
    expect(await inputErrorOf(loadScenarioFile('nul.yaml', { cwd: root }))).toEqual([
      'nul.yaml:2:1: the file contains a NUL byte, so it looks binary; expected a UTF-8 text file',
    ]);
  });

  test('a good file, relative to cwd', async () => {
    const s = await loadScenarioFile('suite/a.yml', { cwd: root });
    expect([s.name, s.file]).toEqual(['alpha', 'suite/a.yml']);
  });
});

describe('loadScenarioPaths', () => {
  test('folders recurse sorted by path; bad files give lines, good ones load; a duplicate name is an error on the second', async () => {
    const { scenarios, errors } = await loadScenarioPaths(['suite'], { cwd: root });
    expect(scenarios.map((s) => [s.name, s.file])).toEqual([
      ['alpha', 'suite/a.yml'],
      ['bravo', 'suite/b.yaml'],
    ]);
    expect(errors).toEqual([
      'suite/nested/c.yaml:2:7: seed is the string "nope"; expected a whole number from -(2^53 − 1) to 2^53 − 1',
      'suite/nested/d.yaml:2:7: name "bravo" is already used by suite/b.yaml; expected names unique in a suite',
    ]);
  });

  test('a path that does not exist, an empty folder, and a file named twice', async () => {
    const { scenarios, errors } = await loadScenarioPaths(['suite/a.yml', 'missing', 'empty', 'suite/a.yml'], { cwd: root });
    expect(scenarios.map((s) => s.name)).toEqual(['alpha']);
    expect(errors).toEqual([
      'missing:1:1: cannot read: no such file or folder; expected a scenario file or a folder of them',
      'empty:1:1: the folder holds no scenario files; expected *.yaml or *.yml files',
    ]);
  });

  test('more files than are read ahead: each scenario comes from its own file, and errors keep the files\' order', async () => {
    // 20 files, more than twice the eight read ahead: failures and a duplicate on both sides of the first window.
    const dir = join(root, 'many');
    mkdirSync(dir);
    const files = Array.from({ length: 20 }, (_, i) => `f${String(i).padStart(2, '0')}.yaml`);
    for (const [i, f] of files.entries()) writeFileSync(join(dir, f), `name: s${i}\nseed: ${i}\n`);
    writeFileSync(join(dir, 'f02.yaml'), 'name: [unclosed\n');
    writeFileSync(join(dir, 'f09.yaml'), Buffer.from([0x6e, 0xff]));
    writeFileSync(join(dir, 'f12.yaml'), '# the name of f01\nname: s1\n');
    writeFileSync(join(dir, 'f17.yaml'), 'name: s17\nseed: nope\n');
    const { scenarios, errors } = await loadScenarioPaths(['many'], { cwd: root });
    const good = files.map((f, i) => [f, i] as const).filter(([, i]) => ![2, 9, 12, 17].includes(i));
    expect(scenarios.map((s) => [s.file, s.name, s.seed])).toEqual(good.map(([f, i]) => [`many/${f}`, `s${i}`, i]));
    expect(errors.map((e) => e.slice(0, e.indexOf(':')))).toEqual(['many/f02.yaml', 'many/f09.yaml', 'many/f12.yaml', 'many/f17.yaml']);
    expect(errors[2]).toBe('many/f12.yaml:2:7: name "s1" is already used by many/f01.yaml; expected names unique in a suite');
  });

  test("the repository's scenarios are valid and uniquely named", async () => {
    const { scenarios, errors } = await loadScenarioPaths(['scenarios']);
    expect(errors).toEqual([]);
    expect(new Set(scenarios.map((s) => s.name)).size).toBe(scenarios.length);
  });
});

describe('UTF-8 validation', () => {
  const bytes = (...b: number[]) => Uint8Array.from(b);
  test.each([
    ['ASCII', bytes(0x61, 0x62), -1],
    ['two-byte é', bytes(0xc3, 0xa9), -1],
    ['four-byte emoji', bytes(0xf0, 0x9f, 0x98, 0x80), -1],
    ['Latin-1 é', bytes(0x61, 0xe9, 0x62), 1],
    ['overlong', bytes(0xc0, 0xaf), 0],
    ['surrogate', bytes(0xed, 0xa0, 0x80), 0],
    ['truncated', bytes(0x61, 0xe2, 0x82), 1],
    ['above U+10FFFF', bytes(0xf4, 0x90, 0x80, 0x80), 0],
  ])('%s', (_, input, offset) => {
    expect(invalidUtf8Offset(input)).toBe(offset);
  });

  test('the column counts characters, not bytes', () => {
    expect(() => decodeUtf8(Buffer.from([...Buffer.from('a: é'), 0xff]), 'f.yaml')).toThrow('f.yaml:1:5: byte 0xff');
  });
});
