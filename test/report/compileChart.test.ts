import { describe, expect, test } from 'vitest';
import { compile, type TopLevelSpec } from 'vega-lite';
import { chartData, DEFAULT_LAYOUT } from '../../src/8-report/chartData.js';
import { etaChartSpec, progressChartSpec, X_MAX_PARAM } from '../../src/8-report/chartSpecs.js';
import { compileChart } from '../../src/8-report/renderSvg.js';
import { stageBands } from '../../src/8-report/stageBands.js';
import { traceView } from '../../src/8-report/TraceView.js';
import { violationLanes, violationLanesSpec } from '../../src/8-report/violationLanes.js';
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

/** A spec without what compileChart fills in: its data and its params' values. */
function shapeOf(spec: TopLevelSpec): string {
  const { datasets: _datasets, params, ...rest } = spec as TopLevelSpec & { datasets?: unknown; params?: Array<{ name: string }> };
  return JSON.stringify([rest, params?.map((p) => p.name)]);
}

describe('compileChart: each chart shape compiled once', () => {
  test('gives what vega-lite compiles from the whole spec, for charts whose shape it compiled for another run', async () => {
    const dir = tmpDir();
    const runs = [
      await runIntended(dir),
      await runPreFix(dir),
      await runDefault(dir, { name: 'shorter', profile: 'intended', stages: { ga: { generations: 3 } } }),
      await runDefault(dir, { name: 'cancelled', profile: 'pre-fix', events: [{ atMs: 120_000, kind: 'cancel' }] }),
    ];
    const specs = runs.flatMap(chartsOf);
    // Runs of other lengths share chart shapes: the filled copy of a shape compiled for one run is what is checked.
    const ends = new Map<string, Set<unknown>>();
    for (const spec of specs) {
      const end = (spec as { params?: Array<{ name: string; value: unknown }> }).params?.find((p) => p.name === X_MAX_PARAM)?.value;
      expect(end).toBeGreaterThan(0);
      ends.set(shapeOf(spec), (ends.get(shapeOf(spec)) ?? new Set()).add(end));
    }
    expect([...ends.values()].some((s) => s.size > 1)).toBe(true);
    for (const spec of specs) expect(await compileChart(spec)).toEqual(compile(spec).spec);
  });
});
