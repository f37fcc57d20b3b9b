import { round3 } from '../2-wire/ProgressMessage.js';
import type { StageBand } from './stageBands.js';

/** Short names of the known stages, used when a band is too narrow for its display name. */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  load_data: 'Load',
  clustering: 'Cluster',
  cpsat: 'CP-SAT',
  ga: 'GA',
  rl: 'RL',
  finalize: 'Final',
};

/** Pixels per character of an 11 px sans-serif label, an estimate that errs wide. */
export const LABEL_CHAR_PX = 6.4;
/** Pixel rows (from the plot's top) of the stage labels: inside the band, then two rows for narrow bands. */
const INSIDE_Y_PX = 4;
const OUTSIDE_Y_PX = [18, 31];
const BAND_FILLS = ['#e8edf5', '#f6f8fb'];

/** A stage band as a chart draws it: every band labelled, inside when it fits, else on a row below. */
export interface BandRow {
  readonly start_s: number;
  readonly end_s: number;
  readonly mid_s: number;
  /** The display name when it fits the band, else the stage's short name. */
  readonly label: string;
  /** Pixels from the plot's top where the label goes. */
  readonly label_y: number;
  /** The display name with the technical name: `Optimizing quality (ga)`. */
  readonly name: string;
  /** Full name and times, shown on hover. */
  readonly title: string;
  readonly fill: string;
}

/** The short name of a stage: the table's for known stages, else the first word of its label. */
export function shortStageName(b: Pick<StageBand, 'stage' | 'label'>): string {
  return SHORT_NAMES[b.stage] ?? (b.label.split(/\s+/)[0] ?? b.label).slice(0, 10);
}

/** A stage's display name with its technical name: `Optimizing quality (ga)`. */
export function fullStageName(b: Pick<StageBand, 'stage' | 'label'>): string {
  return b.label === b.stage ? b.label : `${b.label} (${b.stage})`;
}

/**
 * Rows of the stage bands for a chart `widthPx` wide spanning `xMaxS`: a
 * band that holds its display name shows it; a narrower one shows its short
 * name inside when that fits, else on one of two rows below the band labels
 * (alternating, so that neighbouring narrow bands do not overlap).
 */
export function bandRows(bands: readonly StageBand[], xMaxS: number, widthPx: number): BandRow[] {
  let outside = 0;
  const halfS = (label: string) => (((label.length * LABEL_CHAR_PX) / 2 + 2) / widthPx) * xMaxS;
  return bands.map((b, i) => {
    const chars = Math.floor((((b.endS - b.startS) / xMaxS) * widthPx - 8) / LABEL_CHAR_PX);
    const short = shortStageName(b);
    const inside = chars >= b.label.length ? b.label : chars >= short.length ? short : null;
    return {
      start_s: b.startS,
      end_s: b.endS,
      // Centred on the band, but kept inside the plot when the band sits at an edge.
      mid_s: round3(Math.min(Math.max((b.startS + b.endS) / 2, halfS(inside ?? short)), xMaxS - halfS(inside ?? short))),
      label: inside ?? short,
      label_y: inside !== null ? INSIDE_Y_PX : OUTSIDE_Y_PX[outside++ % OUTSIDE_Y_PX.length]!,
      name: fullStageName(b),
      title: `${fullStageName(b)}: ${round3(b.startS)}–${round3(b.endS)} s of virtual time${b.source === 'published' ? ' (as published)' : ''}`,
      fill: BAND_FILLS[i % 2]!,
    };
  });
}
