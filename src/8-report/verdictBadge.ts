import type { CompareVerdict } from '../7-orchestration/compare/compareResults.js';
import { html, type SafeHtml } from './_internals/html.js';

/** A comparison verdict's badge colour, the same on the index and the scenario's page. */
export const VERDICT_COLORS: Readonly<Record<CompareVerdict, string>> = {
  worse: '#b91c1c',
  better: '#15803d',
  unchanged: '#475569',
  skipped: '#94a3b8',
};

/** A verdict as a coloured badge: `WORSE`, `BETTER`, … (the index's column); `words` says it otherwise. */
export function verdictBadge(verdict: CompareVerdict, words: string = verdict.toUpperCase(), title?: string): SafeHtml {
  return html`<span class="badge" style="background:${VERDICT_COLORS[verdict]}"${title ? html` title="${title}"` : null}>${words}</span>`;
}
