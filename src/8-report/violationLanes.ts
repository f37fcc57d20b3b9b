import { CHART_CONFIG, CHART_PADDING } from './_internals/chartStyle.js';
import type { TopLevelSpec } from 'vega-lite';
import type { Violation } from '../5-invariants/Violation.js';
import { MARKS_MAX, type ChartData, type ChartLayout } from './chartData.js';
import { groupSentence } from './violationGroups.js';
import { VIOLATION_COLOR } from './writerPalette.js';

/** Pixels per lane of the violations chart. */
const LANE_PX = 34;

/**
 * The violations chart, under the two others on the same time axis: one
 * lane per invariant, a band over the time it kept breaking, a tick per
 * violation in its writer's colour, and the lane named in words
 * (`eta-jump × 96 between 36 s and 340 s, cpsat_direct and tracker`).
 * Null when nothing broke.
 */
export function violationLanesSpec(data: ChartData, violations: readonly Violation[], layout: ChartLayout): TopLevelSpec | null {
  if (data.groups.length === 0) return null;
  const lanes = data.groups.map((g, lane) => ({
    lane,
    from_s: g.fromS,
    to_s: Math.max(g.toS, g.fromS + data.xMaxS / 400),
    label: groupSentence(g),
    title: `${groupSentence(g)}; worst: ${g.worstText} (#${g.worst + 1})`,
  }));
  const ticks = data.groups.flatMap((g, lane) =>
    g.members.slice(0, MARKS_MAX).map((i) => {
      const v = violations[i]!;
      return { lane, at_s: v.at_s, writer: v.writer, title: `#${i + 1} ${v.invariant} at ${v.at_s} s, ${v.writer} (${v.view} view): ${v.message}` };
    }),
  );
  const x = (field: string) => ({
    field,
    type: 'quantitative',
    scale: { domain: [0, data.xMaxS], nice: false, zero: true },
    axis: { title: 'virtual time since start (s)', tickCount: 12, grid: true },
  });
  const y = (field: string) => ({
    field,
    type: 'quantitative',
    scale: { domain: [0, data.groups.length], nice: false, zero: true, reverse: true },
    // An axis without labels, as wide as the other charts' value axes, so that the time axes line up.
    axis: { title: 'invariant', labels: false, ticks: false, domain: false, grid: false, minExtent: 52, maxExtent: 52 },
  });
  const color = {
    field: 'writer',
    type: 'nominal',
    scale: { domain: data.styles.map((w) => w.writer), range: data.styles.map((w) => w.color) },
    legend: null,
  };
  const at = (offset: number) => ({ calculate: `datum.lane + ${offset}`, as: `lane_${Math.round(offset * 100)}` });
  const spec = {
    width: layout.widthPx,
    height: data.groups.length * LANE_PX,
    padding: CHART_PADDING,
    config: {
      ...CHART_CONFIG,
      axisY: { minExtent: 52, maxExtent: 52 },
    },
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
