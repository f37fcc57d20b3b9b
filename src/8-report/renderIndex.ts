import type { ScenarioResult } from '../7-orchestration/suite/ScenarioResult.js';
import { relativeHref } from './escapeHtml.js';
import { html, type SafeHtml } from './_internals/html.js';
import { page } from './_internals/page.js';
import { figureValueParts, figureWords } from './figureNames.js';
import { HEADLINE_FIGURES } from './headline.js';
import { verdictOf } from './verdict.js';

/**
 * index.html of a run: the scenarios that did not meet their expectation
 * first, each with its verdict, what its trace broke, its headline ETA
 * figures (with units) and a link to its report.
 */
export function renderIndex(results: readonly ScenarioResult[], title = 'etasim run'): string {
  const passed = results.filter((r) => r.ok).length;
  // Stable: failures first, each group in run order.
  const sorted = [...results.filter((r) => !r.ok), ...results.filter((r) => r.ok)];
  const rows = sorted.map((r) => {
    const v = verdictOf(r);
    const href = relativeHref(r.name, 'report.html');
    const outcome = v.outcomeDiff ? `${r.outcome ?? 'none'} (expected ${r.expected.outcome})` : (r.outcome ?? 'none');
    return html`<tr class="${r.ok ? 'pass' : 'fail'}">
<td class="nowrap"><a href="${href}">${r.ok ? '✓ as expected' : '✗ unexpected'}</a></td>
<td class="name"><a href="${href}">${r.name}</a><div class="muted">${r.scenario.description}</div>${v.reasons.length ? html`<div class="reasons">${v.reasons.join('; ')}</div>` : null}</td>
<td class="outcome"><span class="nowrap">${outcome}</span>${r.liveness && !r.liveness.ok ? html`<div class="liveness">liveness fails: ${r.liveness.summary}</div>` : null}</td>
<td>${v.found.length ? html`<span class="mark broken">${v.found.length} broken</span> ${v.found.join(', ')}` : html`<span class="muted">none</span>`}</td>
${HEADLINE_FIGURES.map((id) => figureCell(id, r.metrics[id]))}
<td class="num">${r.seed}</td>
</tr>`;
  });
  return page(
    title,
    html`<h1>${title} <span class="badge ${passed === results.length ? 'pass' : 'fail'}">${passed} as expected, ${results.length - passed} unexpected</span></h1>
<p class="desc">Each scenario against its expectation (its outcome and the set of invariants it breaks), unexpected ones first. A scenario that expects a failure is as expected when it reproduces it. The ETA figures are measured on the polled ETA (docs/figures.md); an error is unknown (—) when the job did not complete.</p>
<table class="index"><thead><tr><th>verdict</th><th>scenario</th><th class="outcome">outcome</th><th>invariants broken</th>${HEADLINE_FIGURES.map((id) => html`<th class="num fig">${figureWords(id)}</th>`)}<th class="num">seed</th></tr></thead>
<tbody>${rows}</tbody></table>`,
  );
}

/** A figure in a narrow column: the rounded reading, and the exact seconds under it. */
function figureCell(id: string, value: number | null | undefined): SafeHtml {
  const [reading, exact] = figureValueParts(id, value);
  return html`<td class="num fig">${reading}${exact ? html`<div class="exact">${exact}</div>` : null}</td>`;
}
