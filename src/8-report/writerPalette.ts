import { TRACKER_WRITER } from '../5-invariants/JobTrace.js';

/** The tracker's colour in every chart and legend: the one writer that should be there. */
export const TRACKER_COLOR = '#1d4ed8';

/** The colour that marks violations; no writer gets it. */
export const VIOLATION_COLOR = '#dc2626';

/** Writers of the simulated service, each with a fixed colour so that reports compare at a glance. */
const KNOWN_COLORS: Readonly<Record<string, string>> = {
  [TRACKER_WRITER]: TRACKER_COLOR,
  api: '#6b7280',
  saga: '#92400e',
  cancel_api: '#0f766e',
  cpsat_direct: '#ea580c',
  ga_direct: '#16a34a',
  rl_fallback: '#9333ea',
  rl_global_repair: '#db2777',
  update_progress: '#0891b2',
};

/** Colours for writers a capture names and the simulator does not, handed out in order of first write. */
const OTHER_COLORS = ['#ca8a04', '#4f46e5', '#be123c', '#65a30d', '#0e7490', '#a21caf', '#57534e', '#b45309'];

/** Marker shapes, one per non-tracker writer, so that colour is not the only cue. */
const SHAPES = ['circle', 'square', 'diamond', 'triangle-down', 'cross', 'triangle-right', 'triangle-left'];

/** A writer's colour and marker shape. */
export interface WriterStyle {
  readonly writer: string;
  readonly color: string;
  readonly shape: string;
}

/**
 * Styles for `writers` (in order of first write): known writers keep their
 * colour everywhere; others take the next free colour. Deterministic.
 */
export function writerStyles(writers: readonly string[]): WriterStyle[] {
  let nextOther = 0;
  let nextShape = 0;
  return writers.map((writer) => {
    let color = Object.hasOwn(KNOWN_COLORS, writer) ? KNOWN_COLORS[writer]! : null;
    if (color === null) {
      color = OTHER_COLORS[nextOther % OTHER_COLORS.length]!;
      nextOther++;
    }
    const shape = writer === TRACKER_WRITER ? 'circle' : SHAPES[nextShape++ % SHAPES.length]!;
    return { writer, color, shape };
  });
}
