import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkCommand } from '../../src/9-cli/commands/check.js';
import { memoryIo } from '../../src/9-cli/Io.js';
import { violatedIds } from '../../src/5-invariants/checkTrace.js';

const CORPUS = join(import.meta.dirname, '..', 'corpus', 'captures');

/** Known-good and known-bad captures, the violations each must produce and who wrote what. */
const CASES: ReadonlyArray<{ file: string; violations: string[]; writers: Record<string, number>; about: string }> = [
  {
    file: 'good/tracker-only.monitor',
    about: 'a clean run: only the tracker writes progress while the job runs',
    violations: [],
    writers: { api: 2, tracker: 22, saga: 1 },
  },
  {
    file: 'bad/pre-fix-eta-zero.monitor',
    about: "the reported bug: cpsat_direct's last cluster writes ETA 0, the tracker then shows 480 s at the GA transition",
    violations: ['eta-jump', 'eta-zero-mid-run', 'single-writer'],
    writers: { api: 2, tracker: 16, cpsat_direct: 2 },
  },
  {
    file: 'bad/ga-direct-regression.monitor',
    about: "as shipped: GA's own writer (a connection per generation) drags progress from 60 to 18",
    violations: ['progress-regression', 'single-writer'],
    writers: { api: 2, tracker: 14, ga_direct: 4 },
  },
  {
    file: 'bad/silent-fail.monitor',
    about: "a stage error as shipped: the tracker's fail() is stored, never published",
    violations: ['silent-end'],
    writers: { api: 2, tracker: 7 },
  },
  {
    file: 'bad/write-after-terminal.monitor',
    about: 'cancelled, then the tracker loop writes a running message once more',
    violations: ['write-after-terminal'],
    writers: { api: 4, tracker: 8 },
  },
];

describe.each(CASES)('$file: $about', ({ file, violations, writers }) => {
  test(`finds ${violations.join(', ') || 'nothing'}`, async () => {
    const io = memoryIo();
    const code = await checkCommand.run([join(CORPUS, file), '--json'], io);
    const doc = JSON.parse(io.out);
    expect(code).toBe(violations.length ? 1 : 0);
    expect(doc.ok).toBe(violations.length === 0);
    expect(violatedIds(doc.violations)).toEqual(violations);
    expect(doc.writers).toEqual(writers);
    expect(doc.messages).toBe(Object.values(writers).reduce((a, b) => a + b, 0));
    expect(io.err).toContain(violations.length ? '✗' : '✓');
  });
});

test('bad/pre-fix-eta-zero.monitor: the violations name the writer, the time and the capture lines', async () => {
  const io = memoryIo();
  await checkCommand.run([join(CORPUS, 'bad/pre-fix-eta-zero.monitor'), '--json'], io);
  const doc = JSON.parse(io.out);
  const jump = doc.violations.find((v: { invariant: string }) => v.invariant === 'eta-jump');
  expect(jump).toMatchObject({ job_id: 'bug-1', db: 0, at_s: 200.5, writer: 'tracker' });
  expect(jump.message).toContain('at the CP-SAT → GA transition');
  expect(jump.witnesses.map((w: { writer: string; line: number }) => [w.writer, w.line])).toEqual([
    ['cpsat_direct', 14],
    ['tracker', 16],
  ]);
  const zero = doc.violations.find((v: { invariant: string }) => v.invariant === 'eta-zero-mid-run');
  expect(zero).toMatchObject({ at_s: 200, writer: 'cpsat_direct' });
});
