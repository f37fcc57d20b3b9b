import { afterAll, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// `etasim run … 2>&1 | head -3`: the reader goes away after the first lines. The run
// must still write its reports and exit with its own code, not die on EPIPE.
test.skipIf(!existsSync('dist/9-cli/main.js') && !process.env['CI'])(
  'a reader that closes stdout and stderr early does not kill the run: reports are written, the exit code is the run’s',
  async () => {
    const out = mkdtempSync(join(tmpdir(), 'etasim-epipe-'));
    dirs.push(out);
    const child = spawn(
      process.execPath,
      ['bin/etasim.js', 'run', resolve('scenarios/intended-default.yaml'), resolve('scenarios/reported-bug.yaml'), '--out', out, '--json'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // Close both pipes as soon as anything arrives (and at once for stdout, which only gets the document at the end).
    child.stdout.destroy();
    child.stderr.once('data', () => child.stderr.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(code).toBe(0);
    expect(existsSync(join(out, 'reported-bug', 'trace.jsonl'))).toBe(true);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
  },
  60_000,
);
