import { CHART_CONFIG, CHART_PADDING } from './_internals/chartStyle.js';
import type { TopLevelSpec } from 'vega-lite';
import { readMessage } from '../2-wire/ProgressMessage.js';
import { TRACKER_WRITER } from '../5-invariants/JobTrace.js';
import type { Violation } from '../5-invariants/Violation.js';
import type { ScenarioComparison } from '../7-orchestration/compare/compareResults.js';
import type { ScenarioResult } from '../7-orchestration/suite/ScenarioResult.js';
import { downsample } from './_internals/downsample.js';
import { CHANNEL_POINTS_MAX, DEFAULT_LAYOUT, MARKS_MAX, type ChartLayout } from './chartData.js';
import { stageBands, type StageBand } from './stageBands.js';
import { stageLabelLayers, TIMELINE_COLORS, timelineLayers } from './chartSpecs.js';
import { bandRows, type BandRow } from './stageLabels.js';
import { scenarioTimeline, transitionEvent } from './timeline.js';
import { timelineRows, type TimelineRow } from './chartData.js';
import { traceView, type TraceView } from './TraceView.js';
import { VIOLATION_COLOR } from './writerPalette.js';

/** The two sides of a comparison, in drawing order. */
export const COMPARE_SIDES = ['baseline', 'candidate'] as const;
export type CompareSide = (typeof COMPARE_SIDES)[number];

/** Each side's colour, in the chart and its legend. */
export const SIDE_COLORS: Readonly<Record<CompareSide, string>> = { baseline: '#64748b', candidate: '#ea580c' };
/** Each side's violation mark. */
export const SIDE_SHAPES: Readonly<Record<CompareSide, string>> = { baseline: 'circle', candidate: 'diamond' };
const TRUE_REMAINING_COLOR = '#111827';

/** Invariants marked with a ring at the ETA they saw; any other is marked by a rule at its time only. */
const ETA_INVARIANTS: ReadonlySet<string> = new Set(['eta-zero-mid-run', 'eta-jump', 'eta-stuck', 'eta-error']);

interface Row {
  readonly at_s: number;
  readonly y: number;
  readonly seq: number;
  readonly side: string;
}

interface Mark {
  readonly at_s: number;
  readonly y: number | null;
  readonly side: CompareSide;
  /** The side again, under its own name, so that vega-lite does not try to merge the shape and colour legends. */
  readonly shape_side?: CompareSide;
  readonly title: string;
}

/** What the comparison chart draws: both sides' ETA as the page showed it, the true remaining time, stage bands and violations. */
export interface CompareChartData {
  readonly xMaxS: number;
  readonly capS: number;
  readonly tickS: number;
  readonly bands: readonly BandRow[];
  /** The scenario's events (its cancels, errors and fault windows, the baseline's end) and the CP-SAT → GA transition. */
  readonly timeline: readonly TimelineRow[];
  readonly eta: readonly Row[];
  /** One line when both runs ended at the same instant (side `true remaining time`), else one per side. */
  readonly trueRemaining: readonly Row[];
  readonly rules: readonly Mark[];
  readonly rings: readonly Mark[];
  /** Points and marks left out to keep the chart bounded. */
  readonly thinned: number;
  /** Each side's view, null when it did not run. */
  readonly views: Readonly<Record<CompareSide, TraceView | null>>;
}

function viewOf(r: ScenarioResult): TraceView | null {
  if (!r.run) return null;
  return traceView(r.run.trace, {
    jobId: r.run.jobId,
    pollMs: r.scenario.checks.pollMs,
    endS: r.run.outcome === 'completed' ? r.run.endMs / 1000 : null,
  });
}

/** The data of one scenario's comparison chart, bounded like a run's charts. */
export function compareChartData(c: ScenarioComparison): CompareChartData {
  const views = { baseline: viewOf(c.baseline), candidate: viewOf(c.candidate) };
  const spanned = c.baseline.run ? c.baseline : c.candidate;
  const bandView = views.baseline ?? views.candidate;
  const bands: StageBand[] = bandView ? stageBands(bandView, spanned.run?.spans ?? null, spanned.scenario.tracker.stages) : [];
  const ran = COMPARE_SIDES.flatMap((side) => (views[side] ? [[side, views[side]!] as const] : []));
  const xMaxS = Math.max(1, ...ran.map(([, v]) => Math.max(v.lastS, v.endS ?? 0)), ...bands.map((b) => b.endS));
  const { capS, tickS } = etaAxis(ran.map(([, v]) => v));
  let thinned = 0;
  const eta: Row[] = [];
  for (const [side, view] of ran) {
    const all: Row[] = [];
    view.channel.forEach((o, seq) => {
      if (o.message.etaS !== null) all.push({ at_s: o.atS, y: Math.min(o.message.etaS, capS), seq, side });
    });
    const kept = downsample(all, (r) => r.y, Math.floor(CHANNEL_POINTS_MAX / 2));
    thinned += all.length - kept.length;
    for (const row of kept) eta.push(row);
  }
  const ends = ran.map(([side, v]) => [side, v.endS] as const).filter((e): e is readonly [CompareSide, number] => e[1] !== null);
  const oneEnd = ends.length === 2 && ends[0]![1] === ends[1]![1];
  const trueRemaining: Row[] = (oneEnd ? [['true remaining time', ends[0]![1]] as const] : ends).flatMap(([side, endS]) => [
    { at_s: 0, y: Math.min(endS, capS), seq: 0, side },
    { at_s: endS, y: 0, seq: 1, side },
  ]);
  const rules: Mark[] = [];
  const rings: Mark[] = [];
  for (const side of COMPARE_SIDES) {
    const r = c[side];
    const view = views[side];
    if (!view) continue;
    r.violations.forEach((v, i) => {
      const title = `${side} #${i + 1} ${v.invariant} at ${v.at_s} s, ${v.writer} (${v.view} view): ${v.message}`;
      rules.push({ at_s: v.at_s, y: null, side, title });
      const y = ringY(v, view);
      if (y !== null) rings.push({ at_s: v.at_s, y: Math.min(y, capS), side, shape_side: side, title });
    });
  }
  thinned += Math.max(0, rules.length - MARKS_MAX) + Math.max(0, rings.length - MARKS_MAX);
  return {
    xMaxS,
    capS,
    tickS,
    bands: bandRows(bands, xMaxS, DEFAULT_LAYOUT.widthPx),
    timeline: timelineRows(
      [
        ...scenarioTimeline(spanned).map((e) => (e.kind === 'end' ? { ...e, label: `${spanned === c.baseline ? 'baseline' : 'candidate'} ${e.label}` } : e)),
        ...(bandView ? [transitionEvent(bandView, bands)].filter((e) => e !== null) : []),
      ],
      xMaxS,
      DEFAULT_LAYOUT.widthPx,
    ),
    eta,
    trueRemaining,
    rules: rules.slice(0, MARKS_MAX),
    rings: rings.slice(0, MARKS_MAX),
    thinned,
    views,
  };
}

/** The ETA a violation's last witness showed, when it is about the ETA (0 for an ETA that was missing mid-run). */
function ringY(v: Violation, view: TraceView): number | null {
  if (!ETA_INVARIANTS.has(v.invariant)) return null;
  const last = v.witnesses[v.witnesses.length - 1];
  const eta = last ? readMessage(last, 0, view.job.startS).etaS : null;
  return eta ?? (v.invariant === 'eta-zero-mid-run' ? 0 : null);
}


const ETA_STEPS_S = [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400, 172_800, 604_800];
const ETA_TICKS_MAX = 8;

/** The ETA axis: both trackers' largest ETA and both runs' durations, with room (a legacy writer's hours are cut at the top). */
function etaAxis(views: readonly TraceView[]): { capS: number; tickS: number } {
  let base = 60;
  for (const v of views) {
    for (const m of v.messages) if (m.writer === TRACKER_WRITER && m.etaS !== null) base = Math.max(base, m.etaS);
    base = Math.max(base, v.endS ?? 0);
  }
  const wanted = base * 1.1;
  const tickS = ETA_STEPS_S.find((s) => wanted / s <= ETA_TICKS_MAX) ?? ETA_STEPS_S[ETA_STEPS_S.length - 1]!;
  return { capS: Math.ceil(wanted / tickS) * tickS, tickS };
}

/** The vega-lite spec of the comparison chart. */
export function compareChartSpec(data: CompareChartData, layout: ChartLayout = DEFAULT_LAYOUT): TopLevelSpec {
  const values: number[] = [];
  for (let v = 0; v <= data.capS; v += data.tickS) values.push(v);
  // Only constants reach this expression, never a string from a trace.
  const labelExpr = data.tickS >= 3600 ? "datum.value / 3600 + ' h'" : data.tickS >= 60 ? "datum.value / 60 + ' min'" : "datum.value + ' s'";
  const x = (field: string) => ({
    field,
    type: 'quantitative',
    scale: { domain: [0, data.xMaxS], nice: false, zero: true },
    axis: { title: 'virtual time since start (s)', tickCount: 12, grid: true },
  });
  const y = {
    field: 'y',
    type: 'quantitative',
    scale: { domain: [0, data.capS], nice: false },
    axis: { title: 'ETA shown', values, grid: true, minExtent: 52, maxExtent: 52, labelExpr },
  };
  const sides = [...COMPARE_SIDES, 'true remaining time'];
  const color = { field: 'side', type: 'nominal', scale: { domain: sides, range: [...COMPARE_SIDES.map((s) => SIDE_COLORS[s]), TRUE_REMAINING_COLOR] }, legend: null };
  const shape = { field: 'shape_side', type: 'nominal', scale: { domain: [...COMPARE_SIDES], range: COMPARE_SIDES.map((s) => SIDE_SHAPES[s]) }, legend: null };
  const description = { field: 'title', type: 'nominal' };
  const order = { field: 'seq', type: 'quantitative' };
  const spec = {
    width: layout.widthPx,
    height: layout.etaHeightPx,
    padding: CHART_PADDING,
    config: CHART_CONFIG,
    datasets: {
      bands: data.bands,
      timeline: data.timeline.map((e) => ({ ...e, color: TIMELINE_COLORS[e.kind] ?? '#0f172a' })),
      eta: data.eta,
      trueRemaining: data.trueRemaining,
      rules: data.rules,
      rings: data.rings,
    },
    layer: [
      {
        data: { name: 'bands' },
        mark: { type: 'rect', aria: true },
        encoding: { x: x('start_s'), x2: { field: 'end_s' }, fill: { field: 'fill', type: 'nominal', scale: null }, description },
      },
      ...stageLabelLayers(x),
      ...timelineLayers(x),
      {
        data: { name: 'rules' },
        mark: { type: 'rule', opacity: 0.35, strokeWidth: 1, strokeDash: [3, 3], aria: true },
        encoding: { x: x('at_s'), color, description },
      },
      {
        data: { name: 'trueRemaining' },
        mark: { type: 'line', strokeWidth: 1.5, strokeDash: [6, 4], clip: true },
        encoding: { x: x('at_s'), y, color, detail: { field: 'side' }, order },
      },
      {
        data: { name: 'eta' },
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2, clip: true },
        encoding: { x: x('at_s'), y, color, detail: { field: 'side' }, order },
      },
      {
        data: { name: 'rings' },
        mark: { type: 'point', filled: false, color: VIOLATION_COLOR, size: 90, strokeWidth: 1.5, opacity: 0.9, aria: true },
        encoding: { x: x('at_s'), y, shape, description },
      },
    ],
  };
  // vega-lite's types do not follow a spec built from parts; renderSvg compiles it and the tests render it.
  return spec as unknown as TopLevelSpec;
}
