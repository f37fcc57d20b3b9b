import type { ScenarioResult } from '../7-orchestration/suite/ScenarioResult.js';
import { relativeHref } from './escapeHtml.js';
import { html } from './_internals/html.js';
import { page } from './_internals/page.js';
import { verdictOf } from './verdict.js';

/** index.html of a run: each scenario's verdict, violations and ETA error metrics, linking to its report. */
export function renderIndex(results: readonly ScenarioResult[], title = 'etasim run'): string {
  const passed = results.filter((r) => r.ok).length;
  const rows = results.map((r) => {
    const v = verdictOf(r);
    const outcome = v.outcomeDiff ? `${r.outcome ?? 'none'} (expected ${r.expected.outcome})` : (r.outcome ?? 'none');
    return html`<tr class="${r.ok ? 'pass' : 'fail'}">
<td class="nowrap">${r.ok ? '✓ pass' : '✗ fail'}</td>
<td><a href="${relativeHref(r.name, 'report.html')}">${r.name}</a><div class="muted">${r.scenario.description}</div></td>
<td>${outcome}${r.error ? html`<div class="muted">${r.error}</div>` : null}${r.liveness && !r.liveness.ok ? html`<div class="muted">liveness: ${r.liveness.summary}</div>` : null}</td>
<td>${v.expected.length ? v.expected.join(', ') : '—'}</td>
<td>${v.found.length ? v.found.join(', ') : '—'}${v.missing.length ? html`<div class="muted">missing: ${v.missing.join(', ')}</div>` : null}${v.extra.length ? html`<div class="muted">unexpected: ${v.extra.join(', ')}</div>` : null}</td>
<td class="num">${r.metrics.eta_mae_s ?? '—'}</td>
<td class="num">${r.metrics.eta_stuck_max_s}</td>
<td class="num">${r.metrics.progress_leap_max_pct}</td>
<td class="num">${r.seed}</td>
</tr>`;
  });
  return page(
    title,
    html`<h1>${title} <span class="badge ${passed === results.length ? 'pass' : 'fail'}">${passed} passed, ${results.length - passed} failed</span></h1>
<p class="desc">Each scenario against its expectation: the outcome and the set of violated invariants. ETA error columns are in seconds (mean absolute error of the polled ETA against the true remaining time, longest time the ETA stood still) and progress points (largest rise between two observations).</p>
<table><thead><tr><th>verdict</th><th>scenario</th><th>outcome</th><th>expected violations</th><th>found violations</th><th class="num">eta_mae_s</th><th class="num">eta_stuck_max_s</th><th class="num">progress_leap_max_pct</th><th class="num">seed</th></tr></thead>
<tbody>${rows}</tbody></table>`,
  );
}
