import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { formatAnnotation } from '../../src/8-report/formatGithubAnnotations.js';
import { memoryIo, type Io } from '../../src/9-cli/Io.js';
import { main } from '../../src/9-cli/main.js';
import { tempDir } from '../tempDirs.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** An Io in the repository with its own environment; what it printed is on `mem`. */
function ioWith(env: Record<string, string>): { io: Io; mem: ReturnType<typeof memoryIo> } {
  const mem = memoryIo(ROOT);
  return { io: { ...mem, stdout: mem.stdout, stderr: mem.stderr, env }, mem };
}

describe('--reporter github', () => {
  test('a failing scenario: one ::error on the line of expect.violations, and the summary appended to $GITHUB_STEP_SUMMARY', async () => {
    const dir = tempDir();
    const summary = join(dir, 'summary.md');
    appendFileSync(summary, 'an earlier step\n');
    const { io, mem } = ioWith({ GITHUB_STEP_SUMMARY: summary });
    const code = await main(
      ['run', 'examples/vitest/scenarios/legacy-writer.yaml', 'examples/vitest/scenarios/tracker-alone.yaml', '--reporter', 'github', '--out', join(dir, 'r'), '--no-html', '--quiet'],
      io,
    );
    expect(code).toBe(1);
    expect(mem.out.split('\n')).toEqual([
      '::error file=examples/vitest/scenarios/legacy-writer.yaml,line=19,title=etasim%3A example-legacy-writer did not meet its expectation::' +
        'found but not expected: eta-jump, eta-zero-mid-run, progress-regression, single-writer' +
        '%0Aeta-zero-mid-run at 35 s (cpsat_direct): cpsat_direct wrote time_remaining_seconds 0 at 60 %25 while the job is running' +
        '%0Aeta-jump at 16 s (cpsat_direct): ETA rose from 671 s (tracker) to 748 s (cpsat_direct): +77 s, more than the 5 s allowed' +
        '%0Aeta-jump at 16 s (tracker): ETA rose from 364 s (cpsat_direct) to 671 s (tracker): +307 s, more than the 5 s allowed' +
        '%0Aeta-jump at 17 s (tracker): ETA rose from 183 s (cpsat_direct) to 668 s (tracker): +485 s, more than the 5 s allowed' +
        '%0Aeta-jump at 18 s (tracker): ETA rose from 122 s (cpsat_direct) to 666 s (tracker): +544 s, more than the 5 s allowed' +
        '%0Areplay: npx etasim run examples/vitest/scenarios/legacy-writer.yaml --seed 7',
      '',
    ]);
    const written = readFileSync(summary, 'utf8');
    expect(written.startsWith('an earlier step\n### etasim run: 1 passed, 1 failed\n')).toBe(true);
    expect(written).toContain('| ❌ | example-legacy-writer | completed |');
  });

  test('bad input: an ::error at the FILE:LINE:COL of each problem', async () => {
    const { io, mem } = ioWith({});
    const code = await main(['run', 'test/corpus/bad-scenarios/bad-name.yaml', '--reporter', 'github', '--out', tempDir(), '--quiet'], io);
    expect(code).toBe(2);
    expect(mem.out).toBe(
      `::error file=test/corpus/bad-scenarios/bad-name.yaml,line=2,col=7,title=etasim%3A bad input::name is "Reported Bug"; expected a name of lowercase letters, digits and '-' (1 to 100 characters)\n`,
    );
  });

  test('check: an ::error per job and invariant, on the capture line of the write that shows it', async () => {
    const { io, mem } = ioWith({});
    const code = await main(['check', 'test/corpus/captures/bad/ga-direct-regression.monitor', '--reporter', 'github', '--quiet'], io);
    expect(code).toBe(1);
    expect(mem.out).toBe(
      '::error file=test/corpus/captures/bad/ga-direct-regression.monitor,line=15,title=etasim check%3A single-writer (job ga-1)::' +
        'single-writer at 210 s (ga_direct): ga_direct wrote progress/ETA 4 times while the tracker owned the key (first: progress 18, ETA 468 s)\n' +
        '::error file=test/corpus/captures/bad/ga-direct-regression.monitor,line=12,title=etasim check%3A progress-regression (job ga-1)::' +
        'progress-regression at 210 s (ga_direct): progress fell from 60 %25 (tracker) to 18 %25 (ga_direct)\n',
    );
  });

  test('escaping: % CR LF in the message; also : and , in properties', () => {
    expect(formatAnnotation({ level: 'error', file: 'a,b:c.yaml', line: 3, title: 't: x, y', message: '50%\nnext\r' })).toBe(
      '::error file=a%2Cb%3Ac.yaml,line=3,title=t%3A x%2C y::50%25%0Anext%0D\n',
    );
  });

  test('two reporters on stdout are refused before any work', async () => {
    const { io, mem } = ioWith({});
    expect(await main(['run', 'scenarios/intended-default.yaml', '--json', '--reporter', 'github'], io)).toBe(2);
    expect(mem.err).toBe('etasim run: json and github would all write stdout; give all but one a FILE (--reporter github=FILE)\n');
  });
});
