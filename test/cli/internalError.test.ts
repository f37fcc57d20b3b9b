import { expect, test } from 'vitest';
import { main } from '../../src/9-cli/main.js';
import { memoryIo } from '../../src/9-cli/Io.js';
import { COMMANDS as READONLY_COMMANDS } from '../../src/9-cli/commands/index.js';
import type { Command } from '../../src/9-cli/Command.js';

// The table is read-only to the program; the test swaps one entry for a command that crashes.
const COMMANDS = READONLY_COMMANDS as Record<string, () => Promise<Command>>;

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
