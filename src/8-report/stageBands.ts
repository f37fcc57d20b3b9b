import { TRACKER_WRITER } from '../5-invariants/JobTrace.js';
import type { StageSpec } from '../3-model/tracker/stageTable.js';
import type { TraceView } from './TraceView.js';

/** When a stage really ran, in virtual ms since the job started (the simulator's `StageSpan`). */
export interface StageSpanLike {
  readonly stage: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** A stage drawn behind the charts. */
export interface StageBand {
  /** The stage's technical name, or the published stage text when the bands come from a capture. */
  readonly stage: string;
  /** What the page calls it (the stage table's display name). */
  readonly label: string;
  readonly startS: number;
  readonly endS: number;
  /** `run`: real stage times; `published`: inferred from the stage the tracker published. */
  readonly source: 'run' | 'published';
}

/** Bands drawn at most: a capture that changes stage text every message stays readable. */
const BANDS_MAX = 64;

/**
 * The stage bands of a report: the real stage times when the simulator knows
 * them (labelled with the stage table's display names), otherwise the runs
 * of one stage text in the tracker's published messages (or every writer's,
 * when no tracker is known), so that a capture's trace gets bands too.
 */
export function stageBands(view: TraceView, spans?: readonly StageSpanLike[] | null, stages?: readonly StageSpec[]): StageBand[] {
  if (spans) {
    const names = new Map((stages ?? []).map((s) => [s.name as string, s.displayName]));
    return spans
      .filter((s) => s.endMs > s.startMs)
      .slice(0, BANDS_MAX)
      .map((s) => ({ stage: s.stage, label: names.get(s.stage) ?? s.stage, startS: s.startMs / 1000, endS: s.endMs / 1000, source: 'run' }));
  }
  return publishedBands(view);
}

function publishedBands(view: TraceView): StageBand[] {
  const hasTracker = view.channel.some((o) => o.message.writer === TRACKER_WRITER);
  const bands: StageBand[] = [];
  let current = null as { stage: string; startS: number } | null;
  let lastS = 0;
  for (const o of view.channel) {
    if (hasTracker && o.message.writer !== TRACKER_WRITER) continue;
    const stage = o.message.stage;
    lastS = o.atS;
    if (stage === null || stage === current?.stage) continue;
    if (current !== null) bands.push({ stage: current.stage, label: current.stage, startS: current.startS, endS: o.atS, source: 'published' });
    if (bands.length >= BANDS_MAX) return bands;
    current = { stage, startS: o.atS };
  }
  if (current !== null && lastS > current.startS) {
    bands.push({ stage: current.stage, label: current.stage, startS: current.startS, endS: lastS, source: 'published' });
  }
  return bands.filter((b) => b.endS > b.startS);
}
