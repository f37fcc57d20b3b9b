import { COMPARED_FIGURES, type ComparedFigure, type ScenarioComparison } from '../7-orchestration/compare/compareResults.js';
import { html, type SafeHtml } from './_internals/html.js';
import { figureValueParts, figureWords } from './figureNames.js';
import { figureBox, headlineBlock, HEADLINE_FIGURES, traceMark } from './headline.js';
import { joinWords } from './violationGroups.js';
import { verdictBadge } from './verdictBadge.js';

/** The words of each verdict's badge on a comparison page. */
const BADGE_WORDS = { worse: 'candidate worse', better: 'candidate better', unchanged: 'unchanged', skipped: 'not compared' } as const;

/**
 * A comparison's verdict in words, and why: what the candidate added or
 * removed and which figures moved beyond the tolerance, from baseline to candidate.
 */
export function compareVerdictLine(c: ScenarioComparison, toleranceS: number): string {
  if (c.verdict === 'skipped') return `Not compared: ${c.skipped}.`;
  const moved = (move: 'worse' | 'better') =>
    COMPARED_FIGURES.filter(({ name }) => c.figures[name].move === move).map(({ name }) => {
      const f = c.figures[name];
      const unit = name.endsWith('_pct') ? 'points' : 's';
      return `its ${figureWords(name)} went from ${figureValueParts(name, f.baseline)[0]} to ${figureValueParts(name, f.candidate)[0]} (${delta(name, f.candidate! - f.baseline!)}, tolerance ${toleranceS} ${unit})`;
    });
  const worse = [
    ...(c.candidate.error !== null && c.baseline.error === null ? [`stopped (${c.candidate.error})`] : []),
    ...(c.added.length ? [`adds ${joinWords(c.added)}`] : []),
    ...moved('worse'),
  ];
  const better = [...(c.removed.length ? [`removes ${joinWords(c.removed)}`] : []), ...moved('better')];
  // Parts are joined by semicolons: a part may hold its own `a and b`.
  if (c.verdict === 'worse') return `Worse: the candidate ${worse.join('; ')}.${better.length ? ` Better: it ${better.join('; ')}.` : ''}`;
  if (c.verdict === 'better') return `Better, and worse in nothing: the candidate ${better.join('; ')}.`;
  const both = [...new Set(c.baseline.violations.map((v) => v.invariant))].sort();
  return `Unchanged: no figure moved by more than ${toleranceS} s and no violation appeared or disappeared${both.length ? `; both break ${joinWords(both)}` : ''}.`;
}

/** `+486 s`, `−0.388 s`, `+3 points`. */
export function delta(name: ComparedFigure, d: number): string {
  const r = Math.round(d * 1000) / 1000;
  const unit = name.endsWith('_pct') ? ` point${Math.abs(r) === 1 ? '' : 's'}` : ' s';
  return `${r > 0 ? '+' : r < 0 ? '−' : '±'}${Math.abs(r)}${unit}`;
}

/**
 * The top of a comparison page, laid out as a scenario page's: the verdict's
 * badge, a mark per side for what its trace broke, the verdict in words, and
 * the headline figures (plus any other that moved) with both trackers' values
 * side by side and the change.
 */
export function compareHeadline(c: ScenarioComparison, toleranceS: number): SafeHtml {
  const shown: ComparedFigure[] = [...HEADLINE_FIGURES];
  for (const { name } of COMPARED_FIGURES) if (!shown.includes(name) && (c.figures[name].move === 'worse' || c.figures[name].move === 'better')) shown.push(name);
  return headlineBlock({
    badge: verdictBadge(c.verdict, BADGE_WORDS[c.verdict], "the comparison's verdict: the candidate against the baseline"),
    marks: c.verdict === 'skipped' ? [] : [traceMark(c.baseline.violations, 'baseline'), traceMark(c.candidate.violations, 'candidate')],
    line: compareVerdictLine(c, toleranceS),
    figures: shown.map((name) => pairBox(c, name, toleranceS)),
  });
}

function pairBox(c: ScenarioComparison, name: ComparedFigure, toleranceS: number): SafeHtml {
  const f = c.figures[name];
  const side = (label: string, value: number | null) => {
    const [reading, exact] = figureValueParts(name, value);
    return html`<div class="pair"><span class="side">${label}</span><span>${reading}${exact ? html` <span class="exact">(${exact})</span>` : null}</span></div>`;
  };
  const change =
    f.baseline === null || f.candidate === null
      ? 'no change known: a side has no value'
      : f.move === 'worse'
        ? `${delta(name, f.candidate - f.baseline)}: worse, beyond the ${toleranceS} ${name.endsWith('_pct') ? 'point' : 's'} tolerance`
        : f.move === 'better'
          ? `${delta(name, f.candidate - f.baseline)}: better, beyond the ${toleranceS} ${name.endsWith('_pct') ? 'point' : 's'} tolerance`
          : `${delta(name, f.candidate - f.baseline)}: within the ${toleranceS} ${name.endsWith('_pct') ? 'point' : 's'} tolerance`;
  return figureBox(name, [side('baseline', f.baseline), side('candidate', f.candidate)], change, f.move === 'worse' || f.move === 'better' ? f.move : null);
}
