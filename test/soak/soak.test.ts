import { expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// Many runs in one process leave nothing behind: no open handle (timers,
// sockets) and no embedded keyspace beyond the one the runs take turns on.
// Run in a process of its own (the built CLI), where the test runner's own
// timers and pipes cannot blur the count. Memory is measured, not asserted:
// the figures are printed here and by `etasim bench --soak 1000`. 30 runs:
// a handle or keyspace left per run shows after the first, and the connection
// pool a run borrows from is full after it.
const built = existsSync('dist/9-cli/main.js');

test.skipIf(!built && !process.env['CI'])('30 runs leave no open handle and reuse one embedded keyspace', () => {
  const out = execFileSync(process.execPath, ['--expose-gc', 'bin/etasim.js', 'bench', '--soak', '30', '--json'], {
    encoding: 'utf8',
    timeout: 170_000,
  });
  const soak = JSON.parse(out) as {
    runs: number;
    handles_before: Record<string, number>;
    handles_after: Record<string, number>;
    keyspaces: number;
    heap_mb_before: number;
    heap_mb_after: number;
  };
  expect(soak.runs).toBe(30);
  expect(soak.handles_after).toEqual(soak.handles_before);
  expect(soak.keyspaces).toBe(1);
  console.log(`soak: heap ${soak.heap_mb_before} → ${soak.heap_mb_after} MB after 30 runs`);
}, 180_000);
