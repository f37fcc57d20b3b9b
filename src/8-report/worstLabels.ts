import { LABEL_CHAR_PX, type BandRow } from './stageLabels.js';
import { worstLabel, type ViolationGroup } from './violationGroups.js';

/** Where a violation is marked: a rule at `at_s`, and a ring at the offending value when it has one. */
export interface ViolationMark {
  readonly at_s: number;
  readonly y: number | null;
  readonly title: string;
  /** Its number in the report's list. */
  readonly n: number;
}

/** A label naming an invariant at its worst instance (the biggest jump, the biggest drop, else the first), with its writer. */
export interface WorstLabel {
  readonly at_s: number;
  readonly y: number;
  readonly label: string;
  /** Drawn above the mark (in the lower half of the chart) or below it (in the upper half). */
  readonly above: boolean;
  /** Drawn to the left of the mark near the right edge, so that it stays inside the chart. */
  readonly leftOf: boolean;
}

/** A chart's geometry, for placing labels in pixels. */
export interface LabelFrame {
  readonly capY: number;
  readonly xMaxS: number;
  readonly widthPx: number;
  readonly heightPx: number;
}

/** A label already on the chart that a worst label must not cover: a stage name or an event's label. */
export interface LabelObstacle {
  readonly label: string;
  /** Pixels from the plot's top of the text's top. */
  readonly label_y: number;
}

/**
 * The worst instance of each group: its ring (when it has a value on this
 * chart) and its label, unplaced (see placeLabels). `prefix` starts each
 * label (a comparison's side). Groups whose worst is not on this chart are left out.
 */
export function worstMarks(
  groups: readonly ViolationGroup[],
  rules: readonly ViolationMark[],
  rings: readonly ViolationMark[],
  frame: LabelFrame,
  prefix = '',
): { labels: WorstLabel[]; rings: ViolationMark[] } {
  const labels: WorstLabel[] = [];
  const worstRings: ViolationMark[] = [];
  for (const g of groups) {
    const rule = rules.find((r) => r.n === g.worst + 1);
    if (rule === undefined) continue;
    const ring = rings.find((r) => r.n === rule.n);
    if (ring) worstRings.push(ring);
    const y = ring?.y ?? frame.capY;
    labels.push({ at_s: rule.at_s, y, label: prefix + worstLabel(g), above: y <= frame.capY / 2, leftOf: rule.at_s > 0.6 * frame.xMaxS });
  }
  return { labels, rings: worstRings };
}

/** A label's line height, and the gap between a label and its mark, in pixels. */
const LABEL_LINE_PX = 14;
const LABEL_GAP_PX = 6;
/** Tries at most per label before it is left where it is. */
const PLACE_TRIES_MAX = 8;

interface Box {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

/**
 * Moves labels that would cover an earlier one, a stage name or an event's
 * label a line further from the chart's edge (down for labels under their
 * mark, up for those above it), a few lines at most; text width is
 * estimated at LABEL_CHAR_PX per character. Pure: the same labels give the same places.
 */
export function placeLabels(
  labels: readonly WorstLabel[],
  frame: LabelFrame,
  bands: readonly BandRow[] = [],
  events: ReadonlyArray<LabelObstacle & { readonly label_x_s: number; readonly align: 'left' | 'right' }> = [],
): WorstLabel[] {
  const { capY, xMaxS, widthPx, heightPx } = frame;
  const px = (s: number) => (s / xMaxS) * widthPx;
  const textPx = (text: string) => text.length * LABEL_CHAR_PX + 4;
  const placed: Box[] = [
    ...bands.map((b) => ({ x0: px(b.mid_s) - textPx(b.label) / 2, x1: px(b.mid_s) + textPx(b.label) / 2, y0: b.label_y, y1: b.label_y + 13 })),
    ...events.map((e) => {
      const x = px(e.label_x_s);
      return e.align === 'left' ? { x0: x, x1: x + textPx(e.label) + 4, y0: e.label_y, y1: e.label_y + 13 } : { x0: x - textPx(e.label) - 4, x1: x, y0: e.label_y, y1: e.label_y + 13 };
    }),
  ];
  const unitsPerPx = capY / heightPx;
  return [...labels]
    .sort((a, b) => a.at_s - b.at_s)
    .map((l) => {
      const xPx = px(l.at_s);
      const w = textPx(l.label);
      const [x0, x1] = l.leftOf ? [xPx - LABEL_GAP_PX - w, xPx - LABEL_GAP_PX] : [xPx + LABEL_GAP_PX, xPx + LABEL_GAP_PX + w];
      // The mark's distance from the plot's top; the label sits a gap above or below it.
      let topPx = heightPx - (l.y / capY) * heightPx;
      const box = (t: number): Box =>
        l.above ? { x0, x1, y0: t - LABEL_GAP_PX - LABEL_LINE_PX, y1: t - LABEL_GAP_PX } : { x0, x1, y0: t + LABEL_GAP_PX, y1: t + LABEL_GAP_PX + LABEL_LINE_PX };
      for (let tries = 0; tries < PLACE_TRIES_MAX; tries++) {
        const b = box(topPx);
        if (!placed.some((p) => p.x0 < b.x1 && b.x0 < p.x1 && p.y0 < b.y1 && b.y0 < p.y1)) break;
        topPx += l.above ? -LABEL_LINE_PX : LABEL_LINE_PX;
      }
      placed.push(box(topPx));
      return { ...l, y: Math.round((heightPx - topPx) * unitsPerPx * 1000) / 1000 };
    });
}
