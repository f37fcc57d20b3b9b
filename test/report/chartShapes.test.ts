import { afterEach, describe, expect, test } from 'vitest';
import { compile, type TopLevelSpec } from 'vega-lite';
import { chartData, DEFAULT_LAYOUT } from '../../src/8-report/chartData.js';
import { etaChartSpec, progressChartSpec, timelineLabelLayers, timelineLayers, worstLabelLayers, xEncoding, X_MAX_PARAM } from '../../src/8-report/chartSpecs.js';
import { addShapes, keepNewShapes, renderSvg, renderSvgWhole, takeNewShapes } from '../../src/8-report/renderSvg.js';
import { compareChartData, compareChartSpec } from '../../src/8-report/compareChart.js';
import { compareResults } from '../../src/7-orchestration/compare/compareResults.js';
import { stageBands } from '../../src/8-report/stageBands.js';
import { traceView } from '../../src/8-report/TraceView.js';
import { violationLanes, violationLanesSpec } from '../../src/8-report/violationLanes.js';
import { scenarioTimeline, transitionEvent } from '../../src/8-report/timeline.js';
import type { ScenarioResult } from '../../src/7-orchestration/suite/ScenarioResult.js';
import { runDefault, runIntended, runPreFix, tmpDir } from './helpers.js';

/** Every chart a scenario page draws, as renderTraceReport builds them. */
function chartsOf(result: ScenarioResult): TopLevelSpec[] {
  const run = result.run!;
  const view = traceView(run.trace);
  const data = chartData(view, result.violations, stageBands(view, run.spans), DEFAULT_LAYOUT);
  const lanes = violationLanesSpec(violationLanes(result.violations, view.job.startS), data.xMaxS, data.styles, DEFAULT_LAYOUT);
  return [progressChartSpec(data, DEFAULT_LAYOUT), etaChartSpec(data, DEFAULT_LAYOUT), ...(lanes ? [lanes] : [])];
}

/** A spec without what renderSvg fills in: its data and its params' values. */
function shapeOf(spec: TopLevelSpec): string {
  const { datasets: _datasets, params, ...rest } = spec as TopLevelSpec & { datasets?: unknown; params?: Array<{ name: string }> };
  return JSON.stringify([rest, params?.map((p) => p.name)]);
}

describe('renderSvg: each chart shape compiled and parsed once', () => {
  test('draws the bytes the whole spec compiled and parsed afresh draws, for scenario and compare charts whose shape it drew for another run', async () => {
    const dir = tmpDir();
    const runs = [
      await runIntended(dir),
      await runPreFix(dir),
      await runDefault(dir, { name: 'shorter', profile: 'intended', stages: { ga: { generations: 3 } } }),
      await runDefault(dir, { name: 'cancelled', profile: 'pre-fix', events: [{ atMs: 120_000, kind: 'cancel' }] }),
    ];
    // Compare pages: a tracker against the pre-fix code on two run lengths.
    const pairs = [
      [await runDefault(dir, { name: 'pair', profile: 'intended' }), await runDefault(dir, { name: 'pair', profile: 'pre-fix' })],
      [await runDefault(dir, { name: 'short', profile: 'intended', stages: { ga: { generations: 3 } } }), await runDefault(dir, { name: 'short', profile: 'pre-fix', stages: { ga: { generations: 3 } } })],
    ] as const;
    const compared = pairs.map(([b, c]) => compareResults([b], [c], { baseline: 'builtin', candidate: 'pre-fix', toleranceS: 5, cwd: dir }).scenarios[0]!);
    const specs = [...runs.flatMap(chartsOf), ...compared.map((c) => compareChartSpec(compareChartData(c)))];
    // Runs of other lengths share chart shapes: a shape compiled and parsed for one run, filled with another's data, is what is checked.
    const ends = new Map<string, Set<unknown>>();
    for (const spec of specs) {
      const end = (spec as { params?: Array<{ name: string; value: unknown }> }).params?.find((p) => p.name === X_MAX_PARAM)?.value;
      expect(end).toBeGreaterThan(0);
      ends.set(shapeOf(spec), (ends.get(shapeOf(spec)) ?? new Set()).add(end));
    }
    expect([...ends.values()].some((s) => s.size > 1)).toBe(true);
    for (const spec of specs) expect(await renderSvg(spec, 'c')).toBe(await renderSvgWhole(spec, 'c'));
  });
});

describe('renderSvg: what is not a shape', () => {
  const base = {
    datasets: { points: [{ a: 1, b: 2 }] },
    data: { name: 'points' },
    mark: 'point',
    encoding: { x: { field: 'a', type: 'quantitative', scale: { domain: [0, { expr: 'top' }] } }, y: { field: 'b', type: 'quantitative' } },
  };
  const specs = [
    { ...base, params: [{ name: 'top', value: 5 }] },
    { ...base, params: [{ name: 'top', expr: '7' }] },
    { ...base, params: [{ name: 'top', value: 9 }, { name: 'pick', select: 'point', value: [{ a: 1 }] }] },
    { ...base, params: [{ name: 'top', value: 9 }, { name: 'pick', select: 'point', value: [{ a: 2 }] }] },
    { ...base, params: [{ name: 'top', value: 5 }], width: Number.NaN },
    { ...base, params: [{ name: 'top', value: 5 }], width: null },
    // A dataset read with a format: vega-lite parses it in transforms, which the filled view runs too.
    { ...base, datasets: { points: [{ a: '1', b: '2' }] }, data: { name: 'points', format: { parse: { a: 'number', b: 'number' } } }, params: [{ name: 'top', value: 5 }] },
  ] as unknown as TopLevelSpec[];

  test('a param without a value, a selection param and a number JSON cannot hold each draw as themselves', async () => {
    for (const spec of [...specs, ...specs]) expect(await renderSvg(spec, 'p')).toBe(await renderSvgWhole(spec, 'p'));
  });
});

describe('compiled shapes handed from one thread to another', () => {
  const spec = (top: number, points: object[], width = 211) =>
    ({
      width,
      datasets: { handed: points },
      data: { name: 'handed' },
      params: [{ name: 'handed_top', value: top }],
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative', scale: { domain: [0, { expr: 'handed_top' }] } } },
    }) as unknown as TopLevelSpec;

  afterEach(() => keepNewShapes(false));

  test('takeNewShapes gives each shape compiled since the last call once (none unless keepNewShapes)', async () => {
    keepNewShapes(false);
    await renderSvg(spec(3, [{ a: 1 }], 111), 'h');
    expect(takeNewShapes()).toEqual([]);
    keepNewShapes();
    await renderSvg(spec(3, [{ a: 1 }]), 'h');
    await renderSvg(spec(4, [{ a: 2 }]), 'h');
    const taken = takeNewShapes();
    expect(taken).toHaveLength(1);
    // As vega-lite compiled it: drawing it (vega's parse, two views) changed nothing in it.
    expect(taken[0]![1]).toEqual(compile(spec(3, [])).spec);
    expect(takeNewShapes()).toEqual([]);
  });

  test("a shape another thread compiled is used as it came (filled with this chart's data and values), never compiled again", async () => {
    keepNewShapes();
    takeNewShapes();
    await renderSvg(spec(3, [{ a: 1 }], 311), 'h');
    type Compiled = { background?: string; data: Array<{ name: string; values?: unknown }>; signals: Array<{ name: string; value?: unknown }> };
    const [[key, compiled]] = takeNewShapes() as [[string, Compiled]];
    // A stand-in shape under a key not in the cache (another chart width): what addShapes filed is what renderSvg draws.
    const otherKey = key.replace('311', '312');
    expect(otherKey).not.toBe(key);
    const standIn = { ...compiled, background: '#123456', data: compiled.data.map((d) => ({ ...d })), signals: compiled.signals.map((s) => ({ ...s })) };
    addShapes([[otherKey, standIn]]);
    const other = spec(7, [{ a: 5 }, { a: 6 }], 312);
    const drawn = await renderSvg(other, 'h');
    expect(drawn).toContain('#123456');
    // This chart's data and param's value, on the stand-in's own axis (compiled 311 px wide): 0 to 7 across 311 px.
    expect(drawn).toContain(`translate(${Math.round((5 / 7) * 311 * 100) / 100},`);
    expect(drawn).toContain(`translate(${Math.round((6 / 7) * 311 * 100) / 100},`);
    expect(takeNewShapes()).toEqual([]);
    // A shape already here stays: the first one filed under a key wins.
    addShapes([[otherKey, { ...standIn, background: '#654321' }]]);
    expect(await renderSvg(other, 'h')).toBe(drawn);
  });

  test('a shape whose inline data vega would parse by a format is drawn the long way, whole', async () => {
    keepNewShapes();
    takeNewShapes();
    await renderSvg(spec(3, [{ a: 1 }], 411), 'h');
    type Compiled = { background?: string; data: Array<{ name: string; values?: unknown; format?: unknown }> };
    const [[key, compiled]] = takeNewShapes() as [[string, Compiled]];
    const otherKey = key.replace('411', '412');
    const formatted = { ...compiled, background: '#abcdef', data: compiled.data.map((d) => (d.name === 'handed' ? { ...d, format: { type: 'json', parse: { a: 'number' } } } : d)) };
    addShapes([[otherKey, formatted]]);
    const other = spec(7, [{ a: '5' }], 412);
    const drawn = await renderSvg(other, 'h');
    expect(drawn).not.toContain('#abcdef');
    expect(drawn).toBe(await renderSvgWhole(other, 'h'));
  });
});

/** What a chart draws: its size and its marks' tags in any order (clip-path ids aside), without the groups around them. */
function marksOf(svg: string): { svg: string | undefined; marks: string[] } {
  const marks = [...svg.replace(/clip-path="url\(#[^)]*\)"/g, 'clip-path').matchAll(/<(?:path|line|rect|text|title)\b[^>]*>(?:[^<]*<\/text>)?/g)].map((m) => m[0]);
  return { svg: /<svg[^>]*>/.exec(svg)?.[0], marks: marks.sort() };
}

describe('charts leave out the layers with nothing to draw', () => {
  type Layered = { datasets: Record<string, unknown[]>; layer: Array<{ data: { name: string }; encoding: { y?: { field?: string } } }> };

  test('every dataset is drawn and every layer drawn has rows; adding back the empty ones (events, their labels, the worst labels) draws the same marks in the same frame', async () => {
    const dir = tmpDir();
    const [intended, preFix] = [await runIntended(dir), await runPreFix(dir)];
    const pair = [await runDefault(dir, { name: 'pair', profile: 'intended' }), await runDefault(dir, { name: 'pair', profile: 'pre-fix' })] as const;
    const compared = compareResults([pair[0]], [pair[1]], { baseline: 'builtin', candidate: 'pre-fix', toleranceS: 5, cwd: dir }).scenarios[0]!;
    const specs = [...chartsOf(intended), ...chartsOf(preFix), compareChartSpec(compareChartData(compared))] as unknown as Layered[];
    let added = 0;
    for (const spec of specs) {
      for (const l of spec.layer) expect(spec.datasets[l.data.name]?.length ?? 0, l.data.name).toBeGreaterThan(0);
      for (const name of Object.keys(spec.datasets)) expect(spec.layer.some((l) => l.data.name === name), name).toBe(true);
      const y = spec.layer.find((l) => l.encoding.y?.field === 'y')?.encoding.y;
      const optional = [...timelineLayers(xEncoding), ...timelineLabelLayers(xEncoding), ...(y ? worstLabelLayers(xEncoding, y) : [])] as Layered['layer'];
      const empty = optional.filter((l) => !(l.data.name in spec.datasets));
      added += empty.length;
      const full = { ...spec, datasets: { ...spec.datasets, ...Object.fromEntries(empty.map((l) => [l.data.name, []])) }, layer: [...spec.layer, ...empty] };
      const [drawn, whole] = [await renderSvg(spec as unknown as TopLevelSpec, 'c'), await renderSvg(full as unknown as TopLevelSpec, 'c')];
      expect(marksOf(drawn)).toEqual(marksOf(whole));
      expect(marksOf(drawn).marks.length).toBeGreaterThan(0);
    }
    // The intended run names no violation: its worst-label layers were left out, among others.
    expect(added).toBeGreaterThan(specs.length * 4);
  });
});

describe('every row of a chart is drawn once', () => {
  /** How many `<tag` items the mark group of layer `name` holds (0 when the layer was left out). */
  function items(svg: string, name: string, tag: string): number {
    const group = new RegExp(`<g class="mark-[a-z]+ role-mark ${name}_marks"[^>]*?(/>|>([\\s\\S]*?)</g>)`).exec(svg);
    return group === null ? 0 : (group[2] ?? '').split(`<${tag} `).length - 1;
  }

  test('each event as a rule or a window, its label and halo; each ring, off-scale point and worst label, on both charts', async () => {
    const dir = tmpDir();
    const runs = [
      await runPreFix(dir),
      await runIntended(dir),
      await runDefault(dir, { name: 'faults', profile: 'pre-fix', events: [{ atMs: 120_000, kind: 'cancel' }] }),
    ];
    let events = 0;
    let labels = 0;
    for (const result of runs) {
      const run = result.run!;
      const view = traceView(run.trace);
      const bands = stageBands(view, run.spans);
      const timeline = [...scenarioTimeline(result), ...(transitionEvent(view, bands) ? [transitionEvent(view, bands)!] : [])];
      const data = chartData(view, result.violations, bands, DEFAULT_LAYOUT, timeline);
      for (const [spec, s] of [[progressChartSpec(data, DEFAULT_LAYOUT), data.progress], [etaChartSpec(data, DEFAULT_LAYOUT), data.eta]] as const) {
        const svg = await renderSvg(spec, 'rows');
        const instants = data.timeline.filter((e) => e.to_s === e.from_s).length;
        expect(items(svg, 'timeline_instants', 'line')).toBe(instants);
        expect(items(svg, 'timeline_windows', 'path')).toBe(data.timeline.length - instants);
        for (const halo of ['', '_halo']) {
          expect(items(svg, `event_label${halo}_left`, 'text') + items(svg, `event_label${halo}_right`, 'text')).toBe(data.timeline.length);
        }
        expect(items(svg, 'rings', 'path')).toBe(s.worstRings.length);
        expect(items(svg, 'off_scale', 'path')).toBe(s.offScale.length);
        const worst = ['AboveLeft', 'AboveRight', 'BelowLeft', 'BelowRight'].reduce((n, place) => n + items(svg, `worst_label_labels${place}`, 'text'), 0);
        expect(worst).toBe(s.worst.length);
        events += data.timeline.length;
        labels += s.worst.length;
      }
    }
    // The runs have events (the transition, the cancel, the end) and worst labels to draw.
    expect(events).toBeGreaterThan(6);
    expect(labels).toBeGreaterThan(0);
  });
});

describe('renderSvg: vega SVG tidied', () => {
  test("a mark's description becomes its <title>, and its text is never read as geometry (a label ending in ' x=')", async () => {
    const spec = {
      width: 333,
      height: 77,
      datasets: { rules: [{ at: 1.2345678, title: 'stage error at 1.2 s: worker crashed x=' }, { at: 2.3456789, title: 'plain' }] },
      data: { name: 'rules' },
      mark: { type: 'rule', aria: true },
      encoding: { x: { field: 'at', type: 'quantitative', scale: { domain: [0, 3.3333333] } }, description: { field: 'title', type: 'nominal' } },
    } as unknown as TopLevelSpec;
    const svg = await renderSvg(spec, 'tidy');
    expect(svg).toContain('<title>stage error at 1.2 s: worker crashed x=</title>');
    expect(svg).not.toMatch(/<line[^>]*aria-label/);
    for (const m of svg.matchAll(/\s(?:d|transform|x|y|x1|x2|y1|y2|width|height)="([^"]*)"/g)) expect(m[1], m[0]).not.toMatch(/\d\.\d{3,}/);
  });
});
