import { TRACKER_WRITER } from '../5-invariants/JobTrace.js';
import { readMessage, round3, type ProgressMessage } from '../2-wire/ProgressMessage.js';
import type { Violation } from '../5-invariants/Violation.js';
import { downsample } from './_internals/downsample.js';
import { formatDurationS } from './formatDuration.js';
import type { StageBand } from './stageBands.js';
import type { TraceView } from './TraceView.js';
import { writerStyles, type WriterStyle } from './writerPalette.js';

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

/** A stage band as the chart draws it. */
export interface BandRow {
  readonly start_s: number;
  readonly end_s: number;
  readonly mid_s: number;
  /** The display name, shortened to fit the band (empty when nothing fits). */
  readonly label: string;
  /** Full name and times, shown on hover. */
  readonly title: string;
  readonly fill: string;
}

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

/** Where a violation is marked: a rule at `at_s`, and a ring at the offending value when it has one. */
export interface ViolationMark {
  readonly at_s: number;
  readonly y: number | null;
  readonly title: string;
  /** Its number in the report's list. */
  readonly n: number;
}

/** A label naming an invariant where it first broke. */
export interface FirstLabel {
  readonly at_s: number;
  readonly y: number;
  readonly label: string;
  /** Drawn above the mark (in the lower half of the chart) or below it (in the upper half). */
  readonly above: boolean;
  /** Drawn to the left of the mark near the right edge, so that it stays inside the chart. */
  readonly leftOf: boolean;
}

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
  /** The first violation of each invariant, named on the chart (labels that would overlap are joined). */
  readonly firsts: readonly FirstLabel[];
  /** Points left out to keep the chart bounded. */
  readonly thinned: number;
}

/** The data of a report's two charts. */
export interface ChartData {
  readonly xMaxS: number;
  readonly bands: readonly BandRow[];
  readonly styles: readonly WriterStyle[];
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
export function chartData(view: TraceView, violations: readonly Violation[], bands: readonly StageBand[], layout: ChartLayout): ChartData {
  let xMaxS = Math.max(1, view.lastS, view.endS ?? 0);
  for (const b of bands) xMaxS = Math.max(xMaxS, b.endS);
  const ticks = etaTicks(view);
  const progressOf = (m: ProgressMessage): number | null => m.progress;
  const etaOf = (m: ProgressMessage): number | null => m.etaS;
  return {
    xMaxS,
    bands: bandRows(bands, xMaxS, layout.widthPx),
    styles: writerStyles(view.writers),
    progress: series(view, violations, progressOf, 100, xMaxS, (id) => !ETA_INVARIANTS.has(id), 'progress'),
    eta: {
      ...series(view, violations, etaOf, ticks.capS, xMaxS, (id) => !PROGRESS_INVARIANTS.has(id), 'ETA'),
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
  value: (m: ProgressMessage) => number | null,
  capY: number,
  xMaxS: number,
  marks: (invariant: string) => boolean,
  quantity: string,
): ChartSeries {
  const clamp = (y: number): number => Math.min(y, capY);
  const shownAll: LineRow[] = [];
  view.channel.forEach((o, seq) => {
    const y = value(o.message);
    if (y !== null) shownAll.push({ at_s: o.atS, y: clamp(y), seq });
  });
  const trackerAll: LineRow[] = [];
  const writesAll: WriteRow[] = [];
  view.messages.forEach((m, seq) => {
    const y = value(m);
    if (y === null) return;
    if (m.writer === TRACKER_WRITER) trackerAll.push({ at_s: m.atS, y, seq });
    else writesAll.push({ at_s: m.atS, y, seq, writer: m.writer, title: writeTitle(m) });
  });
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
  const firsts = firstLabels(violations, rulesAll, ringsAll, capY, xMaxS);
  const rules = rulesAll.slice(0, MARKS_MAX);
  const rings = ringsAll.slice(0, MARKS_MAX);
  return {
    shown,
    tracker,
    writes: writes.filter((r) => r.y <= capY),
    offScale: writes.filter((r) => r.y > capY).map((r) => ({ ...r, y: capY })),
    rules,
    rings,
    firsts,
    thinned:
      shownAll.length - shown.length + trackerAll.length - tracker.length + writesAll.length - writes.length +
      rulesAll.length - rules.length + ringsAll.length - rings.length,
  };
}

/** Labels closer than these fractions of the axes are joined into one. */
const LABEL_JOIN_X = 0.06;
const LABEL_JOIN_Y = 0.08;

function firstLabels(
  violations: readonly Violation[],
  rules: readonly ViolationMark[],
  rings: readonly ViolationMark[],
  capY: number,
  xMaxS: number,
): FirstLabel[] {
  const seen = new Set<string>();
  const firsts: FirstLabel[] = [];
  for (const rule of rules) {
    const id = violations[rule.n - 1]!.invariant;
    if (seen.has(id)) continue;
    seen.add(id);
    const ring = rings.find((r) => r.n === rule.n);
    const y = ring?.y ?? capY;
    firsts.push({ at_s: rule.at_s, y, label: id, above: y <= capY / 2, leftOf: rule.at_s > 0.75 * xMaxS });
  }
  const joined: FirstLabel[] = [];
  for (const f of firsts) {
    const near = joined.findIndex((j) => Math.abs(j.at_s - f.at_s) < LABEL_JOIN_X * xMaxS && Math.abs(j.y - f.y) < LABEL_JOIN_Y * capY);
    if (near >= 0) joined[near] = { ...joined[near]!, label: `${joined[near]!.label}, ${f.label}` };
    else joined.push(f);
  }
  return joined;
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

/** Pixels per character of an 11 px sans-serif label, an estimate that errs wide. */
const LABEL_CHAR_PX = 6.4;
const BAND_FILLS = ['#e8edf5', '#f6f8fb'];

function bandRows(bands: readonly StageBand[], xMaxS: number, widthPx: number): BandRow[] {
  return bands.map((b, i) => {
    const chars = Math.floor((((b.endS - b.startS) / xMaxS) * widthPx - 8) / LABEL_CHAR_PX);
    const label = chars >= b.label.length ? b.label : chars >= 4 ? b.label.slice(0, chars - 1) + '…' : '';
    const named = b.label === b.stage ? b.label : `${b.label} (${b.stage})`;
    return {
      start_s: b.startS,
      end_s: b.endS,
      mid_s: round3((b.startS + b.endS) / 2),
      label,
      title: `${named}: ${round3(b.startS)}–${round3(b.endS)} s${b.source === 'published' ? ' (as published)' : ''}`,
      fill: BAND_FILLS[i % 2]!,
    };
  });
}
