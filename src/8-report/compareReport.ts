import { COMPARED_FIGURES, type ScenarioComparison } from '../7-orchestration/compare/compareResults.js';
import { violatedIds } from '../5-invariants/checkTrace.js';
import { html, trusted, type SafeHtml } from './_internals/html.js';
import { page } from './_internals/page.js';
import { DEFAULT_LAYOUT } from './chartData.js';
import { eventList, stageLegend } from './chartLegend.js';
import { compareHeadline, delta } from './compareHeadline.js';
import { COMPARE_SIDES, compareChartData, compareChartSpec, SIDE_COLORS, type CompareChartData } from './compareChart.js';
import { relativeHref } from './escapeHtml.js';
import { figureValue, figureWords } from './figureNames.js';
import { formatDurationS } from './formatDuration.js';
import { pageHeader } from './pageHeader.js';
import { renderSvg } from './renderSvg.js';
import { violationLanesSpec } from './violationLanes.js';
import { violationsSection } from './violationsSection.js';

export { VERDICT_COLORS, verdictBadge } from './verdictBadge.js';

/** The specs of the two trackers, for titles and legends. */
export interface CompareSpecs {
  readonly baseline: string;
  readonly candidate: string;
  readonly toleranceS: number;
}

/**
 * One scenario's comparison page, laid out as a scenario's page: the
 * headline (the verdict in words, each side's mark, the key figures of both
 * side by side with the change), both trackers' ETA over the true remaining
 * time with stage bands, events, each side's CP-SAT → GA transition and its
 * worst violations named, the violations in lanes per side, invariant and
 * writer, then every figure, each side's violations and the replay command.
 * Pure: the same comparison gives the same bytes.
 */
export async function renderCompareReport(c: ScenarioComparison, specs: CompareSpecs): Promise<string> {
  const data = compareChartData(c);
  const ran = data.views.baseline !== null || data.views.candidate !== null;
  const links = [
    { label: 'all scenarios', href: '../index.html' },
    ...COMPARE_SIDES.flatMap((side) => (c[side].trace ? [{ label: `${side}.trace.jsonl`, href: relativeHref(`${side}.trace.jsonl`) }] : [])),
  ];
  const body = html`${pageHeader(`${c.name}: baseline against candidate`, {
    links,
    description: c.baseline.scenario.description,
    notes: [html`Baseline <code>${specs.baseline}</code>, candidate <code>${specs.candidate}</code>, the same seed (${c.seed}) on both.`],
  })}
${compareHeadline(c, specs.toleranceS)}
${ran ? await chartsSection(c, data, specs) : html`<div class="panel"><p class="muted">${c.skipped ?? 'Neither side produced a trace'}: nothing to draw.</p></div>`}
<h2>Figures</h2>
<p class="note">Lower is better for every figure. A change beyond the tolerance (${specs.toleranceS} s; ${specs.toleranceS} points for <code>progress_leap_max_pct</code>) is worse or better; definitions in docs/figures.md.</p>
${figuresTable(c)}
<h2>Verdicts</h2>
<table><thead><tr><th>side</th><th>verdict</th><th>outcome</th><th>violated</th></tr></thead><tbody>
${COMPARE_SIDES.map((side) => {
  const r = c[side];
  const ids = violatedIds(r.violations);
  return html`<tr class="${r.ok ? 'pass' : 'fail'}"><td>${side}</td><td>${r.skipped ? 'skipped' : r.ok ? 'met its expectation' : 'did not meet its expectation'}</td><td>${r.outcome ?? 'none'}${r.error ? html`<div class="muted">${r.error}</div>` : null}</td><td>${ids.length ? ids.join(', ') : '—'}</td></tr>`;
})}
</tbody></table>
<p>Added by the candidate: ${c.added.length ? c.added.join(', ') : 'none'}. Removed: ${c.removed.length ? c.removed.join(', ') : 'none'}.</p>
${COMPARE_SIDES.map((side) =>
  data.views[side] === null
    ? null
    : violationsSection(c[side].violations, data.views[side]!.job.startS, [], { heading: `Violations on the ${side} (${specs[side]})`, idPrefix: `${side}-` }),
)}
<h2>Replay</h2><pre><code>${c.replay}</code></pre>
`;
  return page(`${c.name}: compare`, body);
}

async function chartsSection(c: ScenarioComparison, data: CompareChartData, specs: CompareSpecs): Promise<SafeHtml> {
  const svg = await renderSvg(compareChartSpec(data), 'compare-chart');
  const lanes = violationLanesSpec(data.lanes, data.xMaxS, data.styles, DEFAULT_LAYOUT);
  const lanesSvg = lanes === null ? null : await renderSvg(lanes, 'compare-violations-chart');
  const ends = COMPARE_SIDES.map((side) => data.views[side]?.endS ?? null);
  const endNote =
    ends[0] === null && ends[1] === null
      ? 'Neither job completed, so the true remaining time is unknown and not drawn. '
      : ends[0] === ends[1]
        ? `Dashed: the true remaining time (both jobs ended at ${ends[0]} s of virtual time). `
        : `Dashed, in each side's colour: its true remaining time (baseline ended at ${ends[0] ?? '—'} s, candidate at ${ends[1] ?? '—'} s). `;
  const legend = COMPARE_SIDES.map(
    (side) =>
      html`<span class="item"><span class="sw line" style="background:${SIDE_COLORS[side]}${side === 'baseline' ? ';height:5px;opacity:0.55' : ''}"></span>${side}: <code>${specs[side]}</code></span>`,
  );
  return html`<section class="panel chart">
<div class="legend">${legend}<span class="item"><span class="sw dash" style="border-color:#111827"></span>true remaining time</span>${data.rings.length ? html`<span class="item"><span class="sw ring"></span>worst violation of each ETA invariant (circle: baseline, diamond: candidate)</span>` : null}</div>
${stageLegend(data.bands)}
${eventList(data.timeline)}
<h2>ETA shown on both trackers, and the true remaining time</h2>
${trusted(svg)}
<p class="note">${endNote}Lines: each tracker's ETA as its page's subscriber showed it, the baseline wide and pale under the candidate, so that both show where they agree; dots: ETAs other writers published, which the page showed too. ETA axis cut at ${formatDurationS(data.capS)}.${data.thinned ? ` ${data.thinned} points were thinned to keep the chart small.` : ''}</p>
${lanesSvg === null
  ? html`<p class="note">Neither side broke an invariant${c.verdict === 'skipped' ? '' : '; the figures above say how far each ETA was from the truth'}.</p>`
  : html`<h2>Violations over virtual time</h2>${trusted(lanesSvg)}<p class="note">One lane per side, broken invariant and writer, shaded from its first to its last violation; a tick per violation, in its writer's colour (hover for what it is).</p>`}
</section>`;
}

/** The figures side by side, with the change and its verdict. */
export function figuresTable(c: ScenarioComparison): SafeHtml {
  const rows = COMPARED_FIGURES.map(({ name }) => {
    const f = c.figures[name];
    const change = f.baseline === null || f.candidate === null ? '—' : delta(name, f.candidate - f.baseline);
    const arrow = f.move === 'worse' ? '↑ worse' : f.move === 'better' ? '↓ better' : f.move === 'same' ? '' : '—';
    return html`<tr class="${f.move === 'worse' ? 'fail' : f.move === 'better' ? 'pass' : ''}"><td>${figureWords(name)} <code class="muted">${name}</code></td><td class="num">${figureValue(name, f.baseline)}</td><td class="num">${figureValue(name, f.candidate)}</td><td class="num">${change}</td><td>${arrow}</td></tr>`;
  });
  return html`<table><thead><tr><th>figure</th><th class="num">baseline</th><th class="num">candidate</th><th class="num">change</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}
