import { defaultScenario, DEFAULT_STAGES } from '../../6-formats/scenario/defaults.js';
import type { Scenario } from '../../6-formats/scenario/Scenario.js';
import { runScenario } from '../../4-harness/runScenario.js';
import { checkRun } from '../../5-invariants/checkTrace.js';
import { DEFAULT_TRACKER_CONFIG } from '../../3-model/tracker/TrackerConfig.js';

/** One measured point: a variant of the default scenario and what a full run of it costs. */
export interface ScalingPoint {
  readonly axis: 'run length' | 'tick rate' | 'clusters';
  readonly variant: string;
  readonly simulated_s: number;
  readonly trace_events: number;
  readonly ms_per_run: number;
}

/** No step times out in a scaling variant: a long CP-SAT must run to its end, not stop at 900 s. */
const NO_TIMEOUT_MS = 24 * 3600 * 1000;

/** The variants measured: run length (every duration scaled), the tracker's tick, CP-SAT's cluster count. */
function variants(): Array<[ScalingPoint['axis'], string, Scenario]> {
  const out: Array<[ScalingPoint['axis'], string, Scenario]> = [];
  for (const factor of [0.5, 1, 2, 4]) {
    const d = DEFAULT_STAGES;
    out.push([
      'run length',
      `durations ×${factor}`,
      defaultScenario({
        stepTimeoutMs: NO_TIMEOUT_MS,
        stages: {
          loadData: { durationMs: d.loadData.durationMs * factor },
          clustering: { durationMs: d.clustering.durationMs * factor },
          cpsat: { clusters: Math.round(d.cpsat.clusters * factor) },
          ga: { generations: Math.round(d.ga.generations * factor) },
        },
      }),
    ]);
  }
  for (const tickMs of [1000, 500, 250, 100]) {
    out.push(['tick rate', `tick ${tickMs} ms`, defaultScenario({ tracker: { ...DEFAULT_TRACKER_CONFIG, tickMs } })]);
  }
  for (const clusters of [100, 300, 1000, 3000]) {
    out.push(['clusters', `${clusters} clusters`, defaultScenario({ stepTimeoutMs: NO_TIMEOUT_MS, stages: { cpsat: { clusters, clusterMs: { kind: 'fixed', ms: 1500 } } } })]);
  }
  return out;
}

/** Measures each variant over `runs` full runs (simulation, embedded Redis, recorder, observers, invariants). */
export async function runScaling(runs: number, nowMs: () => number): Promise<ScalingPoint[]> {
  const points: ScalingPoint[] = [];
  // Warm the JIT on the default scenario first, so the first variant is not charged for it.
  for (let i = 0; i < 5; i++) await runScenario(defaultScenario());
  for (const [axis, variant, scenario] of variants()) {
    const first = await runScenario(scenario);
    const start = nowMs();
    for (let i = 0; i < runs; i++) checkRun(await runScenario(scenario));
    points.push({
      axis,
      variant,
      simulated_s: Math.round(first.simulatedMs / 1000),
      trace_events: first.trace.length,
      ms_per_run: Math.round(((nowMs() - start) / runs) * 100) / 100,
    });
  }
  return points;
}
