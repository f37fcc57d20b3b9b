import { defaultScenario } from '../../6-formats/scenario/defaults.js';
import type { Scenario } from '../../6-formats/scenario/Scenario.js';
import { runScenario } from '../../4-harness/runScenario.js';
import { checkRun } from '../../5-invariants/checkTrace.js';
import { mockKeyspacesMade } from '../../3-model/redis/RedisBackend.js';

/** What a soak measured: memory and open handles before and after many runs in one process. */
export interface SoakResult {
  readonly runs: number;
  readonly heap_mb_before: number;
  readonly heap_mb_after: number;
  readonly rss_mb_before: number;
  readonly rss_mb_after: number;
  /** Open handles and requests (process.getActiveResourcesInfo) by type. */
  readonly handles_before: Readonly<Record<string, number>>;
  readonly handles_after: Readonly<Record<string, number>>;
  /** Embedded Redis keyspaces ever made: stays 1 when runs do not overlap. */
  readonly keyspaces: number;
}

/** Probes of the process, injected so the core reads no globals of its own. */
export interface SoakProbes {
  readonly heapBytes: () => number;
  readonly rssBytes: () => number;
  readonly handles: () => readonly string[];
  /** Runs a full garbage collection when the process allows it (node --expose-gc). */
  readonly collect: () => void;
}

const MB = 1024 * 1024;

/** Runs the default scenario `runs` times in this process and compares memory and handles before and after. */
export async function runSoak(runs: number, probes: SoakProbes): Promise<SoakResult> {
  const scenario = defaultScenario();
  await runScenario(scenario);
  probes.collect();
  const before = { heap: probes.heapBytes(), rss: probes.rssBytes(), handles: count(probes.handles()) };
  for (let i = 0; i < runs; i++) await checkedRun({ ...scenario, seed: i + 1 });
  probes.collect();
  return {
    runs,
    heap_mb_before: round(before.heap / MB),
    heap_mb_after: round(probes.heapBytes() / MB),
    rss_mb_before: round(before.rss / MB),
    rss_mb_after: round(probes.rssBytes() / MB),
    handles_before: before.handles,
    handles_after: count(probes.handles()),
    keyspaces: mockKeyspacesMade(),
  };
}

/** One run, checked; nothing of it kept (a run held in this loop's frame would count as memory the runs kept). */
async function checkedRun(scenario: Scenario): Promise<void> {
  checkRun(await runScenario(scenario));
}

function count(kinds: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of [...kinds].sort()) out[k] = (out[k] ?? 0) + 1;
  return out;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
