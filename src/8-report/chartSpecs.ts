import { CHART_CONFIG, CHART_PADDING } from './_internals/chartStyle.js';
import type { TopLevelSpec } from 'vega-lite';
import type { ChartData, ChartLayout, ChartSeries, TimelineRow, WorstLabel } from './chartData.js';
import { TRACKER_COLOR, VIOLATION_COLOR, type WriterStyle } from './writerPalette.js';

/** The page's line (what the channel showed, every writer): neutral, under the writers' colours. */
const SHOWN_COLOR = '#94a3b8';
const TRUE_REMAINING_COLOR = '#111827';

/** Layout of a chart's value axis. */
interface ValueAxis {
  readonly title: string;
  readonly domain: readonly [number, number];
  readonly values: readonly number[];
  readonly labelExpr?: string;
  readonly heightPx: number;
}

/** The progress chart: progress against virtual time, per writer, with stage bands and violations. */
export function progressChartSpec(data: ChartData, layout: ChartLayout): TopLevelSpec {
  return chartSpec(data, data.progress, layout, {
    title: 'progress (%)',
    domain: [0, 100],
    values: [0, 20, 40, 60, 80, 100],
    heightPx: layout.progressHeightPx,
  }, []);
}

/** The ETA chart: the ETA shown against virtual time, the true remaining time beside it (dashed). */
export function etaChartSpec(data: ChartData, layout: ChartLayout): TopLevelSpec {
  const axis = etaAxis(data.eta.capS, data.eta.tickS, layout.etaHeightPx);
  const trueRemaining = {
    data: { name: 'trueRemaining' },
    mark: { type: 'line', stroke: TRUE_REMAINING_COLOR, strokeWidth: 1.5, strokeDash: [6, 4], clip: true },
    encoding: { x: xEncoding('at_s'), y: yEncoding(axis), order: order() },
  };
  return chartSpec(data, data.eta, layout, axis, [trueRemaining], { trueRemaining: data.eta.trueRemaining });
}

/** How an ETA chart encodes the ETA on y: 0 to `capS`, a tick every `tickS`, labelled in s, min or h. */
export function etaYEncoding(capS: number, tickS: number, heightPx: number): object {
  return yEncoding(etaAxis(capS, tickS, heightPx));
}

function etaAxis(capS: number, tickS: number, heightPx: number): ValueAxis {
  const values: number[] = [];
  for (let v = 0; v <= capS; v += tickS) values.push(v);
  // Only constants reach these expressions: never a string from a trace.
  const labelExpr = tickS >= 3600 ? "datum.value / 3600 + ' h'" : tickS >= 60 ? "datum.value / 60 + ' min'" : "datum.value + ' s'";
  return { title: 'ETA shown', domain: [0, capS], values, labelExpr, heightPx };
}

function chartSpec(
  data: ChartData,
  s: ChartSeries,
  layout: ChartLayout,
  axis: ValueAxis,
  extraLayers: readonly object[],
  extraData: Record<string, readonly object[]> = {},
): TopLevelSpec {
  const x = xEncoding;
  const y = yEncoding(axis);
  const color = WRITER_COLOR;
  const shape = WRITER_SHAPE;
  const description = { field: 'title', type: 'nominal' };
  // Drawn only when they have rows (withData); the other layers always are: the axes come from them.
  const optional = {
    offScale: styled(s.offScale, data.styles),
    rings: s.worstRings,
    ...timelineSets(data.timeline),
    ...worstLabelSets(s.worst),
  };
  const offScale = {
    name: 'off_scale',
    data: { name: 'offScale' },
    mark: { type: 'point', shape: 'triangle-up', filled: true, size: 44, opacity: 0.9, aria: true },
    encoding: { x: x('at_s'), y, color, description },
  };
  const rings = {
    name: 'rings',
    data: { name: 'rings' },
    mark: { type: 'point', shape: 'circle', filled: false, color: VIOLATION_COLOR, size: 90, strokeWidth: 1.25, opacity: 0.85, aria: true },
    encoding: { x: x('at_s'), y, description },
  };
  const spec = {
    width: layout.widthPx,
    height: axis.heightPx,
    padding: CHART_PADDING,
    config: CHART_CONFIG,
    params: xMaxParams(data.xMaxS),
    datasets: {
      bands: data.bands,
      shown: s.shown,
      tracker: s.tracker,
      writes: styled(s.writes, data.styles),
      ...withRows(optional),
      ...extraData,
    },
    layer: [
      {
        data: { name: 'bands' },
        mark: { type: 'rect', aria: true },
        encoding: { x: x('start_s'), x2: { field: 'end_s' }, fill: { field: 'fill', type: 'nominal', scale: null }, description },
      },
      ...stageLabelLayers(x),
      ...withData(optional, timelineLayers(x)),
      ...extraLayers,
      data.shownAsPoints
        ? {
            data: { name: 'shown' },
            mark: { type: 'point', shape: 'square', filled: true, size: 5, color: SHOWN_COLOR, opacity: 0.6, clip: true },
            encoding: { x: x('at_s'), y },
          }
        : {
            data: { name: 'shown' },
            mark: { type: 'line', interpolate: 'step-after', stroke: SHOWN_COLOR, strokeWidth: 1, opacity: 0.7, clip: true },
            encoding: { x: x('at_s'), y, order: order() },
          },
      {
        data: { name: 'tracker' },
        mark: { type: 'line', interpolate: 'step-after', stroke: TRACKER_COLOR, strokeWidth: 2.25, clip: true },
        encoding: { x: x('at_s'), y, order: order() },
      },
      {
        data: { name: 'writes' },
        mark: { type: 'point', filled: true, size: 28, opacity: 0.9, aria: true, clip: true },
        encoding: { x: x('at_s'), y, color, shape, description },
      },
      ...withData(optional, [offScale, rings, ...timelineLabelLayers(x), ...worstLabelLayers(x, y)]),
    ],
  };
  // vega-lite's types do not follow a spec built from parts; renderSvg compiles it and the tests render every layer.
  return spec as unknown as TopLevelSpec;
}

/**
 * A writer's colour and marker shape on a chart: they ride in the data
 * (styled), not in a scale, so that charts of runs with other writers are
 * one chart shape (renderSvg compiles each shape once).
 */
const WRITER_COLOR = { field: 'writer_color', type: 'nominal', scale: null } as const;
const WRITER_SHAPE = { field: 'writer_shape', type: 'nominal', scale: null } as const;

/** `rows`, each with its writer's colour and shape (`writer_color`, `writer_shape`) from `styles`, which style every writer of the view the rows come from. */
function styled<R extends { readonly writer: string }>(rows: readonly R[], styles: readonly WriterStyle[]): Array<R & { writer_color: string; writer_shape: string }> {
  const byWriter = new Map(styles.map((w) => [w.writer, w]));
  return rows.map((r) => {
    const style = byWriter.get(r.writer);
    if (style === undefined) throw new Error(`no chart style for writer '${r.writer}'`);
    return { ...r, writer_color: style.color, writer_shape: style.shape };
  });
}

/** Where invariant labels go relative to their mark: one dataset per place, since vega-lite cannot offset text per datum. */
const LABEL_PLACES = [false, true].flatMap((above) =>
  [false, true].map((leftOf) => ({ name: `labels${above ? 'Above' : 'Below'}${leftOf ? 'Left' : 'Right'}`, above, leftOf })),
);

/** The worst labels split by place, one dataset each (see worstLabelLayers). */
export function worstLabelSets(worst: readonly WorstLabel[]): Record<string, object[]> {
  const sets: Record<string, object[]> = {};
  for (const place of LABEL_PLACES) sets[place.name] = worst.filter((f) => f.above === place.above && f.leftOf === place.leftOf);
  return sets;
}

/** The worst labels' text layers, each label twice, a white halo under it, so that it reads over the marks. */
export function worstLabelLayers(x: XEncoding, y: object): object[] {
  return LABEL_PLACES.flatMap((place) =>
    [{ stroke: 'white', strokeWidth: 4, strokeJoin: 'round' }, {}].map((halo) => ({
      name: `worst_label${'stroke' in halo ? '_halo' : ''}_${place.name}`,
      data: { name: place.name },
      mark: {
        type: 'text',
        align: place.leftOf ? 'right' : 'left',
        baseline: place.above ? 'bottom' : 'top',
        dx: place.leftOf ? -6 : 6,
        dy: place.above ? -6 : 6,
        fontSize: 11,
        fontWeight: 'bold',
        color: VIOLATION_COLOR,
        ...halo,
      },
      encoding: { x: x('at_s'), y, text: { field: 'label' } },
    })),
  );
}

/**
 * The datasets of `sets` that have rows. With withData, a layer with
 * nothing to draw is left out of the chart: an empty layer still costs vega
 * its dataflow, about half of a chart's layers in the library.
 */
export function withRows(sets: Readonly<Record<string, readonly object[]>>): Record<string, readonly object[]> {
  return Object.fromEntries(Object.entries(sets).filter(([, rows]) => rows.length > 0));
}

/** The layers of `layers` whose dataset (one of `sets`) has rows; see withRows. */
export function withData(sets: Readonly<Record<string, readonly object[]>>, layers: readonly object[]): object[] {
  return layers.filter((l) => (sets[(l as { data: { name: string } }).data.name]?.length ?? 0) > 0);
}

/**
 * The events split as the layers draw them: shaded windows, instants (a
 * rule), and the labels by side (vega-lite has no align channel), each
 * with its colour (TIMELINE_COLORS).
 */
export function timelineSets(timeline: readonly TimelineRow[]): Record<TimelineSet, object[]> {
  const rows = timeline.map((e) => ({ ...e, color: TIMELINE_COLORS[e.kind] ?? '#0f172a' }));
  return {
    timelineWindows: rows.filter((e) => e.to_s > e.from_s),
    timelineInstants: rows.filter((e) => e.to_s === e.from_s),
    eventLabelsLeft: rows.filter((e) => e.align === 'left'),
    eventLabelsRight: rows.filter((e) => e.align === 'right'),
  };
}

type TimelineSet = 'timelineWindows' | 'timelineInstants' | 'eventLabelsLeft' | 'eventLabelsRight';

/** How a layer encodes virtual time on x. */
export type XEncoding = (field: string) => object;

/** Colours of the events drawn on the charts; a fault window is shaded in its colour. */
export const TIMELINE_COLORS: Readonly<Record<string, string>> = {
  cancel: '#0f766e',
  error: '#b91c1c',
  timeout: '#9a3412',
  fault: '#d97706',
  end: '#0f172a',
  transition: '#7c3aed',
};

/**
 * A label's height in pixels, from its datum's `label_y` (scale null: the
 * value is the pixel row), so that one text layer draws every row.
 */
const LABEL_ROW_Y = { field: 'label_y', type: 'quantitative', scale: null } as const;

/** Stage names on their rows (each band's `label_y`). */
export function stageLabelLayers(x: XEncoding): object[] {
  return [
    {
      name: 'stage_label_rows',
      data: { name: 'bands' },
      mark: { type: 'text', baseline: 'top', fontSize: 11, color: '#475569', aria: true },
      encoding: { x: x('mid_s'), y: LABEL_ROW_Y, text: { field: 'label' }, description: { field: 'title', type: 'nominal' } },
    },
  ];
}

/** Fault windows shaded and instants as solid rules (their labels: timelineLabelLayers, drawn over the lines); data: timelineSets. */
export function timelineLayers(x: XEncoding): object[] {
  // The colour rides in the data (scale null): a second colour scale would clash with the writers'.
  const color = { field: 'color', type: 'nominal', scale: null };
  const description = { field: 'title', type: 'nominal' };
  return [
    {
      name: 'timeline_windows',
      data: { name: 'timelineWindows' },
      mark: { type: 'rect', opacity: 0.16, aria: true },
      encoding: { x: x('from_s'), x2: { field: 'to_s' }, color, description },
    },
    {
      name: 'timeline_instants',
      data: { name: 'timelineInstants' },
      mark: { type: 'rule', strokeWidth: 1.5, opacity: 0.9, aria: true },
      encoding: { x: x('from_s'), color, description },
    },
  ];
}

/** Each event named on its label row (its `label_y`; data: timelineSets), a white halo under the text, so that it reads over the lines drawn before it. */
export function timelineLabelLayers(x: XEncoding): object[] {
  // The colour rides in the data (scale null): a second colour scale would clash with the writers'.
  const color = { field: 'color', type: 'nominal', scale: null };
  // vega-lite has no align channel: a layer per side. Every halo is drawn before any text, so that no halo covers a label.
  return [{ stroke: 'white', strokeWidth: 4, strokeJoin: 'round' }, {}].flatMap((halo) =>
    (['left', 'right'] as const).map((align) => ({
      name: `event_label${'stroke' in halo ? '_halo' : ''}_${align}`,
      data: { name: align === 'left' ? 'eventLabelsLeft' : 'eventLabelsRight' },
      mark: { type: 'text', baseline: 'top', align, dx: align === 'left' ? 4 : -4, fontSize: 11, fontWeight: 'bold', ...halo },
      encoding: { x: x('label_x_s'), y: LABEL_ROW_Y, text: { field: 'label' }, ...('stroke' in halo ? {} : { color }) },
    })),
  );
}

/**
 * The param a chart's time axis ends at. The run's length is the only thing
 * on the axis that differs from run to run, so as a param it leaves one
 * chart shape to compile for many runs (renderSvg compiles each shape once).
 */
export const X_MAX_PARAM = 'x_max_s';

/** The top-level `params` of a chart whose time axis (xEncoding) ends at `xMaxS`. */
export function xMaxParams(xMaxS: number): [{ name: string; value: number }] {
  return [{ name: X_MAX_PARAM, value: xMaxS }];
}

/**
 * How a chart encodes virtual time on x, 0 to the chart's `x_max_s` param
 * (xMaxParams): the same axis on every chart of a page, so that they line up.
 */
export function xEncoding(field: string) {
  return {
    field,
    type: 'quantitative',
    scale: { domain: [0, { expr: X_MAX_PARAM }], nice: false, zero: true },
    axis: { title: 'virtual time since start (s)', tickCount: 12, grid: true },
  } as const;
}

function yEncoding(axis: ValueAxis) {
  return {
    field: 'y',
    type: 'quantitative',
    scale: { domain: [...axis.domain], nice: false },
    axis: {
      title: axis.title,
      values: [...axis.values],
      grid: true,
      minExtent: 52,
      maxExtent: 52,
      ...(axis.labelExpr ? { labelExpr: axis.labelExpr } : {}),
    },
  } as const;
}

function order() {
  return { field: 'seq', type: 'quantitative' } as const;
}
