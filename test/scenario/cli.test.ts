import { describe, expect, test } from 'vitest';
import { memoryIo } from '../../src/9-cli/Io.js';
import { main } from '../../src/9-cli/main.js';

describe('etasim validate', () => {
  test('valid files: an ok line each on stderr, exit 0', async () => {
    const io = memoryIo();
    expect(await main(['validate', 'scenarios/reported-bug.yaml', 'scenarios/intended-default.yaml'], io)).toBe(0);
    expect(io.err).toBe('ok  scenarios/reported-bug.yaml  (reported-bug)\nok  scenarios/intended-default.yaml  (intended-default)\n');
    expect(io.out).toBe('');
  });

  test('a bad file: its lines on stderr, exit 2', async () => {
    const io = memoryIo();
    expect(await main(['validate', 'test/corpus/bad-scenarios/mistyped-key.yaml'], io)).toBe(2);
    expect(io.err).toBe(
      'test/corpus/bad-scenarios/mistyped-key.yaml:4:12: stages.cpsat.clsuters is not a known key; expected one of clusters, parallel, cluster_s (did you mean "clusters"?)\n',
    );
  });

  test('--json: one document on stdout', async () => {
    const io = memoryIo();
    expect(await main(['validate', '--json', 'scenarios/reported-bug.yaml', 'test/corpus/bad-scenarios/empty.yaml'], io)).toBe(2);
    expect(JSON.parse(io.out)).toEqual({
      ok: false,
      files: [{ file: 'scenarios/reported-bug.yaml', name: 'reported-bug' }],
      errors: ['test/corpus/bad-scenarios/empty.yaml:1:1: the file is empty; expected a scenario: a mapping with at least a name'],
    });
  });

  test('paths are relative to the working directory of the Io', async () => {
    const io = memoryIo(`${process.cwd()}/scenarios`);
    expect(await main(['validate', 'reported-bug.yaml'], io)).toBe(0);
    expect(io.err).toBe('ok  reported-bug.yaml  (reported-bug)\n');
  });

  test('usage errors exit 2 with one line', async () => {
    const io = memoryIo();
    expect(await main(['validate'], io)).toBe(2);
    expect(io.err).toBe('etasim validate: expected at least one PATH (a scenario file or a folder); see `etasim validate --help`\n');
    const io2 = memoryIo();
    expect(await main(['validate', '--nope', 'x'], io2)).toBe(2);
    expect(io2.err.split('\n')).toHaveLength(2);
  });
});

describe('etasim schema', () => {
  test('prints the JSON Schema, pretty, exit 0', async () => {
    const io = memoryIo();
    expect(await main(['schema'], io)).toBe(0);
    const schema = JSON.parse(io.out) as Record<string, unknown>;
    expect(schema['title']).toBe('etasim scenario');
    expect(io.out).toBe(JSON.stringify(schema, null, 2) + '\n');
    expect(io.err).toBe('');
  });

  test('takes no path', async () => {
    const io = memoryIo();
    expect(await main(['schema', 'x'], io)).toBe(2);
  });
});
