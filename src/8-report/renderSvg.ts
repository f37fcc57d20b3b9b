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

/** Whether `svg[at]` is a character `\s` matches. */
function isSpace(svg: string, at: number): boolean {
  const c = svg.charCodeAt(at);
  return c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(svg[at]!));
}

/** Each `id` of `svg` and its new name, `<prefix>-<n>` in order of first appearance (each `\sid="…"`, left to right). */
function idNames(svg: string, prefix: string): Map<string, string> {
  const names = new Map<string, string>();
  for (let at = svg.indexOf('id="', 1); at >= 0; at = svg.indexOf('id="', at)) {
    if (!isSpace(svg, at - 1)) {
      at += 1;
      continue;
    }
    const end = svg.indexOf('"', at + 4);
    if (end < 0) break;
    const name = svg.slice(at + 4, end);
    if (!names.has(name)) names.set(name, `${prefix}-${names.size + 1}`);
    at = end + 1;
  }
  return names;
}

/** Vega's ARIA role attributes of an item, which would otherwise repeat on thousands of marks. */
const ROLE = / role="graphics-symbol" aria-roledescription="[a-z ]*"/g;

/** An item with an `aria-label`: vega's rendering of a `description`. */
const LABELLED = /^<(path|line|rect)([^<>]*?)\saria-label="([^"]*)"([^<>]*?)\/>$/;

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
 *
 * Written as scans rather than a `replace` per tag, attribute and number
 * (a third of drawing a chart of a thousand marks went to the callbacks);
 * `tidiedByPatterns` in the tests is the same rules as regular expressions,
 * and the two give the same text.
 */
export function tidied(svg: string, idPrefix: string): string {
  const names = idNames(svg, idPrefix);
  let out = '';
  let done = 0;
  // A tag is `<`, then no `<` or `>`, then `>`: what `/<[^<>]*>/g` finds.
  for (let open = svg.indexOf('<'); open >= 0; ) {
    const close = svg.indexOf('>', open + 1);
    if (close < 0) break;
    const inner = svg.indexOf('<', open + 1);
    if (inner >= 0 && inner < close) {
      open = inner;
      continue;
    }
    out += svg.slice(done, open) + tidiedTag(svg.slice(open, close + 1), names);
    done = close + 1;
    open = svg.indexOf('<', done);
  }
  return out + svg.slice(done);
}

function tidiedTag(tag: string, names: ReadonlyMap<string, string>): string {
  let t = tag;
  if (names.size > 0 && (t.includes('id="') || t.includes('url(#') || t.includes('href="#'))) {
    t = t.replace(ID_OR_REFERENCE, (whole, lead: string, name: string) => {
      const to = names.get(name);
      return to === undefined ? whole : lead + to;
    });
  }
  if (t.includes(' role="')) t = t.replace(ROLE, '');
  // The label leaves the tag before its numbers are rounded: a label's text is never read as geometry.
  const labelled = t.includes(' aria-label="') ? LABELLED.exec(t) : null;
  if (labelled === null) return roundedTag(t);
  const [, name, before, label, after] = labelled as unknown as [string, string, string, string, string];
  return `${roundedTag(`<${name}${before}${after}>`)}<title>${label}</title></${name}>`;
}

/** Geometry attributes whose numbers are rounded: a hundredth of a pixel is below what any screen shows. */
const GEOMETRY_NAMES: ReadonlySet<string> = new Set(['d', 'transform', 'x', 'y', 'x1', 'x2', 'y1', 'y2', 'width', 'height']);
const GEOMETRY = /\s(d|transform|x|y|x1|x2|y1|y2|width|height)="([^"]*)"/g;

/** A number with three decimals or more somewhere. */
const LONG_DECIMALS = /\.\d{3}/;
/** White space other than a plain space (vega writes none inside a tag). */
const OTHER_SPACE = /[^\S ]/;

/**
 * `tag` with each geometry attribute (`\s<name>="<value>"`, its name in
 * GEOMETRY_NAMES, left to right) written ` <name>="<value, roundedNumbers>"`.
 */
function roundedTag(tag: string): string {
  if (OTHER_SPACE.test(tag)) return tag.replace(GEOMETRY, (_, name: string, value: string) => ` ${name}="${roundedNumbers(value)}"`);
  // Nothing to round: the tag comes out as it is (its white space is plain spaces already).
  if (!LONG_DECIMALS.test(tag)) return tag;
  let out = '';
  let done = 0;
  for (let space = tag.indexOf(' '); space >= 0; ) {
    let end = space + 1;
    while (end < tag.length && isNameChar(tag, end)) end++;
    const closing = tag.startsWith('="', end) && GEOMETRY_NAMES.has(tag.slice(space + 1, end)) ? tag.indexOf('"', end + 2) : -1;
    if (closing < 0) {
      space = tag.indexOf(' ', space + 1);
      continue;
    }
    out += `${tag.slice(done, space)} ${tag.slice(space + 1, end)}="${roundedNumbers(tag.slice(end + 2, closing))}"`;
    done = closing + 1;
    space = tag.indexOf(' ', done);
  }
  return out + tag.slice(done);
}

/** A lower-case letter or a digit: what a geometry attribute's name is made of. */
function isNameChar(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

function isDigit(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c >= 48 && c <= 57;
}

/** `value` with each number of three or more decimals (`-?\d+\.\d{3,}`, left to right) rounded to two. */
function roundedNumbers(value: string): string {
  let out = '';
  let done = 0;
  for (let at = 0; at < value.length; at++) {
    let i = at;
    if (value[i] === '-') i++;
    if (!isDigit(value, i)) continue;
    while (isDigit(value, i)) i++;
    if (value[i] !== '.') continue;
    const decimals = ++i;
    while (isDigit(value, i)) i++;
    if (i - decimals < 3) continue;
    out += value.slice(done, at) + round2(value.slice(at, i));
    done = i;
    at = i - 1;
  }
  return out + value.slice(done);
}

/**
 * `x` rounded to two decimals, as `String(Math.round(Number(x) * 100) / 100)`
 * prints it (-0 as 0), written from the count of hundredths: the shortest
 * decimal of a hundredth's double is that hundredth itself, whole below
 * 10^15 hundredths. Printing the double was a third of the tidying.
 */
function round2(x: string): string {
  const hundredths = Math.round(Number(x) * 100);
  if (hundredths === 0) return '0';
  const size = Math.abs(hundredths);
  if (!(size < 1e15)) return String(hundredths / 100);
  const whole = Math.floor(size / 100);
  const cents = size - whole * 100;
  const sign = hundredths < 0 ? '-' : '';
  if (cents === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${cents < 10 ? '0' : ''}${cents % 10 === 0 ? cents / 10 : cents}`;
}
