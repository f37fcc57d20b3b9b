#!/usr/bin/env node
// `npm test`: build dist/ (incremental: after `npm ci` it has nothing left to do), then the typecheck and vitest
// side by side. Several test files run the built CLI, so the build comes first; the typecheck needs ~13 s of CPU
// and vitest leaves a core idle often enough (subprocesses, Chromium, real-time waits) to take it. Exits non-zero
// when either fails; arguments go to vitest (`npm test -- test/cli`). Plain Node, so no POSIX shell is needed.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The file a package's bin entry names (its exports may not list it). */
function binOf(pkg, name) {
  const manifest = require.resolve(`${pkg}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8'));
  return join(dirname(manifest), typeof bin === 'string' ? bin : bin[name]);
}

const tsc = binOf('typescript', 'tsc');
const vitest = binOf('vitest', 'vitest');

const children = new Set();
// A terminal's Ctrl-C reaches the children itself (one process group); a SIGTERM or SIGHUP sent to this process
// alone is passed on, so that no tsc or vitest is left running without it.
for (const signal of ['SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
    process.exitCode = 128 + (signal === 'SIGTERM' ? 15 : 1);
  });
}

/** Runs `node script ...args`; its output goes to ours. Resolves to its exit code. */
function node(script, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: 'inherit' });
    children.add(child);
    child.on('error', (error) => {
      console.error(`npm test: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

const build = await node(tsc, ['-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo']);
if (build !== 0) {
  if (process.exitCode === undefined) console.error('npm test: the build failed');
  process.exit(process.exitCode ?? build);
}
const [typecheck, tests] = await Promise.all([
  node(tsc, ['-p', 'tsconfig.json', '--noEmit', '--incremental', '--tsBuildInfoFile', 'node_modules/.cache/etasim/typecheck.tsbuildinfo']).then((code) => {
    if (code !== 0) console.error('npm test: the typecheck failed');
    return code;
  }),
  node(vitest, ['run', ...process.argv.slice(2)]),
]);
process.exit(process.exitCode ?? (tests !== 0 ? tests : typecheck));
