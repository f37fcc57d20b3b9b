import { round3 } from '../2-wire/ProgressMessage.js';
import type { Violation } from '../5-invariants/Violation.js';
import type { TraceEvent } from '../0-trace/TraceEvent.js';
import { html, type SafeHtml } from './_internals/html.js';
import { figureValue, figureWords } from './figureNames.js';
import type { HeadlineFigure } from './headline.js';
import { groupSentence, joinWords, violationGroups } from './violationGroups.js';

/** Violations listed per invariant at most; the rest are counted (all are in `--json` and the trace). */
export const LISTED_PER_INVARIANT_MAX = 50;
/** Characters of a witness's value shown. */
const VALUE_CHARS_MAX = 400;

/** How a violations section is titled and anchored, so that a page can hold several (a comparison's two sides). */
export interface ViolationsSectionOptions {
  /** The section's heading (default `Violations`); the count follows it. */
  readonly heading?: string;
  /** Prefix of its anchors (`#<prefix>inv-eta-jump`, `#<prefix>v-3`), unique on the page. */
  readonly idPrefix?: string;
}

/**
 * The violations below the charts: one row per broken invariant (how many,
 * over what stretch of virtual time, by which writers, its worst instance),
 * then each invariant's full list (numbered as on the charts) with its
 * explanation and witnesses, collapsed. With none, says so, and that the
 * invariants do not judge the ETA's accuracy (the figures do).
 */
export function violationsSection(
  violations: readonly Violation[],
  startS: number,
  figures: readonly HeadlineFigure[] = [],
  options: ViolationsSectionOptions = {},
): SafeHtml {
  const heading = options.heading ?? 'Violations';
  const id = options.idPrefix ?? '';
  if (violations.length === 0) {
    const said = figures.filter((f) => f.value !== null).map((f) => `${figureWords(f.id)} ${figureValue(f.id, f.value)}`);
    return html`<h2>${heading}</h2><p>None: no invariant broke.${said.length ? ` The invariants do not judge the ETA's accuracy; the figures do: ${joinWords(said)}.` : ''}</p>`;
  }
  const groups = violationGroups(violations, startS);
  const summary = groups.map(
    (g) =>
      html`<tr><td class="nowrap"><a href="#${id}inv-${g.invariant}"><code>${g.invariant}</code></a></td><td class="num">${g.count}</td><td class="num">${g.count === 1 ? `${g.fromS}` : `${g.fromS}–${g.toS}`}</td><td>${joinWords(g.writers)}</td><td><a href="#${id}v-${g.worst + 1}">#${g.worst + 1}</a> at ${violations[g.worst]!.at_s} s by ${g.worstWriter}${g.worstText ? `: ${g.worstText}` : ''}${g.count > 1 ? html` <span class="muted">(${g.sized ? 'the largest' : 'the first'})</span>` : null}</td><td>${violations[g.worst]!.message}</td></tr>`,
  );
  const details = groups.map((g) => {
    const list = g.members.map((i) => ({ v: violations[i]!, n: i + 1 }));
    const shown = list.slice(0, LISTED_PER_INVARIANT_MAX);
    const more = list.length - shown.length;
    return html`<details id="${id}inv-${g.invariant}"${list.length <= 10 ? ' open' : ''}><summary>${groupSentence(g)}</summary>
<table><thead><tr><th class="num">#</th><th class="num">at (s)</th><th>writer</th><th>view</th><th>what happened</th><th>witnesses</th></tr></thead><tbody>
${shown.map(({ v, n }) => html`<tr id="${id}v-${n}"><td class="num">${n}</td><td class="num">${v.at_s}</td><td>${v.writer}</td><td>${v.view}</td><td>${v.message}</td><td>${v.witnesses.map((w) => witness(w, startS))}</td></tr>`)}
</tbody></table>
${more ? html`<p class="note">… and ${more} more <code>${g.invariant}</code> violations, not listed here; <code>etasim run --json</code> lists them all.</p>` : null}
</details>`;
  });
  return html`<h2>${heading} (${violations.length})</h2>
<table><thead><tr><th>invariant</th><th class="num">count</th><th class="num">when (s of virtual time)</th><th>writers</th><th>worst instance</th><th>its explanation</th></tr></thead><tbody>${summary}</tbody></table>
<p class="note">Every violation, by invariant (open one to list them):</p>
${details}`;
}

function witness(e: TraceEvent, startS: number): SafeHtml {
  const value = e.value ?? '';
  const shown = value.length > VALUE_CHARS_MAX ? value.slice(0, VALUE_CHARS_MAX) + '…' : value;
  return html`<div class="witness">${round3(e.t - startS)} s · ${e.writer} · ${e.op} <code>${e.key}</code>${shown ? html`<br><code>${shown}</code>` : null}</div>`;
}
