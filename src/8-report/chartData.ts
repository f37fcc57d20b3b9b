import { TRACKER_WRITER } from '../5-invariants/JobTrace.js';
import { readMessage, round3, type ProgressMessage } from '../2-wire/ProgressMessage.js';
import type { Violation } from '../5-invariants/Violation.js';
import { downsample, stepCorners } from './_internals/downsample.js';
import { formatDurationS } from './formatDuration.js';
import type { StageBand } from './stageBands.js';
import { bandRows, LABEL_CHAR_PX, type BandRow } from './stageLabels.js';
import type { TimelineEvent } from './timeline.js';
import { violationGroups, type ViolationGroup } from './violationGroups.js';
import type { TraceView } from './TraceView.js';
import { writerStyles, type WriterStyle } from './writerPalette.js';
import { placeLabels, worstMarks, type LabelFrame, type ViolationMark, type WorstLabel } from './worstLabels.js';

/** Channel points per chart at most: the tracker's line and the page's line share it. */
export const CHANNEL_POINTS_MAX = 3000;
/** Non-tracker writes, and violation marks, per chart at most; beyond it they are thinned and the page says so. */
export const MARKS_MAX = 20_000;

/** Chart sizes, in CSS pixels. */
export interface ChartLayout {
  readonly widthPx: number;
  readonly progressHeightPx: number;
  readonly etaHeightPx: number;
}

export const DEFAULT_LAYOUT: ChartLayout = { widthPx: 1000, progressHeightPx: 220, etaHeightPx: 300 };

/** Invariants about the ETA: marked on the ETA chart. */
const ETA_INVARIANTS: ReadonlySet<string> = new Set(['eta-zero-mid-run', 'eta-jump', 'eta-stuck', 'eta-error']);
/** Invariants about progress: marked on the progress chart. Any other is marked on both. */
const PROGRESS_INVARIANTS: ReadonlySet<string> = new Set(['progress-regression', 'progress-leap']);

export type { BandRow } from './stageLabels.js';

/** A point of a line: the tracker's, the page's or the true remaining time. */
export interface LineRow {
  readonly at_s: number;
  readonly y: number;
  /** Draw order, so that several values at one instant keep issue order. */
  readonly seq: number;
}

/** A non-tracker write. */
export interface WriteRow extends LineRow {
  readonly writer: string;
  readonly title: string;
}

export type { ViolationMark, WorstLabel } from './worstLabels.js';

/** Everything one chart draws. */
export interface ChartSeries {
  /** What the page's subscriber shows, in order (every writer). */
  readonly shown: readonly LineRow[];
  readonly tracker: readonly LineRow[];
  /** Non-tracker writes within the value axis. */
  readonly writes: readonly WriteRow[];
  /** Non-tracker writes above the value axis, drawn at its top edge. */
  readonly offScale: readonly WriteRow[];
  readonly rules: readonly ViolationMark[];
  readonly rings: readonly ViolationMark[];
  /** The worst violation of each invariant, named on the chart (labels that would overlap are joined). */
  readonly worst: readonly WorstLabel[];
  /** Rings at the worst violations only: the rest are ticks on the violations chart. */
  readonly worstRings: readonly ViolationMark[];
  /** Points left out to keep the chart bounded. */
  readonly thinned: number;
}

/** An event as the charts draw it: a rule (an instant) or a shaded window, named on a label row. */
export interface TimelineRow {
  readonly kind: TimelineEvent['kind'];
  readonly from_s: number;
  readonly to_s: number;
  readonly label: string;
  readonly title: string;
  /** Pixels from the plot's top. */
  readonly label_y: number;
  /** Where the label's text starts: right of the event, or (near the right edge) ending left of it. */
  readonly label_x_s: number;
  readonly align: 'left' | 'right';
}

/** The data of a report's two charts. */
export interface ChartData {
  readonly xMaxS: number;
  readonly bands: readonly BandRow[];
  /** Cancels, errors, timeouts, fault windows, the CP-SAT → GA transition and the job's end. */
  readonly timeline: readonly TimelineRow[];
  /** The violations by invariant (see violationGroups). */
  readonly groups: readonly ViolationGroup[];
  readonly styles: readonly WriterStyle[];
  /**
   * The page's values are dots, not a line: with several writers (besides
   * the api's) the page flips between their values, and a line through
   * them would zig-zag over everything.
   */
  readonly shownAsPoints: boolean;
  readonly progress: ChartSeries;
  readonly eta: ChartSeries & {
    /** Top of the ETA axis. */
    readonly capS: number;
    /** Spacing of the ETA axis' ticks. */
    readonly tickS: number;
    /** The true remaining time, a straight line to the job's end (below the cap, which is above the job's duration); empty when unknown. */
    readonly trueRemaining: readonly LineRow[];
  };
}

/** The data of both charts of one job, bounded (see CHANNEL_POINTS_MAX and MARKS_MAX). */
export function chartData(
  view: TraceView,
  violations: readonly Violation[],
  bands: readonly StageBand[],
  layout: ChartLayout,
  timeline: readonly TimelineEvent[] = [],
): ChartData {
  let xMaxS = Math.max(1, view.lastS, view.endS ?? 0);
  for (const b of bands) xMaxS = Math.max(xMaxS, b.endS);
  for (const e of timeline) xMaxS = Math.max(xMaxS, e.toS);
  const groups = violationGroups(violations, view.job.startS);
  const ticks = etaTicks(view);
  const progressOf = (m: ProgressMessage): number | null => m.progress;
  const etaOf = (m: ProgressMessage): number | null => m.etaS;
  const bandsRows = bandRows(bands, xMaxS, layout.widthPx);
  const shownAsPoints = view.writers.filter((w) => w !== 'api').length > 1;
  const timelineRowsOf = timelineRows(timeline, xMaxS, layout.widthPx);
  const labelled = { bands: bandsRows, timeline: timelineRowsOf };
  return {
    xMaxS,
    bands: bandsRows,
    timeline: timelineRowsOf,
    groups,
    styles: writerStyles(view.writers),
    shownAsPoints,
    progress: series(view, violations, groups, progressOf, (id) => !ETA_INVARIANTS.has(id), 'progress', { capY: 100, xMaxS, widthPx: layout.widthPx, heightPx: layout.progressHeightPx }, labelled, shownAsPoints),
    eta: {
      ...series(view, violations, groups, etaOf, (id) => !PROGRESS_INVARIANTS.has(id), 'ETA', { capY: ticks.capS, xMaxS, widthPx: layout.widthPx, heightPx: layout.etaHeightPx }, labelled, shownAsPoints),
      ...ticks,
      trueRemaining:
        view.endS === null
          ? []
          : [
              { at_s: 0, y: view.endS, seq: 0 },
              { at_s: view.endS, y: 0, seq: 1 },
            ],
    },
  };
}

function series(
  view: TraceView,
  violations: readonly Violation[],
  groups: readonly ViolationGroup[],
  value: (m: ProgressMessage) => number | null,
  marks: (invariant: string) => boolean,
  quantity: string,
  frame: LabelFrame,
  labelled: { readonly bands: readonly BandRow[]; readonly timeline: readonly TimelineRow[] },
  shownAsPoints: boolean,
): ChartSeries {
  const capY = frame.capY;
  const clamp = (y: number): number => Math.min(y, capY);
  const shownEvery: LineRow[] = [];
  view.channel.forEach((o, seq) => {
    const y = value(o.message);
    if (y !== null) shownEvery.push({ at_s: o.atS, y: clamp(y), seq });
  });
  const trackerEvery: LineRow[] = [];
  const writesAll: WriteRow[] = [];
  view.messages.forEach((m, seq) => {
    const y = value(m);
    if (y === null) return;
    if (m.writer === TRACKER_WRITER) trackerEvery.push({ at_s: m.atS, y, seq });
    else writesAll.push({ at_s: m.atS, y, seq, writer: m.writer, title: writeTitle(m) });
  });
  // The lines' repeated values draw nothing (stepCorners); only what is left counts against the budget, and as thinned.
  const shownAll = shownAsPoints ? shownEvery : stepCorners(shownEvery, (r) => r.y);
  const trackerAll = stepCorners(trackerEvery, (r) => r.y);
  // The page's line and the tracker's share the budget in proportion to their sizes.
  const channelAll = shownAll.length + trackerAll.length;
  const share = channelAll <= CHANNEL_POINTS_MAX ? 1 : CHANNEL_POINTS_MAX / channelAll;
  const shown = downsample(shownAll, (r) => r.y, Math.floor(shownAll.length * share));
  const tracker = downsample(trackerAll, (r) => r.y, Math.floor(trackerAll.length * share));
  const writes = downsample(writesAll, (r) => r.y, MARKS_MAX);
  const rulesAll: ViolationMark[] = [];
  const ringsAll: ViolationMark[] = [];
  violations.forEach((v, i) => {
    if (!marks(v.invariant)) return;
    const last = v.witnesses[v.witnesses.length - 1];
    const offending = last ? readMessage(last, 0, view.job.startS) : null;
    const y = offending === null ? null : value(offending);
    const title = `#${i + 1} ${v.invariant} at ${v.at_s} s, ${v.writer} (${v.view} view): ${v.message}`;
    rulesAll.push({ at_s: v.at_s, y: null, title, n: i + 1 });
    const ringY = y ?? (quantity === 'ETA' && v.invariant === 'eta-zero-mid-run' ? 0 : null);
    if (ringY !== null) ringsAll.push({ at_s: v.at_s, y: clamp(ringY), title, n: i + 1 });
  });
  const found = worstMarks(groups, rulesAll, ringsAll, frame);
  const worstRings = found.rings;
  const worst = placeLabels(found.labels, frame, labelled.bands, labelled.timeline);
  const rules = rulesAll.slice(0, MARKS_MAX);
  const rings = ringsAll.slice(0, MARKS_MAX);
  return {
    shown,
    tracker,
    writes: writes.filter((r) => r.y <= capY),
    offScale: writes.filter((r) => r.y > capY).map((r) => ({ ...r, y: capY })),
    rules,
    rings,
    worst,
    worstRings,
    thinned:
      shownAll.length - shown.length + trackerAll.length - tracker.length + writesAll.length - writes.length +
      rulesAll.length - rules.length + ringsAll.length - rings.length,
  };
}


/** Pixel rows (from the plot's top) of event labels, below the stage labels' rows. */
const EVENT_ROWS_Y_PX = [46, 60, 74, 88];

/** Events placed on label rows so that no two labels on a row overlap (the last row takes what is left). */
export function timelineRows(events: readonly TimelineEvent[], xMaxS: number, widthPx: number): TimelineRow[] {
  const rowEndPx = EVENT_ROWS_Y_PX.map(() => -Infinity);
  const rowStartPx = EVENT_ROWS_Y_PX.map(() => Infinity);
  const sorted = [...events].sort((a, b) => a.fromS - b.fromS);
  return sorted.map((e) => {
    const xPx = (e.fromS / xMaxS) * widthPx;
    const textPx = e.label.length * LABEL_CHAR_PX + 8;
    const right = xPx + textPx > widthPx;
    const [startPx, endPx] = right ? [xPx - textPx, xPx] : [xPx, xPx + textPx];
    let row = rowEndPx.findIndex((end, i) => end < startPx || rowStartPx[i]! > endPx);
    if (row < 0) row = EVENT_ROWS_Y_PX.length - 1;
    rowEndPx[row] = Math.max(rowEndPx[row]!, endPx);
    rowStartPx[row] = Math.min(rowStartPx[row]!, startPx);
    return {
      kind: e.kind,
      from_s: e.fromS,
      to_s: e.toS,
      label: e.label,
      title: e.title,
      label_y: EVENT_ROWS_Y_PX[row]!,
      label_x_s: e.fromS,
      align: right ? 'right' : 'left',
    };
  });
}

function writeTitle(m: ProgressMessage): string {
  const parts = [`${m.writer} at ${m.atS} s`];
  if (m.progress !== null) parts.push(`progress ${m.progress} %`);
  if (m.hasEtaField) parts.push(m.etaS === null ? 'ETA missing' : `ETA ${formatDurationS(m.etaS)}`);
  if (m.stage !== null) parts.push(`stage ${m.stage}`);
  if (m.status !== null && m.status !== 'running') parts.push(m.status);
  return parts.join(', ');
}

/** Tick spacings of the ETA axis, seconds. */
const ETA_STEPS_S = [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400, 172_800, 604_800];
/** Ticks on the ETA axis at most. */
const ETA_TICKS_MAX = 8;

/**
 * The top of the ETA axis: the tracker's largest ETA (or, without a tracker,
 * the 95th percentile of every ETA) and the job's true duration, with room.
 * A legacy writer's ETA of hours would otherwise flatten everything that
 * matters; such writes are drawn at the top edge and say their value on hover.
 */
function etaTicks(view: TraceView): { capS: number; tickS: number } {
  const tracker = view.messages.filter((m) => m.writer === TRACKER_WRITER && m.etaS !== null).map((m) => m.etaS!);
  const all = view.messages.filter((m) => m.etaS !== null).map((m) => m.etaS!).sort((a, b) => a - b);
  // A loop, not Math.max(...tracker): a spread of a long run's ETAs overflows the stack.
  let trackerMax = -Infinity;
  for (const eta of tracker) if (eta > trackerMax) trackerMax = eta;
  const base = tracker.length ? trackerMax : (all[Math.floor(all.length * 0.95)] ?? 0);
  const wanted = Math.max(base, view.endS ?? 0, 60) * 1.1;
  const tickS = ETA_STEPS_S.find((s) => wanted / s <= ETA_TICKS_MAX) ?? ETA_STEPS_S[ETA_STEPS_S.length - 1]!;
  return { capS: Math.ceil(wanted / tickS) * tickS, tickS };
}
