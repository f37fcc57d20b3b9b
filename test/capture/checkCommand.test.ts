import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkCommand } from '../../src/9-cli/commands/check.js';
import { memoryIo } from '../../src/9-cli/Io.js';
import { main } from '../../src/9-cli/main.js';

const CORPUS = join(import.meta.dirname, '..', 'corpus', 'captures');
const MULTI = join(CORPUS, 'multi-job.monitor');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etasim-check-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function check(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo(dir);
  const code = await main(['check', ...argv], io);
  return { code, out: io.out, err: io.err };
}

describe('several jobs', () => {
  test('--json keeps the contract fields aggregated and adds jobs and attribution', async () => {
    const { code, out } = await check([MULTI, '--json']);
    expect(code).toBe(1);
    const doc = JSON.parse(out);
    expect(Object.keys(doc).slice(0, 4)).toEqual(['ok', 'messages', 'writers', 'violations']);
    expect(doc.ok).toBe(false);
    expect(doc.messages).toBe(17);
    expect(doc.writers).toEqual({ api: 4, tracker: 12, cpsat_direct: 1 });
    expect(doc.jobs.map((j: { job_id: string; db: number; ok: boolean; messages: number }) => [j.job_id, j.db, j.ok, j.messages])).toEqual([
      ['job-a', 0, true, 8],
      ['job-b', 1, false, 9],
    ]);
    expect(doc.jobs[1].metrics).toHaveProperty('eta_stuck_max_s');
    expect(doc.violations.every((v: { job_id: string }) => v.job_id === 'job-b')).toBe(true);
    expect(doc.attribution.map((a: { writer: string }) => a.writer)).toEqual(['api', 'tracker', 'cpsat_direct']);
    expect(doc.attribution[2]).toMatchObject({ by: "shape: technical stage 'cpsat' with items_done/items_total", addresses: ['127.0.0.1:53601'] });
  });

  test('human output: one line per job, its violations, how writers were identified', async () => {
    const { err, out } = await check([MULTI]);
    expect(out).toBe('');
    const lines = err.split('\n');
    expect(lines[0]).toMatch(/^✓ job-a \(db 0\) +8 messages  no violations$/);
    expect(lines[1]).toMatch(/^✗ job-b \(db 1\) +9 messages  eta-zero-mid-run, single-writer$/);
    expect(lines[2]).toMatch(/^    eta-zero-mid-run at 60 s \(cpsat_direct\): /);
    expect(err).toContain('writers, and how each was identified:');
    expect(err).toMatch(/cpsat_direct +1 write +shape: technical stage 'cpsat'/);
    expect(err).toMatch(/2 jobs checked: 1 ok, 1 with violations\n$/);
  });

  test('--job picks one', async () => {
    expect((await check([MULTI, '--job', 'job-a'])).code).toBe(0);
    const b = await check([MULTI, '--job', 'job-b', '--json']);
    expect(b.code).toBe(1);
    expect(JSON.parse(b.out).jobs).toHaveLength(1);
  });

  test('--job naming no job is bad input', async () => {
    const { code, err } = await check([MULTI, '--job', 'nope']);
    expect(code).toBe(2);
    expect(err).toBe(`${MULTI}:1:1: no progress write of job 'nope'; jobs whose keys appear: job-a, job-b\n`);
  });

  test('the same job id in two dbs is two jobs, with a warning', async () => {
    const text = (await readFile(join(CORPUS, 'good/tracker-only.monitor'), 'utf8')).split('\n');
    const twice = [...text, ...text.map((l) => l.replace(/^(\S+ \[)0 /, '$12 '))].join('\n');
    await writeFile(join(dir, 'twice.monitor'), twice);
    const { code, out, err } = await check(['twice.monitor', '--json', '--out', 'traces']);
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.jobs.map((j: { job_id: string; db: number }) => `${j.job_id}@${j.db}`)).toEqual(['clean-1@0', 'clean-1@2']);
    expect(doc.warnings).toEqual(['twice.monitor: job clean-1 appears in dbs 0, 2: each db is checked as its own job']);
    expect(err).toContain('wrote 2 traces and reports under traces');
    const trace = await readFile(join(dir, 'traces', 'clean-1@db2', 'trace.jsonl'), 'utf8');
    expect(trace.split('\n')[0]).toBe(
      '{"t":1733066000,"writer":"api","op":"setex","key":"start_time:job:clean-1","value":"2024-12-01T15:13:20+00:00","conn":"127.0.0.1:53422","ttl_s":3600}',
    );
  });
});

describe('--out writes attributed traces that check the same', () => {
  test('bad/pre-fix-eta-zero.monitor → traces/bug-1/trace.jsonl → same violations', async () => {
    const first = await check([join(CORPUS, 'bad/pre-fix-eta-zero.monitor'), '--json', '--out', 'out']);
    const again = await check([join(dir, 'out', 'bug-1', 'trace.jsonl'), '--json']);
    expect(again.code).toBe(first.code);
    const a = JSON.parse(first.out);
    const b = JSON.parse(again.out);
    expect(b.writers).toEqual(a.writers);
    expect(b.violations.map((v: { invariant: string; at_s: number; writer: string }) => [v.invariant, v.at_s, v.writer])).toEqual(
      a.violations.map((v: { invariant: string; at_s: number; writer: string }) => [v.invariant, v.at_s, v.writer]),
    );
  });
});

describe('options', () => {
  test('--tracker with a jsonl trace is a warning, not an error', async () => {
    await writeFile(join(dir, 'one.jsonl'), '{"t":1,"writer":"tracker","op":"setex","key":"progress:job:j","value":"{\\"progress\\":1,\\"status\\":\\"running\\",\\"time_remaining_seconds\\":5}"}\n');
    const { code, out } = await check(['one.jsonl', '--tracker', '127.0.0.1:1', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out).warnings).toEqual(['--tracker is for MONITOR captures: a jsonl trace names its writers']);
  });

  test('--format monitor on a jsonl file is bad input at line 1', async () => {
    const { code, err } = await check(['one.jsonl', '--format', 'monitor']);
    expect(code).toBe(2);
    expect(err).toMatch(/^one\.jsonl:1:1: expected a MONITOR line/);
  });

  test('--poll-s changes the poller view', async () => {
    const file = join(CORPUS, 'bad/ga-direct-regression.monitor');
    const two = JSON.parse((await check([file, '--json'])).out);
    const slow = JSON.parse((await check([file, '--json', '--poll-s', '30'])).out);
    expect(two.jobs[0].metrics.eta_stuck_max_s).toBe(178);
    expect(slow.jobs[0].metrics.eta_stuck_max_s).toBe(150);
  });

  test.each([
    [['--format', 'xml', 'f'], 'etasim check: --format takes monitor, jsonl or auto, got \'xml\''],
    [['--poll-s', '0', 'f'], "etasim check: --poll-s takes seconds, from 0.001 (1 ms) to 3600, got '0'"],
    // 0.4 ms rounded to 0 ms and switched the poller's view off silently.
    [['--poll-s', '0.0004', 'f'], "etasim check: --poll-s takes seconds, from 0.001 (1 ms) to 3600, got '0.0004'"],
    [[], 'etasim check: expected one capture FILE, got 0; see `etasim check --help`'],
    [['a', 'b'], 'etasim check: expected one capture FILE, got 2; see `etasim check --help`'],
    [['--frobnicate', 'f'], /^etasim check: Unknown option '--frobnicate'/],
  ])('%j is bad usage', async (argv, message) => {
    const { code, err } = await check(argv as string[]);
    expect(code).toBe(2);
    if (typeof message === 'string') expect(err).toBe(message + '\n');
    else expect(err).toMatch(message);
  });
});

describe('bad input exits 2 with FILE:LINE:COL and no stack trace', () => {
  test.each([
    ['invalid/garbage-middle.monitor', ':5:1: expected a MONITOR line'],
    ['invalid/unterminated-middle.monitor', ':4:77: unterminated quoted argument'],
    ['invalid/bad-line.jsonl', ':4:36: "op" must be one of'],
  ])('%s', async (name, expected) => {
    const { code, out, err } = await check([join(CORPUS, name), '--json']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(join(CORPUS, name) + expected);
    expect(err).not.toMatch(/\n\s+at /);
  });

  test('a binary file', async () => {
    await writeFile(join(dir, 'binary.monitor'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x0a, 0xff, 0xfe, 0x00, 0x0a]));
    const { code, err } = await check(['binary.monitor']);
    expect(code).toBe(2);
    expect(err).toMatch(/^binary\.monitor:1:1: cannot tell the format/);
  });

  test('a capture with no job', async () => {
    await writeFile(join(dir, 'nojob.monitor'), 'OK\n1733066000.000000 [0 127.0.0.1:1] "SET" "session:x" "y"\n');
    const { code, err } = await check(['nojob.monitor']);
    expect(code).toBe(2);
    expect(err).toBe('nojob.monitor:1:1: no job found: no SETEX/SET of progress:job:J and no PUBLISH on progress:J\n');
  });

  test('the command object throws InputError (main turns it into lines)', async () => {
    await expect(checkCommand.run(['missing.monitor'], memoryIo(dir))).rejects.toThrow('missing.monitor:1:1: cannot read: no such file');
  });
});

describe('--json is written in pieces', () => {
  test('the pieces are exactly JSON.stringify(doc, null, 2)', async () => {
    const { readCapture } = await import('../../src/6-formats/capture/readCapture.js');
    const { checkCapture } = await import('../../src/6-formats/capture/checkCapture.js');
    const { checkJson, writeCheckJson } = await import('../../src/6-formats/capture/formatCheck.js');
    for (const file of [MULTI, join(CORPUS, 'bad/pre-fix-eta-zero.monitor'), join(CORPUS, 'parser/odd-lines.monitor')]) {
      const check = checkCapture(await readCapture(file, { format: 'auto', label: file }));
      const pieces: string[] = [];
      writeCheckJson(check, (text) => pieces.push(text));
      expect(pieces.length).toBeGreaterThan(10);
      expect(pieces.join('')).toBe(JSON.stringify(checkJson(check), null, 2) + '\n');
    }
  });
});
