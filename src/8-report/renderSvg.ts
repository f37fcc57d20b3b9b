import type { TopLevelSpec } from 'vega-lite';

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');

// vega and vega-lite take about 0.75 s to import: load them when the first chart is drawn, not with the CLI.
let libraries: Promise<[Vega, VegaLite]> | null = null;

/**
 * Width of a text as a share of its font size, per character. Without a
 * canvas vega guesses 0.8, wider than any sans-serif: the guess widens a
 * chart's bounds for a long label near its edge, so that charts stacked on
 * one page would not share a time axis. 0.66 is DejaVu Sans Bold's, the
 * widest font a page falls back to.
 */
const TEXT_WIDTH_PER_CHAR_EM = 0.66;

interface TextItem {
  readonly text?: unknown;
  readonly fontSize?: number;
}

function longestLine(text: unknown): number {
  if (Array.isArray(text)) return Math.max(0, ...text.map(longestLine));
  return text === null || text === undefined ? 0 : String(text).length;
}

function loadLibraries(): Promise<[Vega, VegaLite]> {
  libraries ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => {
    // vega's typings leave textMetrics out; it is the hook vega itself documents for measuring text.
    const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }).textMetrics;
    metrics.width = (item, text) => Math.floor(TEXT_WIDTH_PER_CHAR_EM * longestLine(text ?? item.text) * (item.fontSize ?? 11));
    return [vega, vegaLite] as [Vega, VegaLite];
  });
  return libraries;
}

/**
 * Draws a vega-lite spec as an SVG string in Node (no browser, no canvas),
 * made safe to inline several times into one page and reproducible:
 * vega numbers its clip paths and gradients from a process-wide counter, so
 * every `id` is renamed to `<idPrefix>-<n>` in order of appearance. Marks
 * that carry a description (the violations) get it as an SVG `<title>`, the
 * tooltip a browser shows on hover. Vega escapes every text and attribute it
 * writes, so strings in the data stay text.
 */
export async function renderSvg(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const [vega, { compile }] = await loadLibraries();
  const vgSpec = compile(spec).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return rounded(titled(deterministicIds(svg, idPrefix)));
  } finally {
    view.finalize();
  }
}

/** Renames every `id` (and each reference to it) to `<prefix>-<n>`, in order of first appearance. */
export function deterministicIds(svg: string, prefix: string): string {
  const names = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]*)"/g)) {
    if (!names.has(m[1]!)) names.set(m[1]!, `${prefix}-${names.size + 1}`);
  }
  return svg.replace(/(\sid="|url\(#|href="#)([^")]*)/g, (whole, lead: string, name: string) => {
    const renamed = names.get(name);
    return renamed === undefined ? whole : lead + renamed;
  });
}

/**
 * Moves each item's `aria-label` (vega's rendering of a `description`) into a
 * `<title>` child, the tooltip a browser shows on hover, and drops the item's
 * ARIA role attributes, which would otherwise repeat on thousands of marks.
 * The label is already escaped as an attribute, which is also valid element text.
 */
function titled(svg: string): string {
  return svg
    .replace(/ role="graphics-symbol" aria-roledescription="[a-z ]*"/g, '')
    .replace(/<(path|line|rect)([^<>]*?)\saria-label="([^"]*)"([^<>]*?)\/>/g, (_, tag: string, before: string, label: string, after: string) =>
      `<${tag}${before}${after}><title>${label}</title></${tag}>`,
    );
}

/** Geometry attributes whose numbers are rounded: a hundredth of a pixel is below what any screen shows. */
const GEOMETRY = /\s(d|transform|x|y|x1|x2|y1|y2|width|height)="([^"]*)"/g;

/**
 * Rounds coordinates to two decimals (vega writes up to 17 digits), which
 * halves the SVG. Only inside tags: text never changes (vega escapes `<` and
 * `>` everywhere else, so `<…>` is always a tag).
 */
function rounded(svg: string): string {
  return svg.replace(/<[^<>]*>/g, (tag) =>
    tag.replace(GEOMETRY, (_, name: string, value: string) => ` ${name}="${value.replace(/-?\d+\.\d{3,}/g, round2)}"`),
  );
}

function round2(x: string): string {
  const r = Math.round(Number(x) * 100) / 100;
  return String(Object.is(r, -0) ? 0 : r);
}
