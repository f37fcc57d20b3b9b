import { expect, test } from 'vitest';
import { readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/9-cli/main.js';
import { memoryIo } from '../../src/9-cli/Io.js';
import { COMMANDS as READONLY_COMMANDS } from '../../src/9-cli/commands/index.js';
import type { Command } from '../../src/9-cli/Command.js';
import { tempDir } from '../tempDirs.js';

const COMMANDS = READONLY_COMMANDS as Record<string, () => Promise<Command>>;

function errno(code: string, syscall: string, path: string): Error {
  return Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path, errno: -1 });
}

// Root can write through a read-only mode and a test cannot fill a disk, so the refusals are
// thrown by a stand-in command; what is pinned is how main reports them.
test.each([
  ['ENOSPC', 'write', 'no space left on the device'],
  ['EROFS', 'open', 'the file system is read-only'],
  ['EACCES', 'mkdir', 'permission denied'],
  ['ENAMETOOLONG', 'mkdir', 'a name in the path is too long'],
])('a full, read-only or unwritable --out (%s) is one line and exit 2, not an internal error', async (code, syscall, reason) => {
  const original = COMMANDS['schema']!;
  COMMANDS['schema'] = async () => ({ ...(await original()), run: async () => { throw errno(code, syscall, '/reports/x/report.html'); } });
  try {
    const io = memoryIo();
    expect(await main(['schema'], io)).toBe(2);
    expect(io.err).toMatch(new RegExp(`^etasim schema: cannot [a-z ]+ /reports/x/report\\.html: ${reason} \\(${code}\\)\\n$`));
  } finally {
    COMMANDS['schema'] = original;
  }
});

test('check --out on a job whose id is longer than a file name may be: a shortened folder, not ENAMETOOLONG', async () => {
  const dir = tempDir('etasim-longid-');
  const id = 'j'.repeat(300);
  const line = (t: number, op: string, key: string, value: object) => JSON.stringify({ t, writer: 'tracker', op, key, value: JSON.stringify(value) });
  writeFileSync(
    join(dir, 'capture.jsonl'),
    [
      line(1_733_066_000, 'setex', `progress:job:${id}`, { progress: 1, status: 'running', time_remaining_seconds: 5 }),
      line(1_733_066_001, 'publish', `progress:${id}`, { progress: 100, status: 'completed', time_remaining_seconds: 0 }),
    ].join('\n') + '\n',
  );
  const io = memoryIo();
  const code = await main(['check', join(dir, 'capture.jsonl'), '--out', join(dir, 'out')], io);
  expect(io.err).not.toMatch(/internal error|ENAMETOOLONG/);
  expect(code).toBe(0);
  const folders = readdirSync(join(dir, 'out')).filter((f) => f.startsWith('j'));
  expect(folders).toHaveLength(1);
  expect(folders[0]!.length).toBeLessThanOrEqual(120);
  expect(existsSync(join(dir, 'out', folders[0]!, 'report.html'))).toBe(true);
});
