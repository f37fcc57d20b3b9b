import { COMPARED_FIGURES, type Comparison } from '../7-orchestration/compare/compareResults.js';
import { cell } from './formatMarkdown.js';

/** Options of the Markdown comment. */
export interface CompareMarkdownOptions {
  /** Where the HTML pages are, as the reader will find them (e.g. a CI artifact). */
  readonly reportsPath?: string | null;
}

const ICONS = { worse: '❌', better: '✅', unchanged: '➖', skipped: '⏭️' } as const;

/**
 * The comparison as a pull-request comment: a headline with the counts, a
 * table with a row per scenario (verdict, ids added and removed, each figure
 * as baseline → candidate) and, for each worse scenario, why and the command
 * that replays it. Every cell is escaped; the output is reproducible.
 */
export function formatCompareMarkdown(c: Comparison, options: CompareMarkdownOptions = {}): string {
  const { worse, better, unchanged, skipped } = c.counts;
  const lines: string[] = [];
  lines.push(
    `### etasim compare: candidate: ${worse} ${worse === 1 ? 'scenario' : 'scenarios'} worse, ${better} better, ${unchanged} unchanged${skipped ? `, ${skipped} skipped` : ''}`,
    '',
    `Baseline \`${cell(c.baseline)}\`, candidate \`${cell(c.candidate)}\`; tolerance ${c.toleranceS} s (${c.toleranceS} points for progress_leap_max_pct). Each figure is baseline → candidate, lower is better.`,
    '',
  );
  lines.push(`| | scenario | added | removed | ${COMPARED_FIGURES.map((f) => cell(f.name)).join(' | ')} |`);
  lines.push(`|---|---|---|---|${COMPARED_FIGURES.map(() => '---:').join('|')}|`);
  for (const s of c.scenarios) {
    const figures = COMPARED_FIGURES.map(({ name }) => {
      const f = s.figures[name];
      const text = `${f.baseline ?? '—'} → ${f.candidate ?? '—'}${f.move === 'worse' ? ' ↑' : f.move === 'better' ? ' ↓' : ''}`;
      return f.move === 'worse' ? `**${cell(text)}**` : cell(text);
    });
    lines.push(`| ${[ICONS[s.verdict], cell(s.name), cell(s.added.join(', ') || '—'), cell(s.removed.join(', ') || '—'), ...figures].join(' | ')} |`);
  }
  const worseOnes = c.scenarios.filter((s) => s.verdict === 'worse');
  if (worseOnes.length) {
    lines.push('', '#### Worse', '');
    for (const s of worseOnes) lines.push(`- **${cell(s.name)}**: ${cell(s.reasons.join('; '))}`, '', '  ```sh', `  ${s.replay}`, '  ```', '');
  }
  if (options.reportsPath) lines.push('', `Reports: \`${options.reportsPath.replace(/`/g, '')}\``);
  return lines.join('\n').replace(/\n*$/, '\n');
}
