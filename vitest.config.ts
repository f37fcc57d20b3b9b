import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Files that run each in a module graph of its own. noGlobalLeak captures the
 * real globals before the simulator is first imported, so a module that
 * patched one at import time is caught only when no earlier file in the worker
 * loaded it. packInstall is the longest file (a pack, an install and four
 * commands) and vitest starts the isolated files first, so it does not start
 * last and run alone. Every other file shares one module graph per worker.
 */
const ISOLATED = [
  'test/sim/noGlobalLeak.test.ts',
  'test/package/packInstall.test.ts',
];

export default defineConfig({
  // The package's own entry points, as a repository that installs etasim imports them (examples/).
  resolve: {
    alias: [
      { find: /^etasim\/vitest$/, replacement: fileURLToPath(new URL('./src/vitest.ts', import.meta.url)) },
      { find: /^etasim$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Processes, not threads: the CLI tests send signals, spawn the built CLI and start worker threads of their own.
    pool: 'forks',
    // Both cores: vitest's default (cores − 1) runs the files one at a time on a 2-core machine, and many of
    // them spend their time waiting on a subprocess (python, chromium, npm, the CLI).
    maxWorkers: 2,
    // Runs before each test file: removes the folders it made with test/tempDirs.ts.
    setupFiles: ['test/removeTempDirs.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'isolated', include: ISOLATED, isolate: true },
      },
      {
        // One module graph per worker: every other file imports the same sources, and evaluating them afresh
        // for each of ~90 files was about half the suite's CPU (the report and tracker files alone: 13 s of imports). The embedded Redis keyspaces are pooled and
        // emptied after each run (src/3-model/redis/RedisBackend.ts), so a file never sees another's keys;
        // test/tempDirs.ts removes each file's folders from a setup file, which runs for every file.
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
          exclude: ISOLATED,
          isolate: false,
        },
      },
    ],
  },
});
