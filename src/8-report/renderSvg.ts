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
 *
 * Each chart shape (the spec without its data and its params' values) is
 * compiled by vega-lite and parsed by vega once: a fresh view of the parse
 * gets this chart's data and values before it first runs, so nothing of an
 * earlier chart carries over. Most of a report's cost was compiling and
 * parsing charts that differ only in their data. It draws the same bytes as
 * the whole spec compiled and parsed with its data inline (renderSvgWhole;
 * a test compares them over scenario and compare charts of runs of several
 * lengths, and the library's pages came out byte-identical).
 */
export async function renderSvg(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const [vega] = await loadLibraries();
  const { shape, datasets, params } = await shapeOf(spec);
  if (!shape.fillable) return renderSvgWhole(spec, idPrefix);
  shape.parsed ??= vega.parse(shape.spec);
  const view = new vega.View(shape.parsed, { renderer: 'none' });
  try {
    for (const d of shape.spec.data ?? []) {
      if ('values' in d && Object.hasOwn(datasets, d.name)) view.data(d.name, datasets[d.name] as object[]);
    }
    for (const signal of shape.spec.signals ?? []) {
      const param = params.find((p) => p.name === signal.name);
      if (param !== undefined && param.select === undefined && 'value' in param && 'value' in signal) view.signal(signal.name, param.value);
    }
    return tidied(await view.toSVG(), idPrefix);
  } finally {
    view.finalize();
  }
}

/** What renderSvg draws, the long way: the whole spec compiled and parsed with its data inline (the tests hold renderSvg to it). */
export async function renderSvgWhole(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const [vega, { compile }] = await loadLibraries();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return tidied(await view.toSVG(), idPrefix);
  } finally {
    view.finalize();
  }
}

type VegaSpec = ReturnType<VegaLite['compile']>['spec'];

/** A compiled chart shape, and vega's parse of it once a chart of it is drawn on this thread. */
interface Shape {
  readonly spec: VegaSpec;
  /**
   * Whether view.data() fills it as inline values would: vega parses inline
   * values by their `format` on loading, which view.data() skips (vega-lite
   * turns a dataset's `format.parse` into transforms, so none has one).
   */
  readonly fillable: boolean;
  parsed: ReturnType<Vega['parse']> | null;
}

interface Param {
  readonly name: string;
  readonly value?: unknown;
  readonly select?: unknown;
}

/**
 * A param as it goes into a shape's key: a value param without its value
 * (renderSvg sets it), any other param (a selection) whole.
 */
function paramShape(p: Param): unknown {
  if (p.select !== undefined) return p;
  const { value: _value, ...rest } = p;
  return { ...rest, valued: 'value' in p };
}

/** JSON.stringify for keys: a number JSON cannot hold (NaN, ±Infinity) stays apart from null. */
function keyOf(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `\u0000${v}` : v));
}

/** Compiled chart shapes (a spec without its data and its params' values), by shape: a few dozen per run of etasim. */
const shapes = new Map<string, Shape>();
const SHAPES_MAX = 200;

/** Shapes compiled here since the last takeNewShapes(), by key; null until keepNewShapes(). */
let fresh: Array<[string, VegaSpec]> | null = null;

/** A compiled chart shape, as one thread hands it to another (see takeNewShapes). */
export type CompiledShape = readonly [key: string, spec: unknown];

function remember(key: string, spec: VegaSpec): Shape {
  if (shapes.size >= SHAPES_MAX) shapes.delete(shapes.keys().next().value!);
  const fillable = (spec.data ?? []).every((d) => !('values' in d) || !('format' in d) || Object.keys(d.format ?? {}).length === 0);
  const shape: Shape = { spec, fillable, parsed: null };
  shapes.set(key, shape);
  return shape;
}

/** Empties this thread's cache of compiled chart shapes (memory back for a long-lived process; a test's fresh start). */
export function forgetShapes(): void {
  shapes.clear();
  if (fresh !== null) fresh = [];
}

/**
 * From now on, takeNewShapes() gives the chart shapes compiled on this
 * thread (a report worker's, which hands them on); `false` stops that.
 */
export function keepNewShapes(keep = true): void {
  fresh = keep ? (fresh ?? []) : null;
}

/**
 * The chart shapes this thread compiled since the last call (none before
 * keepNewShapes()): a report worker hands them to the main thread, which
 * then draws the last reports of a run without compiling them again (about
 * 28 ms each). They are this thread's cached copies: post them (a structured
 * clone), never change them.
 */
export function takeNewShapes(): CompiledShape[] {
  const out = fresh ?? [];
  if (fresh !== null) fresh = [];
  return out;
}

/**
 * Adds shapes another thread compiled (takeNewShapes there) to this
 * thread's cache, as they are: the caller hands them over and keeps no
 * reference. A shape already here stays.
 */
export function addShapes(received: readonly CompiledShape[]): void {
  for (const [key, spec] of received) if (!shapes.has(key)) remember(key, spec as VegaSpec);
}

/** `spec`'s shape, compiled by vega-lite on first use (with empty datasets), and what fills it: its data and its params. */
async function shapeOf(spec: TopLevelSpec): Promise<{ shape: Shape; datasets: Record<string, unknown>; params: readonly Param[] }> {
  const [, { compile }] = await loadLibraries();
  const { datasets = {}, params = [], ...rest } = spec as unknown as { datasets?: Record<string, unknown>; params?: readonly Param[] };
  const names = Object.keys(datasets);
  const key = keyOf([rest, names, params.map(paramShape)]);
  let shape = shapes.get(key);
  if (shape === undefined) {
    // A copy: the compiled spec may share arrays with this spec (inline values), which its caller owns.
    const compiled = structuredClone(compile({ ...spec, datasets: Object.fromEntries(names.map((n) => [n, []])) } as TopLevelSpec).spec);
    shape = remember(key, compiled);
    if (fresh !== null) {
      if (fresh.length >= SHAPES_MAX) fresh.shift();
      fresh.push([key, compiled]);
    }
  }
  return { shape, datasets, params };
}

/** An `id`, or a reference to one. */
const ID_OR_REFERENCE = /(\sid="|url\(#|href="#)([^")]*)/g;

/** Each `id` of `svg` and its new name, `<prefix>-<n>` in order of first appearance. */
function idNames(svg: string, prefix: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]*)"/g)) {
    if (!names.has(m[1]!)) names.set(m[1]!, `${prefix}-${names.size + 1}`);
  }
  return names;
}

/** Vega's ARIA role attributes of an item, which would otherwise repeat on thousands of marks. */
const ROLE = / role="graphics-symbol" aria-roledescription="[a-z ]*"/g;

/** An item with an `aria-label`: vega's rendering of a `description`. */
const LABELLED = /^<(path|line|rect)([^<>]*?)\saria-label="([^"]*)"([^<>]*?)\/>$/;

/** Geometry attributes whose numbers are rounded: a hundredth of a pixel is below what any screen shows. */
const GEOMETRY = /\s(d|transform|x|y|x1|x2|y1|y2|width|height)="([^"]*)"/g;

/**
 * vega's SVG made reproducible, smaller and hoverable, one tag at a time
 * (vega escapes `<` and `>` everywhere else, so `<…>` is always a tag, and
 * text never changes):
 * - every `id`, and each reference to it, renamed `<prefix>-<n>` (idNames);
 * - the ARIA role attributes dropped, and an item's `aria-label` moved into
 *   a `<title>` child, the tooltip a browser shows on hover (the label is
 *   already escaped as an attribute, which is also valid element text);
 * - coordinates rounded to two decimals (vega writes up to 17 digits), which
 *   halves the SVG.
 */
function tidied(svg: string, idPrefix: string): string {
  const names = idNames(svg, idPrefix);
  return svg.replace(/<[^<>]*>/g, (tag) => {
    let t = names.size === 0 ? tag : tag.replace(ID_OR_REFERENCE, (whole, lead: string, name: string) => {
      const to = names.get(name);
      return to === undefined ? whole : lead + to;
    });
    if (t.includes(' role="')) t = t.replace(ROLE, '');
    // The label leaves the tag before its numbers are rounded: a label's text is never read as geometry.
    const labelled = t.includes(' aria-label="') ? LABELLED.exec(t) : null;
    if (labelled === null) return roundedTag(t);
    const [, name, before, label, after] = labelled as unknown as [string, string, string, string, string];
    return `${roundedTag(`<${name}${before}${after}>`)}<title>${label}</title></${name}>`;
  });
}

function roundedTag(tag: string): string {
  return tag.replace(GEOMETRY, (_, name: string, value: string) => ` ${name}="${value.replace(/-?\d+\.\d{3,}/g, round2)}"`);
}

function round2(x: string): string {
  const r = Math.round(Number(x) * 100) / 100;
  return String(Object.is(r, -0) ? 0 : r);
}
