import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { memoryIo } from '../../src/9-cli/Io.js';
import { main } from '../../src/9-cli/main.js';
import { runCampaign } from '../../src/7-orchestration/fuzz/runCampaign.js';
import { formatFuzzJunit, formatFuzzMarkdown, fuzzAnnotations } from '../../src/8-report/fuzzReport.js';
import { formatAnnotation } from '../../src/8-report/formatGithubAnnotations.js';
import { parseFuzzOptions } from '../../src/9-cli/fuzzOptions.js';
import { xmlProblems } from '../report/helpers.js';
import { junitSchemaProblems } from '../report/junitSchema.js';

/* `etasim fuzz --reporter …`, in-process (--workers 0, as fuzzCommand.test.ts). */

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etasim-fuzzrep-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fuzz(args: readonly string[], env: Record<string, string | undefined> = {}) {
  // The step summary of the job running these tests is not theirs to append to.
  const io = Object.assign(memoryIo(dir), { env: { ...process.env, GITHUB_STEP_SUMMARY: undefined, ...env } });
  const code = await main(['fuzz', '--workers', '0', ...args], io);
  return { code, io };
}

function valid(doc: string): void {
  expect(xmlProblems(doc)).toEqual([]);
  expect(junitSchemaProblems(doc)).toEqual([]);
}

interface FoundJson {
  invariants: string[];
  violations: string[];
  outcome: string;
  case: number;
  file?: string;
  replay: string;
  reproduced: boolean;
}

describe('a campaign that finds counterexamples, every reporter at once', () => {
  const base = ['--writers', 'cpsat_direct', '--seed', '1', '--runs', '30', '--save', 'saved'];
  let run: Awaited<ReturnType<typeof fuzz>>;
  let found: FoundJson[];
  beforeAll(async () => {
    run = await fuzz([...base, '--json', '--junit', 'fuzz.xml', '--reporter', 'markdown=fuzz.md', '--reporter', 'github=annotations.txt']);
    found = JSON.parse(run.io.out).found;
  }, 120_000);

  test('exits 1; --json is the JSON reporter (same bytes as --reporter json); text is the summary on stderr', async () => {
    expect(run.code).toBe(1);
    expect(found.length).toBeGreaterThan(0);
    expect(run.io.err).toContain('reproduce the campaign: npx etasim fuzz --seed 1 --runs 30 --writers cpsat_direct');
    const again = await fuzz([...base, '--reporter', 'json']);
    expect(again.io.out).toBe(run.io.out);
  }, 120_000);

  test('JUnit: valid, a failing testcase per counterexample with its violations and replay, times 0', async () => {
    const doc = await readFile(join(dir, 'fuzz.xml'), 'utf8');
    valid(doc);
    expect(doc).toContain(`<testsuite name="etasim fuzz" tests="${found.length}" failures="${found.length}" errors="0" skipped="0" time="0.000">`);
    for (const f of found) {
      expect(doc).toContain(`<testcase classname="etasim.fuzz" name="${f.invariants.join(', ')} (case ${f.case})" time="0.000">`);
      expect(doc).toContain(`violates ${f.violations.join(', ')}\nreplay: ${f.replay}</failure>`);
    }
    expect(doc.match(/time="([^"]*)"/g)!.every((t) => t === 'time="0.000"')).toBe(true);
  });

  test('github: one ::error line per counterexample on its saved file, escaped as the run annotations are', async () => {
    const text = await readFile(join(dir, 'annotations.txt'), 'utf8');
    const expected = found.map((f) => {
      expect(f.reproduced).toBe(true);
      return `::error file=${f.file},line=1,title=etasim fuzz%3A ${f.invariants.join('%2C ')}::case ${f.case}: outcome ${f.outcome}, violates ${f.violations.join(', ')}%0Areplay: npx etasim run ${f.file}\n`;
    });
    expect(text).toBe(expected.join(''));
    expect(text.split('\n')[0]).toBe(
      '::error file=saved/fuzz-eta-zero-mid-run-s1-c0.yaml,line=1,title=etasim fuzz%3A eta-zero-mid-run%2C single-writer::' +
        'case 0: outcome completed, violates eta-zero-mid-run, single-writer%0Areplay: npx etasim run saved/fuzz-eta-zero-mid-run-s1-c0.yaml',
    );
  });

  test('markdown: a table row per counterexample with its replay command', async () => {
    const md = await readFile(join(dir, 'fuzz.md'), 'utf8');
    expect(md.split('\n')[0]).toBe(`### etasim fuzz: ${found.length} counterexample${found.length === 1 ? '' : 's'} in 30 cases (seed 1)`);
    expect(md).toContain('| | invariants | case | outcome | violations | replay |');
    for (const f of found) expect(md).toContain(`| ❌ | ${f.invariants.join(', ')} | ${f.case} | ${f.outcome} | ${f.violations.join(', ')} | \` ${f.replay} \` |`);
    expect(md.endsWith('\nReproduce the campaign: ` npx etasim fuzz --seed 1 --runs 30 --writers cpsat_direct `\n')).toBe(true);
  });
});

describe('a clean campaign', () => {
  test('JUnit has one passing testcase; markdown to $GITHUB_STEP_SUMMARY is appended; github writes no annotation', async () => {
    const summary = join(dir, 'step-summary.md');
    await writeFile(summary, 'earlier step\n');
    const { code, io } = await fuzz(['--seed', '5', '--runs', '4', '--reporter', 'junit', '--markdown', 'step-summary.md', '--reporter', 'github=gh.txt'], {
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(code).toBe(0);
    valid(io.out);
    expect(io.out).toContain('<testsuite name="etasim fuzz" tests="1" failures="0" errors="0" skipped="0" time="0.000">');
    expect(io.out).toContain('<testcase classname="etasim.fuzz" name="no counterexample in 4 cases" time="0.000">');
    expect(io.out).not.toContain('<failure');
    const md = await readFile(summary, 'utf8');
    expect(md).toMatch(/^earlier step\n### etasim fuzz: no counterexample in 4 cases \(seed 5\)\n/);
    // markdown already writes the step summary: github does not append it a second time.
    expect(md.match(/### etasim fuzz/g)).toHaveLength(1);
    expect(await readFile(join(dir, 'gh.txt'), 'utf8')).toBe('');
  }, 60_000);

  test('usage errors before any work: html does not apply, two reporters on stdout', async () => {
    const html = await fuzz(['--runs', '1', '--reporter', 'html']);
    expect(html.code).toBe(2);
    expect(html.io.err).toContain('etasim fuzz: --reporter html: does not apply to fuzz; expected one of text, json, junit, markdown, github');
    const two = await fuzz(['--runs', '1', '--json', '--reporter', 'junit']);
    expect(two.code).toBe(2);
    expect(two.io.err).toContain('json and junit would all write stdout');
  });
});

describe('an interrupted campaign still reports what it found', () => {
  test('JUnit, markdown and github carry the counterexamples found before the interrupt', async () => {
    const { spec } = parseFuzzOptions(['--writers', 'cpsat_direct', '--seed', '1', '--runs', '1000', '--invariants', 'eta-zero-mid-run']);
    const stop = new AbortController();
    const result = await runCampaign(spec, { workers: 0, verbose: false, signal: stop.signal, hooks: { onProgress: (done) => void (done === 20 && stop.abort()) } });
    expect(result.interrupted).toBe(true);
    expect(result.found.length).toBeGreaterThan(0);
    const doc = formatFuzzJunit(result, new Map());
    valid(doc);
    expect(doc).toContain('interrupted: 20 of 1000 cases ran');
    expect(doc).toContain(`<failure message="eta-zero-mid-run: case ${result.found[0]!.caseIndex}`);
    expect(formatFuzzMarkdown(result, new Map())).toContain('interrupted: 20 of 1000 cases ran; shrinking stopped where it was');
    // Not saved: no file, and the replay is the case of the campaign.
    expect(fuzzAnnotations(result, new Map()).map(formatAnnotation)[0]).toMatch(/^::error title=etasim fuzz%3A eta-zero-mid-run::case \d+: .*%0Areplay: npx etasim fuzz .*--case \d+\n$/);
    const nothing = formatFuzzJunit({ ...result, found: [] }, new Map());
    valid(nothing);
    expect(nothing).toContain('<skipped message="interrupted: 20 of 1000 cases ran"/>');
  }, 120_000);
});
