import type { Violation } from '../5-invariants/Violation.js';
import { round3, type ReadonlyMessageNotes } from '../2-wire/ProgressMessage.js';
import type { StageSpec } from '../3-model/tracker/stageTable.js';
import type { TraceEvent } from '../0-trace/TraceEvent.js';
import { html, trusted, type SafeHtml } from './_internals/html.js';
import { page } from './_internals/page.js';
import { chartData, DEFAULT_LAYOUT, type ChartData, type ChartLayout } from './chartData.js';
import { etaChartSpec, progressChartSpec } from './chartSpecs.js';
import { figureValue, figureWords } from './figureNames.js';
import { formatDurationS } from './formatDuration.js';
import { headlineFigures, headlineSection } from './headline.js';
import { renderSvg } from './renderSvg.js';
import { stageBands, type StageBand, type StageSpanLike } from './stageBands.js';
import { fullStageName, shortStageName } from './stageLabels.js';
import { terminalEvent, transitionEvent, type TimelineEvent } from './timeline.js';
import { traceView, type TraceView } from './TraceView.js';
import { violationLanes, violationLanesSpec } from './violationLanes.js';
import { violationsSection } from './violationsSection.js';
import { eventList, stageLegend } from './chartLegend.js';
import { pageHeader } from './pageHeader.js';
import { TRACKER_COLOR, VIOLATION_COLOR } from './writerPalette.js';

/** What a report says besides the charts; every string is escaped. */
export interface TraceReportMeta {
  /** A paragraph under the title. */
  readonly description?: string;
  /** Whether the run met its expectation (the scenario's verdict): a badge, the verdict line in words and the differences. Absent for a capture, which has no expectation. */
  readonly verdict?: { readonly ok: boolean; readonly summary: string; readonly details?: readonly string[] };
  /** Name and value rows: profile, writers, error path, seed, … */
  readonly parameters?: ReadonlyArray<readonly [string, string]>;
  /** What each stage was planned to do, by technical stage name. */
  readonly stagePlan?: Readonly<Record<string, string>>;
  readonly metrics?: Readonly<Record<string, number | string | null>>;
  /** The one command that reproduces this trace. */
  readonly replay?: string | null;
  /** Links shown above the title (trace files, the index): relative URLs, already URL-encoded (see relativeHref). */
  readonly links?: ReadonlyArray<{ readonly label: string; readonly href: string }>;
  /** Lines worth saying, e.g. how a capture's writers were told apart. */
  readonly notes?: readonly string[];
}

/** One trace to draw: the simulator's run, or a capture that `etasim check` read. */
export interface TraceReportInput {
  readonly title: string;
  readonly events: readonly TraceEvent[];
  readonly violations: readonly Violation[];
  /** Real stage times; without them the bands follow the stage the tracker published. */
  readonly spans?: readonly StageSpanLike[] | null;
  /** The tracker's stage table, for display names. */
  readonly stages?: readonly StageSpec[];
  readonly jobId?: string;
  readonly pollMs?: number;
  /** When the job really ended (origin of the true remaining time); see TraceViewOptions. */
  readonly endS?: number | null;
  /** See TraceViewOptions. */
  readonly messageNotes?: ReadonlyMessageNotes;
  readonly meta?: TraceReportMeta;
  readonly layout?: ChartLayout;
  /** What happened to the job (cancels, errors, a timeout, fault windows, its end); the job's end from its first terminal message when absent. The CP-SAT → GA transition is added from the stage bands. */
  readonly timeline?: readonly TimelineEvent[];
}

/**
 * A trace as one self-contained HTML page: progress and ETA against virtual
 * time (the true remaining time beside the ETA), stage bands, each writer in
 * its colour, every violation marked where it happened and listed with its
 * witnesses, then the parameters, metrics and replay command. Pure: the same
 * input gives the same bytes.
 */
export async function renderTraceReport(input: TraceReportInput, view: TraceView = reportView(input)): Promise<string> {
  const layout = input.layout ?? DEFAULT_LAYOUT;
  const bands = stageBands(view, input.spans, input.stages);
  const given = input.timeline ?? [];
  const end = given.some((e) => e.kind === 'end') ? null : terminalEvent(view);
  const transition = transitionEvent(view, bands);
  const timeline = [...given, ...(end ? [end] : []), ...(transition ? [transition] : [])];
  const data = chartData(view, input.violations, bands, layout, timeline);
  const meta = input.meta ?? {};
  const figures = headlineFigures(view);
  const charts =
    view.messages.length === 0
      ? html`<div class="panel"><p class="muted">The trace holds no progress message of job ${view.job.jobId || '(none)'}: nothing to draw.</p></div>`
      : await chartsSection(view, data, input.violations, layout);
  const body = html`
${pageHeader(input.title, meta)}
${headlineSection(meta.verdict, input.violations, figures, view.endS !== null)}
${charts}
${violationsSection(input.violations, view.job.startS, figures)}
${parametersSection(meta, bands, input.spans ? 'run' : 'published')}
${metricsSection(meta, view)}
${meta.replay ? html`<h2>Replay</h2><pre><code>${meta.replay}</code></pre>` : null}
`;
  return page(input.title, body);
}

/** The view of `input`'s trace a report draws (its job, poll period and end): given to renderTraceReport by a caller that has read it already (trace.csv's). */
export function reportView(input: TraceReportInput): TraceView {
  return traceView(input.events, {
    ...(input.jobId === undefined ? {} : { jobId: input.jobId }),
    ...(input.pollMs === undefined ? {} : { pollMs: input.pollMs }),
    ...(input.endS === undefined ? {} : { endS: input.endS }),
    ...(input.messageNotes === undefined ? {} : { messageNotes: input.messageNotes }),
  });
}

async function chartsSection(view: TraceView, data: ChartData, violations: readonly Violation[], layout: ChartLayout): Promise<SafeHtml> {
  const progressSvg = await renderSvg(progressChartSpec(data, layout), 'progress-chart');
  const etaSvg = await renderSvg(etaChartSpec(data, layout), 'eta-chart');
  const lanes = violationLanesSpec(violationLanes(violations, view.job.startS), data.xMaxS, data.styles, layout);
  const lanesSvg = lanes === null ? null : await renderSvg(lanes, 'violations-chart');
  const off = data.eta.offScale.length;
  const thinned = data.progress.thinned + data.eta.thinned;
  return html`<section class="panel chart">
${legend(view, data)}
<h2>ETA shown, and the true remaining time</h2>
${trusted(etaSvg)}
<p class="note">${view.endS === null ? 'The job did not complete, so the true remaining time is unknown and not drawn. ' : `Dashed: the true remaining time (the job ended at ${view.endS} s of virtual time). `}ETA axis cut at ${formatDurationS(data.eta.capS)}${off ? `; ${off} ETA value${off === 1 ? '' : 's'} above it drawn as ▲ at the top edge` : ''}.${data.groups.length ? ' Red rings: the worst instance of each broken invariant; every instance is on the violations chart below (hover a mark for what it is).' : ''}${thinned ? ` ${thinned} points were thinned to keep the charts small; trace.csv has every observation.` : ''}</p>
<h2>Progress</h2>
${trusted(progressSvg)}
${lanesSvg === null ? null : html`<h2>Violations over virtual time</h2>${trusted(lanesSvg)}<p class="note">One lane per broken invariant and writer, shaded from its first to its last violation; a tick per violation, in its writer's colour.</p>`}
</section>`;
}

function legend(view: TraceView, data: ChartData): SafeHtml {
  const writers = data.styles.map((s) => {
    const count = view.messageCounts.get(s.writer) ?? 0;
    const isTracker = s.color === TRACKER_COLOR;
    return html`<span class="item"><span class="sw${isTracker ? ' line' : ''}" style="background:${s.color}"></span>${s.writer} <span class="muted">(${count} message${count === 1 ? '' : 's'})</span></span>`;
  });
  const several = data.shownAsPoints;
  return html`<div class="legend">${writers}
<span class="item"><span class="sw${several ? '' : ' line'}" style="background:#94a3b8"></span>what the page showed (channel)${several ? ', each message' : ''}</span>
${view.endS === null ? null : html`<span class="item"><span class="sw dash" style="border-color:#111827"></span>true remaining time</span>`}
${data.groups.length ? html`<span class="item"><span class="sw ring"></span>worst violation of each invariant</span>` : null}
</div>
${stageLegend(data.bands)}
${eventList(data.timeline)}`;
}

function parametersSection(meta: TraceReportMeta, bands: readonly StageBand[], source: 'run' | 'published'): SafeHtml {
  const params = meta.parameters ?? [];
  const plan = meta.stagePlan ?? {};
  const rows = bands.map(
    (b) => html`<tr><td title="${fullStageName(b)}">${b.label} <span class="muted">(${shortStageName(b)})</span></td><td><code>${b.stage}</code></td><td>${plan[b.stage] ?? ''}</td><td class="num">${round3(b.startS)}</td><td class="num">${round3(b.endS)}</td><td class="num">${round3(b.endS - b.startS)}</td></tr>`,
  );
  const ran = new Set(bands.map((b) => b.stage));
  const skipped = Object.entries(plan).filter(([stage]) => !ran.has(stage));
  return html`<h2>Parameters</h2>
${params.length ? html`<table><tbody>${params.map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}</tbody></table>` : null}
<h3>Stages ${source === 'run' ? '(virtual times of the run)' : '(as the tracker published them, virtual time)'}</h3>
<table><thead><tr><th>stage</th><th>name</th><th>plan</th><th class="num">start (s of virtual time)</th><th class="num">end (s)</th><th class="num">took (s)</th></tr></thead>
<tbody>${rows}${skipped.map(([stage, text]) => html`<tr><td class="muted">not run</td><td><code>${stage}</code></td><td>${text}</td><td></td><td></td><td></td></tr>`)}</tbody></table>`;
}

function metricsSection(meta: TraceReportMeta, view: TraceView): SafeHtml {
  const metrics = Object.entries(meta.metrics ?? {});
  const writers = [...view.messageCounts];
  return html`<h2>Metrics</h2>
<table><tbody>
${metrics.map(([k, v]) => html`<tr><th>${figureWords(k)} <code class="muted">${k}</code></th><td class="num">${figureValue(k, v)}</td></tr>`)}
${writers.map(([w, n]) => html`<tr><th>messages by ${w}</th><td class="num">${n}</td></tr>`)}
</tbody></table>`;
}
