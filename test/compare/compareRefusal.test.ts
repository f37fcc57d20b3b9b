import { afterAll, expect, test } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryIo } from '../../src/9-cli/Io.js';
import { main } from '../../src/9-cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'etasim-compare-refusal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.each([
  ['a candidate file that does not exist', ['--baseline', 'builtin', '--candidate', 'python:no/such/tracker.py']],
  ['a bad baseline spec', ['--baseline', 'ruby:t.rb', '--candidate', 'builtin']],
  ['a Redis URL nobody answers', ['--baseline', 'builtin', '--candidate', 'builtin', '--redis', 'redis://127.0.0.1:1/15']],
])('a refused compare (%s) is one line, exit 2, and makes no --out folder', async (_what, args) => {
  const out = join(dir, 'out');
  const io = memoryIo();
  const code = await main(['compare', 'scenarios/intended-default.yaml', '--out', out, ...args], io);
  expect(code).toBe(2);
  expect(io.err.trim().split('\n')).toHaveLength(1);
  expect(existsSync(out)).toBe(false);
});
