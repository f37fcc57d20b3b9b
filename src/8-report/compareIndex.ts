import { COMPARED_FIGURES, type Comparison } from '../7-orchestration/compare/compareResults.js';
import { html } from './_internals/html.js';
import { page } from './_internals/page.js';
import { verdictBadge } from './verdictBadge.js';
import { relativeHref } from './escapeHtml.js';

/** The comparison's index.html: one row per scenario with its verdict, the ids added and removed, and every figure as baseline → candidate. */
export function renderCompareIndex(c: Comparison): string {
  const { worse, better, unchanged, skipped } = c.counts;
  const headline = `candidate: ${worse} worse, ${better} better, ${unchanged} unchanged${skipped ? `, ${skipped} skipped` : ''}`;
  const rows = c.scenarios.map((s) => {
    const figures = COMPARED_FIGURES.map(({ name }) => {
      const f = s.figures[name];
      const arrow = f.move === 'worse' ? ' ↑' : f.move === 'better' ? ' ↓' : '';
      return html`<td class="num${f.move === 'worse' ? ' worse' : ''}">${f.baseline ?? '—'} → ${f.candidate ?? '—'}${arrow}</td>`;
    });
    return html`<tr class="${s.verdict === 'worse' ? 'fail' : s.verdict === 'better' ? 'pass' : ''}">
<td class="nowrap">${verdictBadge(s.verdict)}</td>
<td><a href="${relativeHref(s.name, 'compare.html')}">${s.name}</a>${s.skipped ? html`<div class="muted">${s.skipped}</div>` : null}</td>
<td>${s.added.length ? s.added.join(', ') : '—'}</td>
<td>${s.removed.length ? s.removed.join(', ') : '—'}</td>
${figures}
<td class="num">${s.seed}</td>
</tr>`;
  });
  return page(
    'etasim compare',
    html`<h1>etasim compare <span class="badge ${c.ok ? 'pass' : 'fail'}">${headline}</span></h1>
<p class="desc">Baseline <code>${c.baseline}</code> against candidate <code>${c.candidate}</code>, every scenario with the same seed on both. Each figure is baseline → candidate, lower is better; ↑ marks a figure worse by more than the tolerance (${c.toleranceS} s, or ${c.toleranceS} points for <code>progress_leap_max_pct</code>), ↓ one better by more.</p>
<table><thead><tr><th>verdict</th><th>scenario</th><th>added</th><th>removed</th>${COMPARED_FIGURES.map(({ name }) => html`<th class="num">${name}</th>`)}<th class="num">seed</th></tr></thead>
<tbody>${rows}</tbody></table>`,
  );
}
