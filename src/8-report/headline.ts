import { DEFAULT_CHECKS } from '../5-invariants/CheckOptions.js';
import { etaFigures, type FigureSpan } from '../5-invariants/figures.js';
import type { RuleContext } from '../5-invariants/RuleContext.js';
import type { Violation } from '../5-invariants/Violation.js';
import type { ScenarioResult } from '../7-orchestration/suite/ScenarioResult.js';
import { html, type SafeHtml } from './_internals/html.js';
import { figureValue, figureWords } from './figureNames.js';
import type { TraceView } from './TraceView.js';
import { verdictOf } from './verdict.js';

/** The three figures a reader asks for first, in order (docs/figures.md). */
export const HEADLINE_FIGURES = ['eta_mae_s', 'eta_error_max_s', 'eta_stuck_max_s'] as const;

/** A headline figure's value and, when known, where it happened (seconds of virtual time). */
export interface HeadlineFigure {
  readonly id: (typeof HEADLINE_FIGURES)[number];
  readonly value: number | null;
  readonly fromS: number | null;
  readonly toS: number | null;
}

/** A scenario's verdict in words: what was expected, and whether the run did it. */
export function verdictLine(r: ScenarioResult): string {
  const v = verdictOf(r);
  if (r.error) return `Unexpected: the simulation stopped: ${r.error}.`;
  if (!r.ok) return `Unexpected: ${v.reasons.join('; ')}.`;
  const outcome = r.outcome === 'completed' ? '' : `; outcome ${r.outcome ?? 'none'}, as expected`;
  if (v.found.length === 0) return `As expected: no invariant broken${outcome}. The invariants do not judge the ETA's accuracy: the figures below do.`;
  const n = v.found.length;
  return `Expected failure reproduced: ${n} invariant${n === 1 ? '' : 's'} broken (${v.found.join(', ')}), as the scenario expects${outcome}.`;
}

/** The distinct invariants a trace broke, sorted. */
function brokenIds(violations: readonly Violation[]): string[] {
  return [...new Set(violations.map((v) => v.invariant))].sort();
}

/**
 * The headline figures of one job, from the shared figures code
 * (src/5-invariants/figures.ts) on the view's poller, so that a capture
 * gets them too, with where the longest still stretch and the worst error were.
 */
export function headlineFigures(view: TraceView): HeadlineFigure[] {
  const ctx: RuleContext = {
    job: view.job,
    channel: view.channel,
    poller: view.poller,
    // The three headline figures read the poller only.
    otherPollers: [],
    options: DEFAULT_CHECKS,
    stageOf: () => null,
  };
  const f = etaFigures(ctx);
  const of = (id: HeadlineFigure['id'], fig: { value: number; where: FigureSpan | null } | null): HeadlineFigure => ({
    id,
    value: fig?.value ?? null,
    fromS: fig?.where?.fromS ?? null,
    toS: fig?.where?.toS ?? null,
  });
  return [of('eta_mae_s', f.eta_mae_s), of('eta_error_max_s', f.eta_error_max_s), of('eta_stuck_max_s', f.eta_stuck_max_s)];
}

/**
 * The top of a report: the verdict line, a badge for the scenario's verdict
 * (when it has an expectation), a second mark for what the trace shows, and
 * the three headline figures with their units.
 */
export function headlineSection(
  verdict: { readonly ok: boolean; readonly summary: string; readonly details?: readonly string[] } | undefined,
  violations: readonly Violation[],
  figures: readonly HeadlineFigure[],
  completed: boolean,
): SafeHtml {
  const broken = brokenIds(violations);
  const traceMark = broken.length
    ? html`<span class="mark broken" title="${broken.join(', ')}">trace: ${broken.length} invariant${broken.length === 1 ? '' : 's'} broken</span>`
    : html`<span class="mark held">trace: no invariant broken</span>`;
  const line = verdict ? verdict.summary : broken.length ? `${broken.length} invariant${broken.length === 1 ? '' : 's'} broken: ${broken.join(', ')}.` : 'No invariant broken.';
  return html`<section class="headline">
<p class="verdict-line">${verdict ? html`<span class="badge ${verdict.ok ? 'pass' : 'fail'}" title="the scenario's verdict: whether the run met its expectation">${verdict.ok ? 'as expected' : 'unexpected'}</span>` : null}${traceMark}<span class="line">${line}</span></p>
${verdict?.details?.length ? html`<ul class="verdict">${verdict.details.map((d) => html`<li>${d}</li>`)}</ul>` : null}
<div class="figures">${figures.map((f) => figureBox(f, completed))}</div>
</section>`;
}

function figureBox(f: HeadlineFigure, completed: boolean): SafeHtml {
  const where =
    f.value === null
      ? completed
        ? 'no ETA read'
        : 'unknown: the job did not complete'
      : f.fromS === null
        ? ''
        : f.id === 'eta_stuck_max_s'
          ? `from ${f.fromS} s to ${f.toS} s`
          : f.id === 'eta_error_max_s'
            ? `at ${f.toS} s`
            : 'over every poll while running';
  return html`<div class="figure" id="fig-${f.id}"><div class="name">${figureWords(f.id)}</div><div class="value">${figureValue(f.id, f.value)}</div><div class="where muted">${where}</div></div>`;
}
