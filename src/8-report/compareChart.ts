import { CHART_CONFIG, CHART_PADDING } from './_internals/chartStyle.js';
import type { TopLevelSpec } from 'vega-lite';
import { readMessage } from '../2-wire/ProgressMessage.js';
import { TRACKER_WRITER } from '../5-invariants/JobTrace.js';
import type { Violation } from '../5-invariants/Violation.js';
import type { ScenarioComparison } from '../7-orchestration/compare/compareResults.js';
import type { ScenarioResult } from '../7-orchestration/suite/ScenarioResult.js';
import { downsample, stepCorners } from './_internals/downsample.js';
import { CHANNEL_POINTS_MAX, DEFAULT_LAYOUT, MARKS_MAX, timelineRows, type ChartLayout, type TimelineRow } from './chartData.js';
import { etaYEncoding, stageLabelLayers, timelineLabelLayers, timelineLayers, timelineSets, withData, withRows, worstLabelLayers, worstLabelSets, xEncoding, xMaxParams } from './chartSpecs.js';
import { stageBands, type StageBand } from './stageBands.js';
import { bandRows, type BandRow } from './stageLabels.js';
import { scenarioTimeline, transitionEvent, type TimelineEvent } from './timeline.js';
import { traceView, type TraceView } from './TraceView.js';
import { violationGroups } from './violationGroups.js';
import { violationLanes, type ViolationLane } from './violationLanes.js';
import { placeLabels, worstMarks, type ViolationMark, type WorstLabel } from './worstLabels.js';
import { VIOLATION_COLOR, writerStyles, type WriterStyle } from './writerPalette.js';

/** The two sides of a comparison, in drawing order. */
export const COMPARE_SIDES = ['baseline', 'candidate'] as const;
export type CompareSide = (typeof COMPARE_SIDES)[number];

/** Each side's colour, in the chart and its legend. */
export const SIDE_COLORS: Readonly<Record<CompareSide, string>> = { baseline: '#64748b', candidate: '#ea580c' };
/** Each side's violation mark. */
export const SIDE_SHAPES: Readonly<Record<CompareSide, string>> = { baseline: 'circle', candidate: 'diamond' };
const TRUE_REMAINING_COLOR = '#111827';

/** Invariants about the ETA: their worst instances are ringed and named on the chart; every invariant has lanes under it. */
const ETA_INVARIANTS: ReadonlySet<string> = new Set(['eta-zero-mid-run', 'eta-jump', 'eta-stuck', 'eta-error']);

interface Row {
  readonly at_s: number;
  readonly y: number;
  readonly seq: number;
  readonly side: string;
}

/** A ring at a side's worst instance of an invariant. */
interface Ring extends ViolationMark {
  readonly side: CompareSide;
  /** The side again, under its own name, so that vega-lite does not try to merge the shape and colour legends. */
  readonly shape_side: CompareSide;
}

/** What the comparison chart draws: both sides' ETA as the page showed it, the true remaining time, stage bands, events and each side's worst violations. */
export interface CompareChartData {
  readonly xMaxS: number;
  readonly capS: number;
  readonly tickS: number;
  readonly bands: readonly BandRow[];
  /** The scenario's events (its cancels, errors and fault windows), each side's end and each side's CP-SAT → GA transition with its ETA before and after. */
  readonly timeline: readonly TimelineRow[];
  /** Each side's tracker's ETA as the page showed it. */
  readonly eta: readonly Row[];
  /** The ETAs other writers (legacy ones) published, which each side's page showed too. */
  readonly others: readonly Row[];
  /** One line when both runs ended at the same instant (side `true remaining time`), else one per side. */
  readonly trueRemaining: readonly Row[];
  /** Rings at each side's worst instance of each invariant it broke (circle: baseline, diamond: candidate). */
  readonly rings: readonly Ring[];
  /** Those instances named, with side and writer. */
  readonly worst: readonly WorstLabel[];
  /** The violations chart's lanes: per side, invariant and writer. */
  readonly lanes: readonly ViolationLane[];
  /** Writers' colours for the lanes' ticks. */
  readonly styles: readonly WriterStyle[];
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
    messageNotes: r.run.messageNotes,
  });
}

/** The data of one scenario's comparison chart, bounded like a run's charts. */
export function compareChartData(c: ScenarioComparison, layout: ChartLayout = DEFAULT_LAYOUT): CompareChartData {
  const views = { baseline: viewOf(c.baseline), candidate: viewOf(c.candidate) };
  const sideBands = (side: CompareSide): StageBand[] => {
    const view = views[side];
    return view ? stageBands(view, c[side].run?.spans ?? null, c[side].scenario.tracker.stages) : [];
  };
  const bandsOf = { baseline: sideBands('baseline'), candidate: sideBands('candidate') };
  const spanned = c.baseline.run ? c.baseline : c.candidate;
  const bands = c.baseline.run ? bandsOf.baseline : bandsOf.candidate;
  const ran = COMPARE_SIDES.flatMap((side) => (views[side] ? [[side, views[side]!] as const] : []));
  const xMaxS = Math.max(1, ...ran.map(([, v]) => Math.max(v.lastS, v.endS ?? 0)), ...bands.map((b) => b.endS));
  const { capS, tickS } = etaAxis(ran.map(([, v]) => v));
  let thinned = 0;
  const eta: Row[] = [];
  const others: Row[] = [];
  for (const [side, view] of ran) {
    // The tracker's ETA is the line; what other writers published, which the page showed too, are dots (a line through both zig-zags).
    const mineEvery: Row[] = [];
    const theirs: Row[] = [];
    view.channel.forEach((o, seq) => {
      if (o.message.etaS === null) return;
      (o.message.writer === TRACKER_WRITER ? mineEvery : theirs).push({ at_s: o.atS, y: Math.min(o.message.etaS, capS), seq, side });
    });
    // The line's repeated values draw nothing: only what is left counts against the budget, and as thinned.
    const mine = stepCorners(mineEvery, (r) => r.y);
    const keptMine = downsample(mine, (r) => r.y, Math.floor(CHANNEL_POINTS_MAX / 2));
    const keptTheirs = downsample(theirs, (r) => r.y, Math.floor(MARKS_MAX / 2));
    thinned += mine.length - keptMine.length + theirs.length - keptTheirs.length;
    for (const row of keptMine) eta.push(row);
    for (const row of keptTheirs) others.push(row);
  }
  const ends = ran.map(([side, v]) => [side, v.endS] as const).filter((e): e is readonly [CompareSide, number] => e[1] !== null);
  const oneEnd = ends.length === 2 && ends[0]![1] === ends[1]![1];
  const trueRemaining: Row[] = (oneEnd ? [['true remaining time', ends[0]![1]] as const] : ends).flatMap(([side, endS]) => [
    { at_s: 0, y: Math.min(endS, capS), seq: 0, side },
    { at_s: endS, y: 0, seq: 1, side },
  ]);
  const bandRowsOf = bandRows(bands, xMaxS, layout.widthPx);
  const timeline = timelineRows(sideEvents(c, views, bandsOf), xMaxS, layout.widthPx);
  const frame = { capY: capS, xMaxS, widthPx: layout.widthPx, heightPx: layout.etaHeightPx };
  const rings: Ring[] = [];
  const labels: WorstLabel[] = [];
  const lanes: ViolationLane[] = [];
  for (const [side, view] of ran) {
    const violations = c[side].violations;
    const marks = violations.map((v, i) => ({ at_s: v.at_s, y: ringY(v, view), title: `${side} #${i + 1} ${v.invariant} at ${v.at_s} s, ${v.writer} (${v.view} view): ${v.message}`, n: i + 1 }));
    const ringed = marks.filter((m) => m.y !== null).map((m) => ({ ...m, y: Math.min(m.y!, capS) }));
    // Only the ETA's invariants are named on the ETA chart; every invariant has its lanes below it.
    const onChart = marks.filter((m) => ETA_INVARIANTS.has(violations[m.n - 1]!.invariant));
    const found = worstMarks(violationGroups(violations, view.job.startS), onChart, ringed, frame, `${side}: `);
    for (const r of found.rings) rings.push({ ...r, side, shape_side: side });
    for (const l of found.labels) labels.push(l);
    for (const l of violationLanes(violations, view.job.startS, `${side}: `)) lanes.push(l);
    thinned += lanes.reduce((n, l) => n + Math.max(0, l.ticks.length - MARKS_MAX), 0);
  }
  return {
    xMaxS,
    capS,
    tickS,
    bands: bandRowsOf,
    timeline,
    eta,
    others,
    trueRemaining,
    rings,
    worst: placeLabels(labels, frame, bandRowsOf, timeline),
    lanes,
    styles: writerStyles([...new Set(ran.flatMap(([, v]) => v.writers))]),
    thinned,
    views,
  };
}

/**
 * What happened, for both sides: the scenario's cancels, errors and fault
 * windows once (both sides had them), each side's end (once when both ended
 * alike), and each side's CP-SAT → GA transition with the ETA its page
 * showed before and after: the handover where the reported bug lived.
 */
function sideEvents(c: ScenarioComparison, views: Readonly<Record<CompareSide, TraceView | null>>, bandsOf: Readonly<Record<CompareSide, readonly StageBand[]>>): TimelineEvent[] {
  const ran = COMPARE_SIDES.filter((side) => views[side] !== null && c[side].run !== null);
  const endOf = (side: CompareSide) => scenarioTimeline(c[side]).find((e) => e.kind === 'end') ?? null;
  const first = ran[0];
  const shared = first === undefined ? [] : scenarioTimeline(c[first]).filter((e) => e.kind !== 'end');
  const sideEnds = ran.map((side) => [side, endOf(side)] as const);
  const alike = sideEnds.length === 2 && sideEnds[0]![1]?.label === sideEnds[1]![1]?.label && sideEnds[0]![1]?.fromS === sideEnds[1]![1]?.fromS;
  const ends = alike
    ? sideEnds.slice(0, 1).flatMap(([, e]) => (e ? [{ ...e, label: `${e.label} (both)`, title: `${e.title}, on both trackers` }] : []))
    : sideEnds.flatMap(([side, e]) => (e ? [{ ...e, label: `${side} ${e.label}`, title: `${side}: ${e.title}` }] : []));
  const transitions = ran.flatMap((side) => {
    const t = transitionEvent(views[side]!, bandsOf[side]);
    return t ? [{ ...t, label: `${side} ${t.label}`, title: `${side}: ${t.title}` }] : [];
  });
  return [...shared, ...ends, ...transitions];
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
  const x = xEncoding;
  const y = etaYEncoding(data.capS, data.tickS, layout.etaHeightPx);
  const sides = [...COMPARE_SIDES, 'true remaining time'];
  const color = { field: 'side', type: 'nominal', scale: { domain: sides, range: [...COMPARE_SIDES.map((s) => SIDE_COLORS[s]), TRUE_REMAINING_COLOR] }, legend: null };
  const shape = { field: 'shape_side', type: 'nominal', scale: { domain: [...COMPARE_SIDES], range: COMPARE_SIDES.map((s) => SIDE_SHAPES[s]) }, legend: null };
  const description = { field: 'title', type: 'nominal' };
  const order = { field: 'seq', type: 'quantitative' };
  // The baseline wide and pale under the candidate: where both trackers showed the same ETA, both lines still show.
  const line = (side: CompareSide, strokeWidth: number, opacity: number) => ({
    data: { name: 'eta' },
    transform: [{ filter: `datum.side == '${side}'` }],
    mark: { type: 'line', interpolate: 'step-after', strokeWidth, opacity, clip: true },
    encoding: { x: x('at_s'), y, color, detail: { field: 'side' }, order },
  });
  // Drawn only when they have rows (withData); the other layers always are: the axes come from them.
  const optional = { rings: data.rings, ...timelineSets(data.timeline), ...worstLabelSets(data.worst) };
  const rings = {
    data: { name: 'rings' },
    mark: { type: 'point', filled: false, color: VIOLATION_COLOR, size: 90, strokeWidth: 1.5, opacity: 0.9, aria: true },
    encoding: { x: x('at_s'), y, shape, description },
  };
  const spec = {
    width: layout.widthPx,
    height: layout.etaHeightPx,
    padding: CHART_PADDING,
    config: CHART_CONFIG,
    params: xMaxParams(data.xMaxS),
    datasets: {
      bands: data.bands,
      eta: data.eta,
      others: data.others,
      trueRemaining: data.trueRemaining,
      ...withRows(optional),
    },
    layer: [
      {
        data: { name: 'bands' },
        mark: { type: 'rect', aria: true },
        encoding: { x: x('start_s'), x2: { field: 'end_s' }, fill: { field: 'fill', type: 'nominal', scale: null }, description },
      },
      ...stageLabelLayers(x),
      ...withData(optional, timelineLayers(x)),
      {
        data: { name: 'trueRemaining' },
        mark: { type: 'line', strokeWidth: 1.5, strokeDash: [6, 4], clip: true },
        encoding: { x: x('at_s'), y, color, detail: { field: 'side' }, order },
      },
      {
        data: { name: 'others' },
        mark: { type: 'point', shape: 'square', filled: true, size: 6, opacity: 0.55, clip: true },
        encoding: { x: x('at_s'), y, color },
      },
      line('baseline', 5, 0.45),
      line('candidate', 2, 1),
      ...withData(optional, [...timelineLabelLayers(x), rings, ...worstLabelLayers(x, y)]),
    ],
  };
  // vega-lite's types do not follow a spec built from parts; renderSvg compiles it and the tests render it.
  return spec as unknown as TopLevelSpec;
}
