import type { ScenarioResult } from '../7-orchestration/suite/ScenarioResult.js';
import { verdictOf } from './verdict.js';

/** Options of the Markdown summary. */
export interface MarkdownOptions {
  readonly title?: string;
  /** Where the HTML reports are, as the reader will find them (e.g. a CI artifact path). */
  readonly reportsPath?: string | null;
}

/**
 * A Markdown summary of a run that a CI job can post: a headline, a table
 * with a row per scenario, and for each failure what differed and the command
 * that replays it. Every cell is escaped; the output is reproducible.
 */
export function formatMarkdown(results: readonly ScenarioResult[], options: MarkdownOptions = {}): string {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  const lines: string[] = [];
  lines.push(`### ${cell(options.title ?? 'etasim run')}: ${passed} passed, ${failed} failed`, '');
  lines.push('| | scenario | outcome | expected violations | found violations | eta_mae_s | eta_stuck_max_s | progress_leap_max_pct |');
  lines.push('|---|---|---|---|---|---:|---:|---:|');
  for (const r of results) {
    const v = verdictOf(r);
    const outcome = v.outcomeDiff ? `${r.outcome ?? 'none'} (expected ${r.expected.outcome})` : (r.outcome ?? 'none');
    const row = [
      r.ok ? '✅' : '❌',
      cell(r.name),
      cell(outcome),
      cell(v.expected.join(', ') || '—'),
      cell(v.found.join(', ') || '—'),
      cell(String(r.metrics.eta_mae_s ?? '—')),
      cell(String(r.metrics.eta_stuck_max_s)),
      cell(String(r.metrics.progress_leap_max_pct)),
    ];
    lines.push(`| ${row.join(' | ')} |`);
  }
  const failures = results.filter((r) => !r.ok);
  if (failures.length) {
    lines.push('', '#### Failures', '');
    for (const r of failures) {
      lines.push(`- **${cell(r.name)}**: ${cell(verdictOf(r).reasons.join('; '))}`, '', fenced(r.replay, '  '), '');
    }
  }
  if (options.reportsPath) lines.push('', `Reports: ${code(options.reportsPath)}`);
  return lines.join('\n').replace(/\n*$/, '\n');
}

/**
 * Text that stays text in a table cell: line breaks become spaces, HTML is
 * escaped, and the characters that make emphasis, code, links or a new
 * column are backslash-escaped.
 */
export function cell(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1');
}

/** An inline code span that no backtick in `text` can close early. */
function code(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${text.replace(/\r\n|\r|\n/g, ' ')} ${fence}`;
}

/** A fenced code block, indented, whose fence is longer than any run of backticks in `text`. */
function fenced(text: string, indent: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  return [`${indent}${fence}sh`, ...text.split(/\r\n|\r|\n/).map((l) => indent + l), `${indent}${fence}`].join('\n');
}
