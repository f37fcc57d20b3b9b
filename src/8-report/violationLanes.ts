import { CHART_CONFIG, CHART_PADDING } from './_internals/chartStyle.js';
import type { TopLevelSpec } from 'vega-lite';
import type { Violation } from '../5-invariants/Violation.js';
import { MARKS_MAX, type ChartLayout } from './chartData.js';
import { xEncoding, xMaxParams } from './chartSpecs.js';
import { groupSentence, joinWords, violationGroups, worstLabel, type ViolationGroup } from './violationGroups.js';
import type { WriterStyle } from './writerPalette.js';
import { VIOLATION_COLOR } from './writerPalette.js';

/** Pixels per lane of the violations chart; narrower when there are many (a comparison's two sides). */
const LANE_PX = 34;
const LANE_PX_MANY = 26;
const MANY_LANES = 12;

/** One lane of the violations chart: an invariant broken by one writer (on one side of a comparison). */
export interface ViolationLane {
  /** Drawn on the lane: `eta-jump × 96 by cpsat_direct, 36–340 s; worst +8 min (0 s → 8 min)`. */
  readonly label: string;
  /** Shown on hover over the lane's band. */
  readonly title: string;
  readonly fromS: number;
  readonly toS: number;
  /** Its violations (MARKS_MAX at most drawn), each coloured by its writer. */
  readonly ticks: ReadonlyArray<{ readonly at_s: number; readonly writer: string; readonly title: string }>;
}

/** A lane's words: the invariant, how often, by whom, over what stretch of virtual time, and its worst when it has a size. */
export function laneSentence(g: ViolationGroup): string {
  const when = g.count === 1 ? `at ${g.fromS} s` : `${g.fromS}–${g.toS} s`;
  const worst = g.sized && g.count > 1 ? `; worst ${g.worstText}` : g.count === 1 && g.worstText ? `: ${g.worstText}` : '';
  return `${g.invariant} × ${g.count} by ${joinWords(g.writers)}, ${when}${worst}`;
}

/**
 * The lanes of `violations`: one per invariant and writer (an invariant's
 * lanes together), so that who broke what reads off the lane's name.
 * `prefix` starts each label and title (a comparison's side).
 */
export function violationLanes(violations: readonly Violation[], startS: number, prefix = ''): ViolationLane[] {
  return violationGroups(violations, startS, 'writer').map((g) => ({
    label: prefix + laneSentence(g),
    title: `${prefix}${groupSentence(g)}; ${worstLabel(g)} (#${g.worst + 1})`,
    fromS: g.fromS,
    toS: g.toS,
    ticks: g.members.slice(0, MARKS_MAX).map((i) => {
      const v = violations[i]!;
      return { at_s: v.at_s, writer: v.writer, title: `${prefix}#${i + 1} ${v.invariant} at ${v.at_s} s, ${v.writer} (${v.view} view): ${v.message}` };
    }),
  }));
}

/**
 * The violations chart, under the others on the same time axis: a lane per
 * invariant and writer, a band over the time it kept breaking, a tick per
 * violation in its writer's colour, and the lane named in words. Null when
 * nothing broke.
 */
export function violationLanesSpec(laneList: readonly ViolationLane[], xMaxS: number, styles: readonly WriterStyle[], layout: ChartLayout): TopLevelSpec | null {
  if (laneList.length === 0) return null;
  const lanes = laneList.map((l, lane) => ({ lane, from_s: l.fromS, to_s: Math.max(l.toS, l.fromS + xMaxS / 400), label: l.label, title: l.title }));
  const ticks = laneList.flatMap((l, lane) => l.ticks.map((t) => ({ lane, ...t })));
  const x = xEncoding;
  const y = (field: string) => ({
    field,
    type: 'quantitative',
    scale: { domain: [0, lanes.length], nice: false, zero: true, reverse: true },
    // An axis without labels, as wide as the other charts' value axes, so that the time axes line up.
    axis: { title: 'invariant', labels: false, ticks: false, domain: false, grid: false, minExtent: 52, maxExtent: 52 },
  });
  const color = {
    field: 'writer',
    type: 'nominal',
    scale: { domain: styles.map((w) => w.writer), range: styles.map((w) => w.color) },
    legend: null,
  };
  const at = (offset: number) => ({ calculate: `datum.lane + ${offset}`, as: `lane_${Math.round(offset * 100)}` });
  const spec = {
    width: layout.widthPx,
    height: lanes.length * (lanes.length > MANY_LANES ? LANE_PX_MANY : LANE_PX),
    padding: CHART_PADDING,
    config: {
      ...CHART_CONFIG,
      axisY: { minExtent: 52, maxExtent: 52 },
    },
    params: xMaxParams(xMaxS),
    datasets: { lanes, ticks },
    layer: [
      {
        data: { name: 'lanes' },
        transform: [at(0.5), at(0.9)],
        mark: { type: 'rect', color: VIOLATION_COLOR, opacity: 0.18, aria: true },
        encoding: { x: x('from_s'), x2: { field: 'to_s' }, y: y('lane_50'), y2: { field: 'lane_90' }, description: { field: 'title', type: 'nominal' } },
      },
      {
        data: { name: 'ticks' },
        transform: [at(0.5), at(0.9)],
        mark: { type: 'rule', strokeWidth: 1, opacity: 0.8, aria: true },
        encoding: { x: x('at_s'), y: y('lane_50'), y2: { field: 'lane_90' }, color, description: { field: 'title', type: 'nominal' } },
      },
      {
        name: 'lane_label',
        data: { name: 'lanes' },
        transform: [at(0.45)],
        mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, fontSize: 11, fontWeight: 'bold', color: '#7f1d1d' },
        encoding: { x: { value: 0 }, y: y('lane_45'), text: { field: 'label' } },
      },
    ],
  };
  // vega-lite's types do not follow a spec built from parts; renderSvg compiles it and the tests render it.
  return spec as unknown as TopLevelSpec;
}
