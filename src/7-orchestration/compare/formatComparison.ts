import { COMPARED_FIGURES, type Comparison, type FigureMove, type ScenarioComparison } from './compareResults.js';

/** What a figure's arrow says: ↑ worse (it rose beyond the tolerance), ↓ better, nothing within it. */
const ARROWS: Readonly<Record<FigureMove, string>> = { worse: ' ↑', better: ' ↓', same: '', na: '' };
const MARKS = { worse: '✗ worse    ', better: '✓ better   ', unchanged: '· unchanged', skipped: '- skipped  ' } as const;

/** One line per scenario: its verdict, every figure as baseline → candidate with an arrow, added and removed ids; a worse one adds why and the replay command. */
export function formatComparisonLine(s: ScenarioComparison): string {
  if (s.verdict === 'skipped') return `${MARKS.skipped} ${s.name.padEnd(32)} ${s.skipped}\n`;
  const figures = COMPARED_FIGURES.map(({ name }) => {
    const f = s.figures[name];
    return `${name} ${f.baseline ?? '—'} → ${f.candidate ?? '—'}${ARROWS[f.move]}`;
  });
  const ids = [...s.added.map((id) => `+${id}`), ...s.removed.map((id) => `-${id}`)];
  let line = `${MARKS[s.verdict]} ${s.name.padEnd(32)} ${figures.join('  ')}${ids.length ? `  ${ids.join(' ')}` : ''}  (seed ${s.seed})\n`;
  if (s.verdict === 'worse') {
    for (const reason of s.reasons) line += `    ${reason}\n`;
    line += `    replay: ${s.replay}\n`;
  }
  return line;
}

/** The closing line: `candidate: 3 scenarios worse, 12 better, 25 unchanged` (and how many were skipped, when any). */
export function formatComparisonSummary(c: Comparison): string {
  const { worse, better, unchanged, skipped } = c.counts;
  const noun = worse === 1 ? 'scenario' : 'scenarios';
  return `candidate: ${worse} ${noun} worse, ${better} better, ${unchanged} unchanged${skipped ? `, ${skipped} skipped` : ''}\n`;
}
