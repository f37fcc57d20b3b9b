import type { Violation } from '../5-invariants/Violation.js';
import { COMPARED_FIGURES, type CompareVerdict, type ScenarioComparison } from '../7-orchestration/compare/compareResults.js';
import { violatedIds } from '../5-invariants/checkTrace.js';
import { html, trusted, type SafeHtml } from './_internals/html.js';
import { page } from './_internals/page.js';
import { COMPARE_SIDES, compareChartData, compareChartSpec, SIDE_COLORS, type CompareSide } from './compareChart.js';
import { relativeHref } from './escapeHtml.js';
import { figureValue, figureWords } from './figureNames.js';
import { formatDurationS } from './formatDuration.js';
import { renderSvg } from './renderSvg.js';

/** Violations listed per side at most; the rest are counted. */
const LISTED_MAX = 50;

/** A verdict's badge colour. */
export const VERDICT_COLORS: Readonly<Record<CompareVerdict, string>> = {
  worse: '#b91c1c',
  better: '#15803d',
  unchanged: '#475569',
  skipped: '#94a3b8',
};

/** The specs of the two trackers, for titles and legends. */
export interface CompareSpecs {
  readonly baseline: string;
  readonly candidate: string;
  readonly toleranceS: number;
}

/** A verdict as a coloured badge. */
export function verdictBadge(verdict: CompareVerdict): SafeHtml {
  return html`<span class="badge" style="background:${VERDICT_COLORS[verdict]}">${verdict.toUpperCase()}</span>`;
}

/**
 * One scenario's comparison page: both trackers' ETA over the true remaining
 * time with stage bands and every violation marked, the figures side by
 * side, the violations each side found, and the replay command. Pure: the
 * same comparison gives the same bytes.
 */
export async function renderCompareReport(c: ScenarioComparison, specs: CompareSpecs): Promise<string> {
  const data = compareChartData(c);
  const ran = data.views.baseline !== null || data.views.candidate !== null;
  const svg = ran ? await renderSvg(compareChartSpec(data), 'compare-chart') : null;
  const legend = COMPARE_SIDES.map(
    (side) => html`<span class="item"><span class="sw line" style="background:${SIDE_COLORS[side]}"></span>${side}: <code>${specs[side]}</code></span>`,
  );
  const ends = COMPARE_SIDES.map((side) => data.views[side]?.endS ?? null);
  const endNote =
    ends[0] === null && ends[1] === null
      ? 'Neither job completed, so the true remaining time is unknown and not drawn. '
      : ends[0] === ends[1]
        ? `Dashed: the true remaining time (both jobs ended at ${ends[0]} s). `
        : `Dashed, in each side's colour: its true remaining time (baseline ended at ${ends[0] ?? '—'} s, candidate at ${ends[1] ?? '—'} s). `;
  const body = html`<header>
<p class="crumbs"><a href="../index.html">all scenarios</a>${COMPARE_SIDES.map((side) => (c[side].trace ? html` · <a href="${relativeHref(`${side}.trace.jsonl`)}">${side}.trace.jsonl</a>` : null))}</p>
<h1 class="title">${c.name} ${verdictBadge(c.verdict)}</h1>
<p class="desc">${c.baseline.scenario.description}</p>
<div class="verdict">${summary(c)}${c.reasons.length ? html`<ul>${c.reasons.map((r) => html`<li>${r}</li>`)}</ul>` : null}</div>
</header>
${svg === null
  ? html`<div class="panel"><p class="muted">${c.skipped ?? 'Neither side produced a trace'}: nothing to draw.</p></div>`
  : html`<section class="panel chart">
<div class="legend">${legend}<span class="item"><span class="sw dash" style="border-color:#111827"></span>true remaining time</span><span class="item"><span class="sw ring"></span>violation (circle: baseline, diamond: candidate; hover for what it is)</span></div>
<h2>ETA shown on both trackers, and the true remaining time</h2>
${trusted(svg)}
<p class="note">${endNote}Lines: what the page's subscriber showed (every published ETA). ETA axis cut at ${formatDurationS(data.capS)}. Dotted vertical lines: where each side broke an invariant.${data.thinned ? ` ${data.thinned} points were thinned to keep the chart small.` : ''}</p>
</section>`}
<h2>Figures</h2>
<p class="note">Lower is better for every figure. A change beyond the tolerance (${specs.toleranceS} s; ${specs.toleranceS} points for <code>progress_leap_max_pct</code>) is worse or better; definitions in docs/figures.md.</p>
${figuresTable(c)}
<h2>Violations</h2>
<table><thead><tr><th>side</th><th>verdict</th><th>outcome</th><th>violated</th></tr></thead><tbody>
${COMPARE_SIDES.map((side) => {
  const r = c[side];
  const ids = violatedIds(r.violations);
  return html`<tr class="${r.ok ? 'pass' : 'fail'}"><td>${side}</td><td>${r.skipped ? 'skipped' : r.ok ? 'met its expectation' : 'did not meet its expectation'}</td><td>${r.outcome ?? 'none'}${r.error ? html`<div class="muted">${r.error}</div>` : null}</td><td>${ids.length ? ids.join(', ') : '—'}</td></tr>`;
})}
</tbody></table>
<p>Added by the candidate: ${c.added.length ? c.added.join(', ') : 'none'}. Removed: ${c.removed.length ? c.removed.join(', ') : 'none'}.</p>
${COMPARE_SIDES.map((side) => violationList(side, c[side].violations))}
<h2>Replay</h2><pre><code>${c.replay}</code></pre>
`;
  return page(`${c.name}: compare`, body);
}

function summary(c: ScenarioComparison): string {
  if (c.verdict === 'skipped') return `Not compared: ${c.skipped}.`;
  if (c.verdict === 'worse') return 'The candidate is worse:';
  if (c.verdict === 'better') return 'The candidate is better, and worse in nothing.';
  return 'No figure moved beyond the tolerance and no violation appeared or disappeared.';
}

/** The figures side by side, with the change and its verdict. */
export function figuresTable(c: ScenarioComparison): SafeHtml {
  const rows = COMPARED_FIGURES.map(({ name }) => {
    const f = c.figures[name];
    const delta = f.baseline === null || f.candidate === null ? '—' : signed(f.candidate - f.baseline);
    const arrow = f.move === 'worse' ? '↑ worse' : f.move === 'better' ? '↓ better' : f.move === 'same' ? '' : '—';
    const unit = name.endsWith('_pct') ? ' points' : ' s';
    return html`<tr class="${f.move === 'worse' ? 'fail' : f.move === 'better' ? 'pass' : ''}"><td>${figureWords(name)} <code class="muted">${name}</code></td><td class="num">${figureValue(name, f.baseline)}</td><td class="num">${figureValue(name, f.candidate)}</td><td class="num">${delta === '—' ? delta : delta + unit}</td><td>${arrow}</td></tr>`;
  });
  return html`<table><thead><tr><th>figure</th><th class="num">baseline</th><th class="num">candidate</th><th class="num">change</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

function signed(x: number): string {
  const r = Math.round(x * 1000) / 1000;
  return r > 0 ? `+${r}` : String(r);
}

function violationList(side: CompareSide, violations: readonly Violation[]): SafeHtml | null {
  if (violations.length === 0) return null;
  const shown = violations.slice(0, LISTED_MAX);
  return html`<h3>${side}: ${violations.length} violation${violations.length === 1 ? '' : 's'}</h3>
<table><thead><tr><th>#</th><th>invariant</th><th class="num">at (s)</th><th>writer</th><th>view</th><th>what happened</th></tr></thead><tbody>
${shown.map((v, i) => html`<tr><td class="num">${i + 1}</td><td><code>${v.invariant}</code></td><td class="num">${v.at_s}</td><td>${v.writer}</td><td>${v.view}</td><td>${v.message}</td></tr>`)}
</tbody></table>${violations.length > LISTED_MAX ? html`<p class="muted">… and ${violations.length - LISTED_MAX} more</p>` : null}`;
}
