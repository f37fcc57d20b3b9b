import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Folders made by the test file running now. A worker may run several files
// in one module graph (vitest.config.ts), so the cleanup is not a hook of this
// module: test/removeTempDirs.ts, a setup file, runs for every test file and
// removes them when that file's tests are done.
const made: string[] = [];

/** A fresh folder under the system's temp dir, removed after the test file that made it. */
export function tempDir(prefix = 'etasim-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes the folders `tempDir` made since the last call. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
