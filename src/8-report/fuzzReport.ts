import { caseCount } from '../7-orchestration/fuzz/CampaignSpec.js';
import { counterexampleReplay } from '../7-orchestration/fuzz/campaignJson.js';
import type { CampaignResult, Counterexample } from '../7-orchestration/fuzz/runCampaign.js';
import { cell } from './formatMarkdown.js';
import type { Annotation } from './formatGithubAnnotations.js';
import { virtualSeconds, xml } from './formatJunit.js';

/*
 * A fuzz campaign's end in the machine formats of `etasim run`: JUnit,
 * Markdown and GitHub annotations. Pure text from the campaign's result and
 * the files its counterexamples were saved to; nothing here depends on
 * timing, so the same campaign gives the same bytes.
 */

/** What a counterexample's run did, in one line. */
function whatItDid(cx: Counterexample): string {
  const v = cx.verdict;
  return `case ${cx.caseIndex}: outcome ${v.outcome ?? 'none'}, violates ${v.violated.join(', ') || 'nothing'}${v.error ? `; ${v.error}` : ''}`;
}

/** The lines that describe a counterexample: what it did, a warning when it did not reproduce, and its replay command. */
function describe(result: CampaignResult, cx: Counterexample, file: string | undefined): string[] {
  return [
    whatItDid(cx),
    ...(cx.reproduced ? [] : ['warning: the scenario file, parsed and run again, did not show it']),
    `replay: ${counterexampleReplay(result.spec, cx, file)}`,
  ];
}

function interruptedLine(result: CampaignResult): string {
  return `interrupted: ${result.casesRun} of ${caseCount(result.spec)} cases ran`;
}

/**
 * JUnit XML of a campaign, valid as `formatJunit`'s is: a testsuite
 * 'etasim fuzz' with a failing testcase per counterexample (named by its
 * invariants and case index; the failure carries the violations and the
 * replay command), or one passing testcase when nothing was found (skipped
 * when the campaign was interrupted before its end). Every `time` is 0: a
 * campaign has no one virtual duration, and the wall clock would make the
 * report differ run to run.
 */
export function formatFuzzJunit(result: CampaignResult, saved: ReadonlyMap<Counterexample, string>, suiteName = 'etasim fuzz'): string {
  const time = virtualSeconds([]);
  const tests = Math.max(1, result.found.length);
  const skipped = result.found.length === 0 && result.interrupted ? 1 : 0;
  const counts = `tests="${tests}" failures="${result.found.length}" errors="0"`;
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  out += `<testsuites name="${xml(suiteName)}" ${counts} time="${time}">\n`;
  out += `  <testsuite name="${xml(suiteName)}" ${counts} skipped="${skipped}" time="${time}">\n`;
  const common = [`seed: ${result.spec.seed}`, `cases: ${result.casesRun}`, ...(result.interrupted ? [interruptedLine(result)] : []), `reproduce the campaign: ${result.reproduce}`];
  for (const cx of result.found) {
    const file = saved.get(cx);
    const lines = describe(result, cx, file);
    out += `    <testcase classname="etasim.fuzz" name="${xml(`${cx.kinds.join(', ')} (case ${cx.caseIndex})`)}" time="${time}">\n`;
    out += `      <failure message="${xml(`${cx.kinds.join(', ')}: ${whatItDid(cx)}`)}" type="counterexample">${xml(lines.join('\n'))}</failure>\n`;
    const systemOut = [...(file === undefined ? [] : [`file: ${file}`]), `case seed: ${cx.caseSeed}`, `shrunk in ${cx.shrinks} steps, ${cx.shrinkRuns} runs`, ...common];
    out += `      <system-out>${xml(systemOut.join('\n'))}</system-out>\n`;
    out += '    </testcase>\n';
  }
  if (result.found.length === 0) {
    out += `    <testcase classname="etasim.fuzz" name="${xml(`no counterexample in ${result.casesRun} cases`)}" time="${time}">\n`;
    if (result.interrupted) out += `      <skipped message="${xml(interruptedLine(result))}"/>\n`;
    out += `      <system-out>${xml(common.join('\n'))}</system-out>\n`;
    out += '    </testcase>\n';
  }
  out += '  </testsuite>\n</testsuites>\n';
  return out;
}

/** An inline code span for a table cell: no backtick in `text` closes it, and `|` does not start a column. */
function codeCell(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${text.replace(/\r\n|\r|\n/g, ' ').replace(/\|/g, '\\|')} ${fence}`;
}

/**
 * A short Markdown summary of a campaign: a headline and a table with a
 * row per counterexample and the command that replays it. Every cell is
 * escaped as `formatMarkdown`'s are.
 */
export function formatFuzzMarkdown(result: CampaignResult, saved: ReadonlyMap<Counterexample, string>): string {
  const n = result.found.length;
  const head = n === 0 ? 'no counterexample' : `${n} counterexample${n === 1 ? '' : 's'}`;
  const lines = [`### etasim fuzz: ${head} in ${result.casesRun} cases (seed ${result.spec.seed})`, ''];
  if (result.interrupted) lines.push(`${cell(interruptedLine(result))}; shrinking stopped where it was`, '');
  if (n > 0) {
    lines.push('| | invariants | case | outcome | violations | replay |', '|---|---|---:|---|---|---|');
    for (const cx of result.found) {
      const row = [
        cx.reproduced ? '❌' : '⚠️',
        cell(cx.kinds.join(', ')),
        String(cx.caseIndex),
        cell(cx.verdict.outcome ?? 'none'),
        cell(cx.verdict.violated.join(', ') || '—'),
        codeCell(counterexampleReplay(result.spec, cx, saved.get(cx))),
      ];
      lines.push(`| ${row.join(' | ')} |`);
    }
    lines.push('');
  }
  lines.push(`Reproduce the campaign: ${codeCell(result.reproduce)}`);
  return lines.join('\n') + '\n';
}

/** An error annotation per counterexample, on line 1 of its saved file (no file when it was not saved). */
export function fuzzAnnotations(result: CampaignResult, saved: ReadonlyMap<Counterexample, string>): Annotation[] {
  return result.found.map((cx) => {
    const file = saved.get(cx) ?? null;
    return { level: 'error', file, line: file === null ? null : 1, title: `etasim fuzz: ${cx.kinds.join(', ')}`, message: describe(result, cx, file ?? undefined).join('\n') };
  });
}
