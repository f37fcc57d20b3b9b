import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The package's own entry points, as a repository that installs etasim imports them (examples/).
  resolve: {
    alias: [
      { find: /^etasim\/vitest$/, replacement: fileURLToPath(new URL('./src/vitest.ts', import.meta.url)) },
      { find: /^etasim$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: forks keep ioredis-mock's module-level keyspaces apart per file.
    pool: 'forks',
    // Both cores: vitest's default (cores − 1) runs the files one at a time on a 2-core machine, and many of
    // them spend their time waiting on a subprocess (python, chromium, npm, the CLI).
    maxWorkers: 2,
  },
});
