import { afterAll, describe, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/9-cli/main.js';
import { memoryIo } from '../../src/9-cli/Io.js';
import { writeFileAtomic } from '../../src/9-cli/atomicWrite.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'etasim-outsafety-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const A = resolve('scenarios/intended-default.yaml');
const B = resolve('scenarios/reported-bug.yaml');

async function run(args: string[]): Promise<{ code: number; err: string }> {
  const io = memoryIo();
  const code = await main(['run', ...args], io);
  return { code, err: io.err };
}

describe('atomic writes', () => {
  test('a link planted at the old predictable temporary name is not written through', async () => {
    const dir = tempDir();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    const target = join(dir, 'report.html');
    symlinkSync(victim, `${target}.${process.pid}.tmp`);
    await writeFileAtomic(target, 'new report');
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readFileSync(target, 'utf8')).toBe('new report');
  });

  test('a symbolic link inside --out is refused before any work, and nothing lands where it points', async () => {
    const dir = tempDir();
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    const out = join(dir, 'out');
    mkdirSync(out);
    symlinkSync(elsewhere, join(out, 'intended-default'));
    const { code, err } = await run([A, '--out', out]);
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/intended-default is a symbolic link/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });
});

describe('--junit and --markdown targets', () => {
  test.each([
    ['--junit', 'an input scenario'],
    ['--markdown', 'an input scenario'],
    ['--junit', 'index.html under --out'],
    ['--markdown', 'a folder'],
    ['--junit', 'report.html of a scenario under --out'],
  ])('%s at %s: exit 2 before any work', async (option, what) => {
    const dir = tempDir();
    const scenario = join(dir, 'intended-default.yaml');
    copyFileSync(A, scenario);
    const out = join(dir, 'out');
    const target = {
      'an input scenario': scenario,
      'index.html under --out': join(out, 'index.html'),
      'a folder': dir,
      'report.html of a scenario under --out': join(out, 'intended-default', 'report.html'),
    }[what]!;
    const { code, err } = await run([scenario, '--out', out, option, target]);
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(scenario, 'utf8')).toBe(readFileSync(A, 'utf8'));
    expect(existsSync(out)).toBe(false);
  });

  test('--markdown at $GITHUB_STEP_SUMMARY appends to what earlier steps wrote', async () => {
    const dir = tempDir();
    const summary = join(dir, 'step-summary.md');
    writeFileSync(summary, '## an earlier step\n');
    const saved = process.env['GITHUB_STEP_SUMMARY'];
    process.env['GITHUB_STEP_SUMMARY'] = summary;
    try {
      const { code } = await run([A, '--out', join(dir, 'out'), '--no-html', '--markdown', summary]);
      expect(code).toBe(0);
    } finally {
      if (saved === undefined) delete process.env['GITHUB_STEP_SUMMARY'];
      else process.env['GITHUB_STEP_SUMMARY'] = saved;
    }
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('## an earlier step\n')).toBe(true);
    expect(text).toContain('intended-default');
  });
});

describe('the --out folder', () => {
  test('a run holding it (live pid) makes a second run exit 2; a dead pid\'s lock is taken over', async () => {
    const out = tempDir();
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      writeFileSync(join(out, '.etasim.lock'), `${sleeper.pid}\n`);
      const held = await run([A, '--out', out, '--no-html']);
      expect(held.code).toBe(2);
      expect(held.err).toMatch(/in use by another etasim run/);
      expect(existsSync(join(out, 'intended-default'))).toBe(false);
    } finally {
      sleeper.kill('SIGKILL');
      await new Promise((r) => sleeper.once('exit', r));
    }
    // The sleeper is dead now: its lock is stale.
    const taken = await run([A, '--out', out, '--no-html']);
    expect(taken.code).toBe(0);
    expect(existsSync(join(out, '.etasim.lock'))).toBe(false);
  });

  test('--filter and --no-html leave exactly this run\'s files; foreign files stay; a killed run\'s .tmp files go', async () => {
    const out = tempDir();
    expect((await run([A, B, '--out', out])).code).toBe(0);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    writeFileSync(join(out, 'intended-default', 'my-notes.txt'), 'mine too');
    writeFileSync(join(out, 'reported-bug', 'trace.csv.0123456789abcdef01234567.tmp'), 'half');
    expect((await run([A, B, '--filter', 'reported-bug', '--out', out, '--no-html'])).code).toBe(0);
    expect(existsSync(join(out, 'index.html'))).toBe(false);
    expect(existsSync(join(out, 'reported-bug', 'report.html'))).toBe(false);
    expect(readdirSync(join(out, 'reported-bug')).sort()).toEqual(['trace.csv', 'trace.jsonl']);
    // Its reports are gone; the folder stays because it holds someone's file.
    expect(readdirSync(join(out, 'intended-default'))).toEqual(['my-notes.txt']);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });
});
