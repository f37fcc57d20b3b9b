import { expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/Io.js';
import { COMMANDS } from '../../src/cli/commands/index.js';

test('an internal crash exits 70 with a short message and a hint, never 1 and never a stack', async () => {
  const original = COMMANDS['schema']!;
  COMMANDS['schema'] = async () => ({ ...(await original()), run: async () => { throw new TypeError('boom\n    at somewhere'); } });
  try {
    const io = memoryIo();
    const code = await main(['schema'], io);
    expect(code).toBe(70);
    expect(io.err).toMatch(/^etasim: internal error in 'schema': TypeError: boom/);
    expect(io.err).toMatch(/please report it/);
    expect(io.err.trim().split('\n')).toHaveLength(2);
  } finally {
    COMMANDS['schema'] = original;
  }
});
