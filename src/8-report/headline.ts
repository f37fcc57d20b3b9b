import { DEFAULT_CHECKS } from '../5-invariants/CheckOptions.js';
import { etaFigures, type FigureSpan } from '../5-invariants/figures.js';
import type { RuleContext } from '../5-invariants/RuleContext.js';
import type { Violation } from '../5-invariants/Violation.js';
import type { ScenarioResult } from '../7-orchestration/suite/ScenarioResult.js';
import { html, type HtmlValue, type SafeHtml } from './_internals/html.js';
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

/** A mark for what a trace shows: `trace: 4 invariants broken` (`who` names it: `candidate: …`), with the ids on hover. */
export function traceMark(violations: readonly Violation[], who = 'trace'): SafeHtml {
  const broken = brokenIds(violations);
  return broken.length
    ? html`<span class="mark broken" title="${broken.join(', ')}">${who}: ${broken.length} invariant${broken.length === 1 ? '' : 's'} broken</span>`
    : html`<span class="mark held">${who}: no invariant broken</span>`;
}

/** The parts of a headline block, each already built. */
export interface HeadlineParts {
  /** The verdict's badge (the scenario's, or the comparison's), null when there is no verdict. */
  readonly badge: SafeHtml | null;
  /** Marks for what the trace (or each side's trace) shows. */
  readonly marks: readonly SafeHtml[];
  /** The verdict in words. */
  readonly line: string;
  /** One line per difference from the expectation. */
  readonly details?: readonly string[];
  /** The figure boxes (see figureBox). */
  readonly figures: readonly SafeHtml[];
}

/** The top of a report page, the same on a scenario's page and a comparison's: badge, marks and verdict line, then the figure boxes. */
export function headlineBlock(p: HeadlineParts): SafeHtml {
  return html`<section class="headline">
<p class="verdict-line">${p.badge}${p.marks}<span class="line">${p.line}</span></p>
${p.details?.length ? html`<ul class="verdict">${p.details.map((d) => html`<li>${d}</li>`)}</ul>` : null}
<div class="figures">${p.figures}</div>
</section>`;
}

/** One figure's box: its name in words, its value (with units) and where or how it was measured; `tone` colours its edge (`worse`, `better`). */
export function figureBox(id: string, value: HtmlValue, where: HtmlValue, tone: 'worse' | 'better' | null = null): SafeHtml {
  return html`<div class="figure${tone ? ` ${tone}` : ''}" id="fig-${id}"><div class="name">${figureWords(id)}</div><div class="value">${value}</div><div class="where muted">${where}</div></div>`;
}

/**
 * The top of a scenario's or a capture's report: the verdict line, a badge
 * for the scenario's verdict (when it has an expectation), a second mark for
 * what the trace shows, and the three headline figures with their units.
 */
export function headlineSection(
  verdict: { readonly ok: boolean; readonly summary: string; readonly details?: readonly string[] } | undefined,
  violations: readonly Violation[],
  figures: readonly HeadlineFigure[],
  completed: boolean,
): SafeHtml {
  const broken = brokenIds(violations);
  const line = verdict ? verdict.summary : broken.length ? `${broken.length} invariant${broken.length === 1 ? '' : 's'} broken: ${broken.join(', ')}.` : 'No invariant broken.';
  return headlineBlock({
    badge: verdict
      ? html`<span class="badge ${verdict.ok ? 'pass' : 'fail'}" title="the scenario's verdict: whether the run met its expectation">${verdict.ok ? 'as expected' : 'unexpected'}</span>`
      : null,
    marks: [traceMark(violations)],
    line,
    ...(verdict?.details ? { details: verdict.details } : {}),
    figures: figures.map((f) => scenarioFigureBox(f, completed)),
  });
}

function scenarioFigureBox(f: HeadlineFigure, completed: boolean): SafeHtml {
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
  return figureBox(f.id, figureValue(f.id, f.value), where);
}
