import { round3 } from '../2-wire/ProgressMessage.js';
import type { Violation } from '../5-invariants/Violation.js';
import type { TraceEvent } from '../0-trace/TraceEvent.js';
import { html, type SafeHtml } from './_internals/html.js';

/** Violations listed per invariant at most; the rest are counted (all are in `--json` and the trace). */
export const LISTED_PER_INVARIANT_MAX = 50;
/** Characters of a witness's value shown. */
const VALUE_CHARS_MAX = 400;

/**
 * The violations below the charts: a summary per invariant, then each
 * violation (numbered as on the charts) with its explanation and witnesses.
 */
export function violationsSection(violations: readonly Violation[], startS: number): SafeHtml {
  if (violations.length === 0) return html`<h2>Violations</h2><p>None: every invariant held.</p>`;
  const groups = new Map<string, Array<{ v: Violation; n: number }>>();
  violations.forEach((v, i) => {
    const list = groups.get(v.invariant) ?? [];
    list.push({ v, n: i + 1 });
    groups.set(v.invariant, list);
  });
  const summary = [...groups].map(([id, list]) => {
    const writers = new Map<string, number>();
    for (const { v } of list) writers.set(v.writer, (writers.get(v.writer) ?? 0) + 1);
    return html`<tr><td class="nowrap"><a href="#inv-${id}"><code>${id}</code></a></td><td class="num">${list.length}</td><td class="num">${list[0]!.v.at_s}</td><td>${[...writers].map(([w, n]) => `${w} (${n})`).join(', ')}</td><td>${list[0]!.v.message}</td></tr>`;
  });
  const details = [...groups].map(([id, list]) => {
    const shown = list.slice(0, LISTED_PER_INVARIANT_MAX);
    const more = list.length - shown.length;
    return html`<details id="inv-${id}"${list.length <= 10 ? ' open' : ''}><summary><code>${id}</code>: ${list.length} violation${list.length === 1 ? '' : 's'}</summary>
<table><thead><tr><th class="num">#</th><th class="num">at (s)</th><th>writer</th><th>view</th><th>what happened</th><th>witnesses</th></tr></thead><tbody>
${shown.map(({ v, n }) => html`<tr id="v-${n}"><td class="num">${n}</td><td class="num">${v.at_s}</td><td>${v.writer}</td><td>${v.view}</td><td>${v.message}</td><td>${v.witnesses.map((w) => witness(w, startS))}</td></tr>`)}
</tbody></table>
${more ? html`<p class="note">… and ${more} more <code>${id}</code> violations, not listed here; <code>etasim run --json</code> lists them all.</p>` : null}
</details>`;
  });
  return html`<h2>Violations (${violations.length})</h2>
<table><thead><tr><th>invariant</th><th class="num">count</th><th class="num">first at (s)</th><th>writers</th><th>first explanation</th></tr></thead><tbody>${summary}</tbody></table>
${details}`;
}

function witness(e: TraceEvent, startS: number): SafeHtml {
  const value = e.value ?? '';
  const shown = value.length > VALUE_CHARS_MAX ? value.slice(0, VALUE_CHARS_MAX) + '…' : value;
  return html`<div class="witness">${round3(e.t - startS)} s · ${e.writer} · ${e.op} <code>${e.key}</code>${shown ? html`<br><code>${shown}</code>` : null}</div>`;
}
